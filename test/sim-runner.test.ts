// The runner: ES5 code, as uploaded, in a context whose globals are
// Espruino's. Small hand-written programs stand in for build/app.js here.

import { test } from "node:test";
import assert from "node:assert/strict";
import { runApp, respond, httpResponse, silent, VirtualClock, RealClock } from "../sim/index";
import { startRealServer } from "./tools/sim-scenarios";
import { checkBundle } from "../tools/check-bundle";
import { MISSING_GLOBALS, MISSING_MEMBERS, MISSING_METHODS } from "../board/espruino-lacks";

const GET = 'var s = require("net").connect({host: "example.com", port: 80}, function () {' +
  ' s.write("GET / HTTP/1.1\\r\\nHost: example.com\\r\\n\\r\\n"); });' +
  ' s.on("data", function (d) { print(d.split("\\r\\n")[0]); });' +
  ' s.on("close", function () { LED1.write(1); setTimeout(function () { LED1.write(0); }, 150); });';

function vclock(run: { clock: unknown }): VirtualClock {
  return run.clock as VirtualClock;
}

test("only Espruino's globals: no Node, no Map/Set/Symbol, missing modules throw like Espruino", () => {
  const run = runApp({
    board: "linux",
    code: 'print(typeof Buffer, typeof setImmediate, typeof Map, typeof Symbol, typeof Object.freeze, typeof process.memory, typeof E.on, typeof getTime);' +
      'try { require("fs"); } catch (e) { print(e.message, e instanceof Error); }',
  });
  assert.deepEqual(run.printed, ["undefined undefined undefined undefined undefined function function function", "Module fs not found true"]);
});

test("what Espruino lacks, one table: refused by the bundle check, and undefined in the simulation where V8 lets it go", () => {
  const members = Object.keys(MISSING_MEMBERS).flatMap((g) => MISSING_MEMBERS[g].map((m) => [g, m]));
  const names = [...MISSING_GLOBALS, ...members.map(([g, m]) => `${g}.${m}`), ...MISSING_METHODS.map((m) => `({}).${m}`)];
  for (const n of names) assert.equal(checkBundle(`var x = ${n};`, "sample.js").length, 1, n);
  // Number's constants cannot be deleted (not configurable): only the check stops those.
  const fixed = new Set(members.filter(([g, m]) => !Object.getOwnPropertyDescriptor((globalThis as unknown as Record<string, object>)[g], m)!.configurable).map(([g, m]) => `${g}.${m}`));
  assert.deepEqual([...fixed], ["Number.MAX_SAFE_INTEGER", "Number.MIN_SAFE_INTEGER", "Number.EPSILON"]);
  const removable = names.filter((n) => !fixed.has(n));
  const run = runApp({ board: "linux", code: `print([${removable.map((n) => `typeof ${n}`).join(", ")}].join(" "));` });
  assert.equal(run.printed[0], removable.map(() => "undefined").join(" "));
});

test("require per board: tls only with TLS firmware, Wifi only with built-in WiFi, the AT module on the AT board", () => {
  const probe = 'var r = []; ["net", "tls", "Wifi", "ESP8266WiFi_0v25"].forEach(function (m) {' +
    ' try { require(m); r.push(m); } catch (e) { r.push("-"); } }); print(r.join(" "));';
  const seen = (board: string, firmware?: { net?: boolean; tls?: boolean }) => runApp({ board, code: probe, firmware }).printed[0];
  assert.equal(seen("espruino-wifi"), "net tls Wifi -");
  assert.equal(seen("esp32"), "net - Wifi -");
  assert.equal(seen("esp8266"), "net - Wifi -");
  assert.equal(seen("pico-esp8266"), "net tls - ESP8266WiFi_0v25");
  assert.equal(seen("linux"), "net tls - -");
  assert.equal(seen("linux", { net: false }), "- - - -", "an RP2040-style build without networking");
  assert.equal(seen("espruino-wifi", { tls: false }), "net - Wifi -");
});

test("a GET on Espruino for Linux: the server sees the bytes, the app prints, the LED blinks once", () => {
  const run = runApp({ board: "linux", code: GET, servers: { "example.com:80": respond(httpResponse("hi")) } });
  vclock(run).runUntilIdle();
  assert.deepEqual(run.printed, ["HTTP/1.1 200 OK"]);
  assert.equal((run.net as { connections: { received: string }[] }).connections[0].received, "GET / HTTP/1.1\r\nHost: example.com\r\n\r\n");
  assert.equal(run.blinks(), 1);
  assert.deepEqual(run.ledStates(), [{ t: 2, on: true }, { t: 152, on: false }]);
  assert.equal(run.stats().liveTimers, 0);
  assert.equal(run.stats().openSockets, 0);
});

test("built-in WiFi not joined yet: connect throws 'Not connected to the internet' in the app's realm", () => {
  const run = runApp({
    board: "esp32",
    code: 'try { require("net").connect({host: "example.com", port: 80}, function () {}); } catch (e) { print(e.message, e instanceof Error); }',
    servers: { "example.com:80": silent() },
  });
  assert.deepEqual(run.printed, ["Not connected to the internet true"]);
});

test("WiFi joins per the script, then the request goes out", () => {
  const code = 'require("Wifi").connect("home", {password: "pw"}, function (err) { print("wifi", err); if (!err) {' + GET + "} });";
  const run = runApp({ board: "esp8266", code, wifi: { joinMs: 3000 }, servers: { "example.com:80": respond(httpResponse("")) }, led: "D2" });
  vclock(run).runUntilIdle();
  assert.deepEqual(run.printed, ["wifi null", "HTTP/1.1 200 OK"]);
  assert.equal(run.app.console.lines[0].t, 3000);
});

test("socket.on('connect') halts the run as the real interpreter's ASSERT would", () => {
  const run = runApp({
    board: "linux",
    code: 'var s = require("net").connect({host: "h", port: 80}, function () {}); s.on("connect", function () {}); print("after");',
    servers: { "h:80": silent() },
  });
  assert.match(run.crashed || "", /crashes Espruino/);
  assert.deepEqual(run.printed, []);
  vclock(run).runUntilIdle();
  assert.equal(vclock(run).pending(), 0);
});

test("an exception in a callback is reported and the interpreter carries on", () => {
  const run = runApp({ board: "linux", code: 'setTimeout(function () { null.x; }, 10); setTimeout(function () { print("still here"); }, 20);' });
  vclock(run).runUntilIdle();
  assert.equal(run.uncaught.length, 1);
  assert.match(run.uncaught[0], /^Uncaught TypeError/);
  assert.deepEqual(run.printed, ["still here"]);
  assert.equal(run.crashed, null);
});

test("stats: a leaking interval shows in live timers and memory; the listeners too", () => {
  const run = runApp({
    board: "espruino-wifi",
    code: 'var kept = []; setInterval(function () { kept.push("0123456789012345678901234567890123456789"); setTimeout(function () {}, 1e9); }, 1000);',
  });
  const before = run.stats();
  vclock(run).advance(10000);
  const after = run.stats();
  assert.equal(before.liveTimers, 1);
  assert.equal(after.liveTimers, 11);
  assert.ok(after.memory.free < before.memory.free - 10 * 6, `free ${before.memory.free} -> ${after.memory.free}`);
  assert.equal(after.memory.total, 8190);
});

test("save() runs after the current code: 'kill', then 'init' and onInit as at a boot", () => {
  const code = 'E.on("kill", function () { print("kill"); }); E.on("init", function () { print("init"); });' +
    ' function onInit() { print("onInit"); } save(); print("after save()");';
  const run = runApp({ board: "linux", code });
  vclock(run).runUntilIdle();
  assert.deepEqual(run.printed, ["after save()", "kill", "init", "onInit"]);
  assert.equal(run.app.saves.calls.length, 1);
});

test("power cycle: sockets vanish silently, WiFi is down, E 'init' and onInit run", () => {
  const code = 'var boots = 0; E.on("init", function () { boots++; print("init " + boots); });' +
    ' function onInit() { print("onInit"); } save();' +
    ' var s = require("net").connect({host: "h", port: 80}, function () {}); s.on("close", function () { print("closed"); });';
  const run = runApp({ board: "linux", code, servers: { "h:80": silent() } });
  vclock(run).advance(10);
  assert.equal(run.stats().openSockets, 1);
  assert.deepEqual(run.printed, ["init 1", "onInit"], "save() boots the saved state once");
  run.powerCycle();
  vclock(run).runUntilIdle();
  assert.deepEqual(run.printed, ["init 1", "onInit", "init 2", "onInit"]);
  assert.equal(run.stats().openSockets, 0);
  assert.equal(run.app.saves.calls.length, 1);
});

test("power cycle with keepTimers false drops the app's timers", () => {
  const run = runApp({ board: "linux", code: 'setTimeout(function () { print("late"); }, 1000);' });
  run.powerCycle({ keepTimers: false });
  vclock(run).runUntilIdle();
  assert.deepEqual(run.printed, []);
});

test("Modules.addCached(name, source) then require(name) in the app", () => {
  const run = runApp({ board: "linux", code: 'Modules.addCached("greet", "exports.hi = function () { return \\"hi\\"; };"); print(require("greet").hi());' });
  assert.deepEqual(run.printed, ["hi"]);
});

test("require(name) runs a Storage file of that name once, as Espruino does; a function given to addCached is the module's text", () => {
  const run = runApp({ board: "linux", code: 'require("Storage").write("cnt", "var n = 0; exports.next = function () { return ++n; };");' +
    ' print(require("cnt").next(), require("cnt").next()); Modules.addCached("fn", function () { exports.v = 7; }); print(require("fn").v);' +
    ' try { require("absent"); } catch (e) { print(e.message); }' });
  assert.deepEqual(run.printed, ["1 2", "7", "Module absent not found"]);
});

test("the AT board: Serial2 setup is recorded and the module answers through the app's context", () => {
  const code = 'Serial2.setup(115200, {rx: A3, tx: A2}); var w = require("ESP8266WiFi_0v25").connect(Serial2, function (e) {' +
    ' print("module", e); w.connect("home", "pw", function (e2) { print("join", e2); }); });';
  const run = runApp({ board: "pico-esp8266", code });
  vclock(run).runUntilIdle();
  assert.deepEqual(run.printed, ["module null", "join null"]);
  assert.equal(run.serials.Serial2.setups[0].baud, 115200);
  assert.deepEqual(run.radio.steps.map((s) => s.text), ["AT module reset on Serial2", "AT module ready", 'joining "home"', "joined, IP 192.168.1.42"]);
});

test("bridged backend: the same app code against a real 127.0.0.1 server", async () => {
  const server = await startRealServer((c) => c.end("HTTP/1.1 204 No Content\r\n\r\n"));
  try {
    const clock = new RealClock();
    const code = GET.split("example.com").join("127.0.0.1").replace("port: 80", `port: ${server.port}`);
    const run = runApp({ board: "linux", code, clock, backend: "bridged" });
    await new Promise<void>((r) => {
      const poll = () => (run.ledTimeline().length >= 2 ? r() : setTimeout(poll, 10));
      poll();
    });
    assert.deepEqual(run.printed, ["HTTP/1.1 204 No Content"]);
    assert.equal(server.received[0], "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    assert.equal(run.blinks(), 1);
  } finally {
    await server.close();
  }
});
