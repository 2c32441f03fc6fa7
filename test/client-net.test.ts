// The socket seam on its own: every way a board reports a failure becomes one
// done(err) with a class, every end one done(null), at most once.
import { test } from "node:test";
import assert from "node:assert/strict";
import { VirtualClock, ScriptedNet, SimSocket, respond, httpResponse, NetVariant } from "../sim/index";
import { connect } from "../src/net/connect";
import { EspNet } from "../src/device";
import { HttpError } from "../src/http/errors";

/** A net whose connect throws what Espruino throws (InternalError with a message). */
function throwing(message: string): EspNet {
  return {
    connect() {
      const e = new Error(message);
      e.name = "InternalError";
      throw e;
    },
  };
}

// message thrown by connect => class (plain socket, TLS socket)
const THROWN: [string, string, string][] = [
  ["Unable to locate host", "DNS", "DNS"],
  ["Unable to create socket", "REFUSED", "REFUSED"],
  ["Not connected to the internet", "WIFI_DOWN", "WIFI_DOWN"],
  ["Not enough memory to allocate SSL socket", "LOW_MEMORY", "LOW_MEMORY"],
  ["HTTPS init failed! mbedtls_ssl_setup: -0x7f00", "REFUSED", "TLS"],
  ["Unknown network device 3", "REFUSED", "TLS"],
];

for (const [message, plain, tls] of THROWN) {
  test(`net: connect throwing "${message}" is ${plain} (${tls} over TLS), reported once, with the message`, () => {
    for (const [isTls, expected] of [[false, plain], [true, tls]] as const) {
      const seen: (HttpError | null)[] = [];
      const socket = connect({
        net: throwing(message), url: { https: isTls, host: "h", port: 80 },
        onConnect: () => assert.fail("connected"), onData: () => assert.fail("data"), onDone: (e) => seen.push(e),
      });
      assert.equal(socket, null);
      assert.deepEqual(seen, [{ code: expected, reason: message }]);
    }
  });
}

test("net: a thrown non-Error is reported as text", () => {
  const seen: (HttpError | null)[] = [];
  connect({
    net: { connect() { throw "boom"; } }, url: { https: false, host: "h", port: 80 },
    onConnect: () => undefined, onData: () => undefined, onDone: (e) => seen.push(e),
  });
  assert.deepEqual(seen, [{ code: "REFUSED", reason: "boom" }]);
});

function open(variant: NetVariant, routes: Record<string, Parameters<ScriptedNet["serve"]>[1]>): { log: string[]; net: ScriptedNet; clock: VirtualClock } {
  const clock = new VirtualClock();
  const net = new ScriptedNet({ clock, variant });
  for (const k of Object.keys(routes)) net.serve(k, routes[k]);
  const log: string[] = [];
  const socket = connect({
    net,
    url: { https: false, host: "example.com", port: 80 },
    onConnect: () => {
      log.push("connected");
      log.push(`write returned ${socket!.write("GET / HTTP/1.1\r\nHost: example.com\r\n\r\n")}`);
    },
    onData: (d) => log.push(`data ${d.length}`),
    onDone: (e) => log.push(e ? `done ${e.code} ${e.reason}` : "done"),
  });
  clock.runUntilIdle();
  return { log, net, clock };
}

test("net: a plain socket listens for data, error and close only; over TLS for drain too", () => {
  // Each listener is a property Espruino's idle loop walks past at every
  // piece: the drains are counted only where a TLS handshake can fail.
  for (const https of [false, true]) {
    const net = new ScriptedNet({ clock: new VirtualClock(), variant: "linux" });
    net.serve("example.com", respond(httpResponse("x")));
    const socket = connect({ net, url: { https, host: "example.com", port: 80 }, onConnect() {}, onData() {}, onDone() {} }) as SimSocket;
    const counts = ["data", "error", "close", "drain", "end"].map((e) => socket.listenerCount(e));
    assert.deepEqual(counts, [1, 1, 1, https ? 1 : 0, 0], https ? "over TLS" : "plain");
  }
});

test("net: a clean response is data then one done, though end and close both fire", () => {
  const raw = httpResponse("x".repeat(1000));
  const { log, net } = open("linux", { "example.com": respond(raw) });
  assert.deepEqual(log, ["connected", "write returned false", "data 536", `data ${raw.length - 536}`, "done"]);
  assert.deepEqual(net.table.all[0].log.slice(-2), ["end", "close false"]);
  assert.deepEqual(net.crashes, []);
});

test("net: error then end then close(true) is one done with the error", () => {
  const { log, net } = open("esp8266", { "example.com": (c) => c.fail(-9, 5) });
  assert.deepEqual(log, ["connected", "write returned false", "done RESET connection reset (-9)"]);
  assert.ok(net.table.all[0].log.indexOf("close true") >= 0);
});

test("net: -6 is DNS before the connect callback (ESP8266), REFUSED after it (AT path)", () => {
  assert.deepEqual(open("esp8266", {}).log, ["done DNS host not found or refused"]);
  assert.deepEqual(open("at", {}).log, ["connected", "write returned false", "done REFUSED host not found or refused"]);
});
