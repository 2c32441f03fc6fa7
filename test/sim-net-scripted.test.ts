// The scripted socket backend: Espruino's event semantics and each board's
// way of reporting failures (sim/net-errors.ts; the traces recorded on
// Espruino 2v29 are in test/fixtures/espruino-traces.json).

import { test } from "node:test";
import assert from "node:assert/strict";
import {
  VirtualClock, ScriptedNet, SimulationCrash, NetVariant, respond, silent, resetMidBody, onRequest, httpResponse,
  type NetworkState,
} from "../sim/index";
import { recordClient, shape, type TraceEvent } from "../sim/trace-recorder";

const REQ = "GET / HTTP/1.1\r\nHost: h\r\n\r\n";

function setup(variant: NetVariant = "linux", network: NetworkState = "up") {
  const clock = new VirtualClock();
  const net = new ScriptedNet({ clock, variant, network: () => network });
  return { clock, net };
}

/** Runs the recording client against host:80 and returns the event shape. */
function events(net: ScriptedNet, clock: VirtualClock, host: string, endAfterMs?: number) {
  let trace: TraceEvent[] = [];
  recordClient(net, clock, { host, port: 80, request: REQ, endAfterMs, done: (t) => (trace = t) });
  clock.runUntilIdle();
  return shape(trace).map((e) => e.ev + (e.len !== undefined ? ` ${e.len}` : "") + (e.arg !== undefined && e.ev !== "drain" ? ` ${JSON.stringify(e.arg)}` : ""));
}

const OPEN = ["connect-callback", "write-returned false", "drain", "drain"];

test("a 1000-byte server write arrives as 536 + 464; ESP8266 cuts at 268", () => {
  for (const [variant, sizes] of [["linux", [536, 464]], ["esp8266", [268, 268, 268, 196]]] as const) {
    const { clock, net } = setup(variant);
    net.serve("h:80", respond("x".repeat(1000)));
    assert.deepEqual(events(net, clock, "h"), [...OPEN, ...sizes.map((n) => `data ${n}`), "end", "close false"]);
  }
});

test("explicit pieces cut the bytes anywhere, still no larger than the chunk size", () => {
  const { clock, net } = setup();
  net.serve("h:80", respond("x".repeat(1200), { pieces: [1, 2, 700] }));
  assert.deepEqual(events(net, clock, "h").filter((e) => e.startsWith("data")), ["data 1", "data 2", "data 536", "data 164", "data 497"]);
});

test("the server sees every byte the client wrote, and when it ended", () => {
  const { clock, net } = setup();
  net.serve("h:80", silent());
  events(net, clock, "h", 100);
  assert.equal(net.connections.length, 1);
  assert.equal(net.connections[0].received, REQ);
  assert.equal(net.connections[0].clientEnded, true);
});

test("a silent server: no event at all until the client ends, then end and close(false)", () => {
  const { clock, net } = setup();
  net.serve("h:80", silent());
  const log: string[] = [];
  const s = net.connect({ host: "h", port: 80 }, () => s.write(REQ));
  s.on("close", () => log.push("close"));
  s.on("end", () => log.push("end"));
  clock.advance(60 * 60 * 1000);
  assert.deepEqual(log, []);
  assert.equal(net.openSockets(), 1);
  s.end();
  clock.flush();
  assert.deepEqual(log, ["end", "close"]);
  assert.equal(net.openSockets(), 0);
});

test("refused: linux and esp32 throw, esp8266 reports -11, the AT module calls back then -6", () => {
  const expect: Record<NetVariant, string[]> = {
    linux: ['connect-threw {"message":"Unable to create socket"}'],
    esp32: ['connect-threw {"message":"Unable to create socket"}'],
    esp8266: ['error {"code":-11,"message":"no connection"}', "close true"],
    at: [...OPEN, 'error {"code":-6,"message":"not found"}', "close true"],
  };
  for (const variant of Object.keys(expect) as NetVariant[]) {
    const { clock, net } = setup(variant);
    net.serve("h:80", "refuse");
    assert.deepEqual(events(net, clock, "h"), expect[variant], variant);
  }
});

test("unknown host: linux and esp32 throw, esp8266 and the AT module report -6", () => {
  const expect: Record<NetVariant, string[]> = {
    linux: ['connect-threw {"message":"Unable to locate host"}'],
    esp32: ['connect-threw {"message":"Unable to locate host"}'],
    esp8266: ['error {"code":-6,"message":"not found"}', "close true"],
    at: [...OPEN, 'error {"code":-6,"message":"not found"}', "close true"],
  };
  for (const variant of Object.keys(expect) as NetVariant[]) {
    const { clock, net } = setup(variant);
    assert.deepEqual(events(net, clock, "nowhere"), expect[variant], variant);
  }
});

test("the thrown errors are InternalError with Espruino's message", () => {
  const { net } = setup("linux");
  assert.throws(() => net.connect({ host: "nowhere", port: 80 }, () => undefined), { name: "InternalError", message: "Unable to locate host" });
});

test("no network: connect throws 'Not connected to the internet' and no event fires", () => {
  for (const variant of ["linux", "esp32", "esp8266", "at"] as const) {
    const { clock, net } = setup(variant, "none");
    net.serve("h:80", respond("x"));
    assert.deepEqual(events(net, clock, "h"), ['connect-threw {"message":"Not connected to the internet"}'], variant);
    assert.equal(net.openSockets(), 0);
  }
});

test("network down: names stop resolving, reported per variant", () => {
  const { clock, net } = setup("esp8266", "down");
  net.serve("h:80", respond("x"));
  assert.deepEqual(events(net, clock, "h"), ['error {"code":-6,"message":"not found"}', "close true"]);
});

test("a blackholed host: AT module fails with -6 after its 10 s timeout, linux stays silent", () => {
  const at = setup("at");
  at.net.serve("h:80", "blackhole");
  let closedAt = -1;
  const s = at.net.connect({ host: "h", port: 80 }, () => undefined);
  s.on("close", () => (closedAt = at.clock.now()));
  at.clock.runUntilIdle();
  assert.equal(closedAt, 10000);
  const linux = setup("linux");
  linux.net.serve("h:80", "blackhole");
  let fired = false;
  linux.net.connect({ host: "h", port: 80 }, () => (fired = true));
  linux.clock.runUntilIdle();
  assert.equal(fired, false);
  assert.equal(linux.net.openSockets(), 1);
});

test("a reset mid-body is a clean close, except on ESP8266 (-9)", () => {
  for (const [variant, tail] of [["linux", ["end", "close false"]], ["esp32", ["end", "close false"]], ["at", ["end", "close false"]], ["esp8266", ['error {"code":-9,"message":"connection reset"}', "close true"]]] as const) {
    const { clock, net } = setup(variant);
    net.serve("h:80", resetMidBody("HTTP/1.1 200 OK\r\n"));
    assert.deepEqual(events(net, clock, "h").slice(-2), tail, variant);
  }
});

test("the AT path holds at most 5 sockets; the 6th gets error -7", () => {
  const { clock, net } = setup("at");
  net.serve("h:80", silent());
  for (let i = 0; i < 5; i++) net.connect({ host: "h", port: 80 }, () => undefined);
  clock.flush();
  const errors: unknown[] = [];
  let called = false;
  const sixth = net.connect({ host: "h", port: 80 }, () => (called = true));
  sixth.on("error", (e) => errors.push(e));
  clock.runUntilIdle();
  assert.deepEqual(errors, [{ code: -7, message: "max sockets" }]);
  assert.equal(called, false);
  assert.equal(net.openSockets(), 5);
});

test("socket.on('connect') crashes the interpreter: the simulation throws and records it", () => {
  const { net } = setup();
  net.serve("h:80", silent());
  const s = net.connect({ host: "h", port: 80 }, () => undefined);
  assert.throws(() => s.on("connect" as "end", () => undefined), SimulationCrash);
  assert.equal(net.crashes.length, 1);
});

test("live listeners count until the socket closes, then are released", () => {
  const { clock, net } = setup();
  net.serve("h:80", respond(httpResponse("hi")));
  const s = net.connect({ host: "h", port: 80 }, () => s.write(REQ));
  s.on("data", () => undefined);
  s.on("close", () => undefined);
  assert.equal(net.liveListeners(), 2);
  clock.runUntilIdle();
  assert.equal(net.liveListeners(), 0);
  assert.equal(net.openSockets(), 0);
});

test("server operations run in order, each delay after the previous one", () => {
  const { clock, net } = setup();
  const seen: [number, number][] = [];
  net.serve("h:80", onRequest((_h, c) => c.write("aa").write("bbb", { delayMs: 100 }).fail(-3, 50)));
  const s = net.connect({ host: "h", port: 80 }, () => s.write(REQ));
  s.on("data", (d) => seen.push([clock.now(), d.length]));
  s.on("error", (e) => seen.push([clock.now(), e.code]));
  clock.runUntilIdle();
  assert.deepEqual(seen, [[2, 2], [102, 3], [152, -3]]);
});

test("writes after end() are ignored and still return false", () => {
  const { clock, net } = setup();
  net.serve("h:80", silent());
  const s = net.connect({ host: "h", port: 80 }, () => undefined);
  clock.flush();
  clock.advance(1);
  s.end();
  assert.equal(s.write("late"), false);
  clock.runUntilIdle();
  assert.equal(net.connections[0].received, "");
});

test("httpResponse builds Content-Length and chunked framing", () => {
  assert.equal(httpResponse("hey"), "HTTP/1.1 200 OK\r\nContent-Length: 3\r\nConnection: close\r\n\r\nhey");
  assert.equal(httpResponse("hey", { status: 404, reason: "Not Found", framing: "chunked" }),
    "HTTP/1.1 404 Not Found\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n3\r\nhey\r\n0\r\n\r\n");
});
