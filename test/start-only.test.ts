// The build lets the board free the app's start-only functions (tools/start-only.ts).
import { test } from "node:test";
import assert from "node:assert/strict";
import { startOnlyFunctions, freeStartOnly } from "../tools/start-only";
import { buildApp } from "./tools/app-bundle";
import { runApp, respond, httpResponse, type VirtualClock } from "../sim/index";

test("a top-level function is start-only when only load-time code names it", () => {
  const cases: [string, string[]][] = [
    // Called at the top level, from a start-only function's body, from an IIFE at load: start-only.
    ["function make(x){return function(){return x}}function start(){return make(1)}var app=start();", ["make", "start"]],
    ["function make(){return 1}var a=function(){return make()}();", ["make"]],
    // Named inside a function that may run later (a callback, a closure it returns): kept.
    ["function tick(){return 1}setTimeout(function(){tick()},10);", []],
    ["function f(){return 1}function make(){return function(){return f()}}var g=make();", ["make"]],
    // A recursive start-only function stays start-only; one a later callback names does not.
    ["function walk(n){return n?walk(n-1):0}var w=walk(3);", ["walk"]],
    // A local of the same name is not a use (the minifier reuses short names everywhere).
    ["function n(){return 1}var x=n();setTimeout(function(n){return n+1},1);", ["n"]],
    // A caught error's name holds in its block only: a use after it still counts.
    ["function n(){return 1}var x=n();setTimeout(function(){try{}catch(n){}n()},1);", []],
    // Declared but never named: nothing to free.
    ["function unused(){}var z=1;", []],
  ];
  for (const [code, expected] of cases) assert.deepEqual(startOnlyFunctions(code).sort(), expected.sort(), code);
  assert.equal(freeStartOnly("function tick(){}setTimeout(function(){tick()},1);"), "function tick(){}setTimeout(function(){tick()},1);");
  // Handed over as a value at load, it lives on with the timer; only the name goes.
  assert.equal(freeStartOnly("function tick(){}setTimeout(tick,1);"), "function tick(){}setTimeout(tick,1);tick=void 0;");
  assert.match(freeStartOnly("function a(){return 1}var b=a();"), /;a=void 0;$/);
});

test("the built app drops its start-only functions once started, and works on", async () => {
  const board = "espruino-wifi";
  const { code, storage } = await buildApp(board, { url: "http://example.com/", ssid: "home", password: "long-enough", printBody: 0, intervalMs: 60000 });
  const last = /;([\w$]+(?:=[\w$]+)*)=void 0;$/.exec(code);
  assert.ok(last, "the bundle ends by letting its start-only functions go");
  const names = last![1].split("=");
  // The WiFi's, the LED's and the status light's factories at least.
  assert.ok(names.length >= 3, names.join(" "));
  const run = runApp({ code, storage, board, servers: { "example.com:80": respond(httpResponse("hi")) }, wifi: { ip: "192.168.1.50" } });
  (run.clock as VirtualClock).advance(200000);
  assert.equal(run.crashed, null);
  const ctx = run.app.context as Record<string, unknown>;
  for (const n of names) assert.equal(ctx[n], undefined, n);
  assert.equal(run.printed.filter((l) => l.indexOf("DONE 200") === 0).length, 4, run.printed.join("\n"));
});
