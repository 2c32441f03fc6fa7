import { test } from "node:test";
import assert from "node:assert/strict";
import {
  VirtualClock, EspruinoConsole, SimModules, SimE, formatValue, memoryReport, usedBlocks, jsonChars, codeBlocks,
  TIMER_BLOCKS, SOCKET_BLOCKS, LISTENER_BLOCKS,
} from "../sim/index";

test("print joins its arguments with spaces, one line per call, with the time", () => {
  const clock = new VirtualClock();
  const out = new EspruinoConsole(clock);
  out.print("a", 1, true, { x: [1] }, null, undefined);
  clock.advance(5);
  out.print("HTTP/1.1 200 OK");
  assert.deepEqual(out.printed, ['a 1 true {"x":[1]} null undefined', "HTTP/1.1 200 OK"]);
  assert.deepEqual(out.lines.map((l) => l.t), [0, 5]);
});

test("uncaught exceptions are reported like the interpreter does, apart from prints", () => {
  const out = new EspruinoConsole(new VirtualClock());
  const e = new Error("boom");
  e.name = "InternalError";
  out.uncaughtError(e);
  out.uncaughtError("plain");
  assert.deepEqual(out.uncaught, ["Uncaught InternalError: boom", "Uncaught plain"]);
  assert.deepEqual(out.printed, []);
});

test("formatValue: strings raw, values as Espruino shows them", () => {
  assert.equal(formatValue("x\r\ny"), "x\r\ny");
  assert.equal(formatValue(12.5), "12.5");
  assert.equal(formatValue([1, "a"]), '[1,"a"]');
});

test("Modules.addCached takes source text (or a function), not an object", () => {
  const mods = new SimModules((_name, src) => {
    const module = { exports: {} };
    return new Function("exports", "module", src + "\nreturn module.exports;")(module.exports, module);
  });
  mods.addCached("m", "module.exports = { v: 42 };");
  assert.deepEqual(mods.get("m"), { v: 42 });
  // As on 2v29 (measured): the function's body runs as the module's text.
  mods.addCached("f", function () {
    (exports as { w: number }).w = 1;
  });
  assert.deepEqual(mods.get("f"), { w: 1 });
  assert.throws(() => mods.addCached("o", { v: 1 }), /source as a string/);
  assert.deepEqual(mods.getCached(), ["m", "f"]);
  mods.removeCached("m");
  assert.equal(mods.has("m"), false);
});

test("E: init handlers, watchdog kicks counted", () => {
  const E = new SimE();
  const log: string[] = [];
  E.on("init", () => log.push("init"));
  E.emit("init");
  E.kickWatchdog();
  // Apps keep it as a plain function (dev.kick = E.kickWatchdog).
  const kick = E.kickWatchdog;
  kick();
  assert.deepEqual(log, ["init"]);
  assert.equal(E.kicks, 2);
  assert.equal(E.listenerCount(), 1);
});

test("process.memory() moves with timers, sockets, listeners and retained globals", () => {
  const base = { codeBlocks: 100, timers: 0, sockets: 0, listeners: 0, globalChars: 0 };
  const idle = memoryReport(8190, base);
  assert.equal(idle.usage, 100);
  assert.equal(idle.free, 8090);
  assert.equal(idle.total, 8190);
  assert.equal(usedBlocks({ ...base, timers: 1 }) - usedBlocks(base), TIMER_BLOCKS);
  assert.equal(usedBlocks({ ...base, sockets: 1 }) - usedBlocks(base), SOCKET_BLOCKS);
  assert.equal(usedBlocks({ ...base, listeners: 2 }) - usedBlocks(base), 2 * LISTENER_BLOCKS);
  assert.equal(usedBlocks({ ...base, globalChars: jsonChars([["x".repeat(116)]]) }) - usedBlocks(base), 10);
  assert.equal(memoryReport(100, { ...base, codeBlocks: 1000 }).free, 0, "never negative");
});

test("code from flash costs its functions; typed into RAM, its text", () => {
  const code = "function a(x){return x}var b=function(){return 'function'.length+" + '"' + "y".repeat(200) + '"};';
  assert.equal(codeBlocks(code, "ram"), Math.ceil(code.length / 12));
  assert.equal(codeBlocks(code, "flash"), 3 * 4, "three function words: two functions and one in a string, counted as a ceiling");
  assert.ok(codeBlocks(code, "flash") < codeBlocks(code, "ram"));
});
