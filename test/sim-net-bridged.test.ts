// The bridged backend: real Node sockets to 127.0.0.1 servers, seen through
// Espruino's event semantics.

import { test } from "node:test";
import assert from "node:assert/strict";
import * as tls from "node:tls";
import type { AddressInfo } from "node:net";
import { RealClock, BridgedNet, NetVariant } from "../sim/index";
import { recordClient, shape, type TraceEvent } from "../sim/trace-recorder";
import { REAL, REQUEST, closedPort, startRealServer } from "./tools/sim-scenarios";
import { TEST_TLS_CERT, TEST_TLS_KEY } from "./tools/sim-tls-cert";

function record(net: BridgedNet, clock: RealClock, port: number, endAfterMs?: number): Promise<string[]> {
  return new Promise((done) =>
    recordClient(net, clock, {
      host: "127.0.0.1", port, request: REQUEST, endAfterMs,
      done: (t: TraceEvent[]) => done(shape(t).map((e) => e.ev + (e.len !== undefined ? ` ${e.len}` : "") + (e.arg !== undefined && e.ev !== "drain" ? ` ${JSON.stringify(e.arg)}` : ""))),
    }),
  );
}

test("bridged: ESP8266 chunk size re-cuts real reads into 268-byte pieces", async () => {
  const server = await startRealServer((c) => c.end("y".repeat(1000)));
  try {
    const clock = new RealClock();
    const ev = await record(new BridgedNet({ clock, variant: "esp8266" }), clock, server.port);
    assert.deepEqual(ev.filter((e) => e.startsWith("data")), ["data 268", "data 268", "data 268", "data 196"]);
    assert.deepEqual(ev.slice(-2), ["end", "close false"]);
  } finally {
    await server.close();
  }
});

test("bridged: a refused connection is reported asynchronously per variant", async () => {
  const port = await closedPort();
  const expect: Record<NetVariant, string[]> = {
    linux: ['error {"code":-11,"message":"no connection"}', "close true"],
    esp32: ['error {"code":-11,"message":"no connection"}', "close true"],
    esp8266: ['error {"code":-11,"message":"no connection"}', "close true"],
    at: ["connect-callback", "write-returned false", 'error {"code":-6,"message":"not found"}', "close true"],
  };
  for (const variant of Object.keys(expect) as NetVariant[]) {
    const clock = new RealClock();
    const net = new BridgedNet({ clock, variant });
    const ev = (await record(net, clock, port)).filter((e) => e !== "drain");
    assert.deepEqual(ev, expect[variant], variant);
    assert.equal(net.openSockets(), 0);
  }
});

test("bridged: a real reset mid-body is a clean close on linux, error -9 on ESP8266", async () => {
  const server = await startRealServer(REAL["reset-mid-body"]);
  try {
    const clock = new RealClock();
    const linux = await record(new BridgedNet({ clock, variant: "linux" }), clock, server.port);
    assert.deepEqual(linux.slice(-2), ["end", "close false"]);
    const esp = await record(new BridgedNet({ clock, variant: "esp8266" }), clock, server.port);
    assert.deepEqual(esp.slice(-2), ['error {"code":-9,"message":"connection reset"}', "close true"]);
  } finally {
    await server.close();
  }
});

test("bridged: with no network, connect throws like Espruino and opens nothing", () => {
  const net = new BridgedNet({ clock: new RealClock(), network: () => "none" });
  assert.throws(() => net.connect({ host: "127.0.0.1", port: 1 }, () => undefined), { message: "Not connected to the internet" });
  assert.equal(net.openSockets(), 0);
});

test("bridged tls: same socket API over a real TLS connection (certificate not verified, as on Espruino)", async () => {
  let received = "";
  const server = tls.createServer({ key: TEST_TLS_KEY, cert: TEST_TLS_CERT }, (c) => {
    c.on("data", (d) => {
      received += d.toString("latin1");
      if (received.endsWith("\r\n\r\n")) c.end("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  try {
    const clock = new RealClock();
    const net = new BridgedNet({ clock, tls: true });
    const ev = await record(net, clock, (server.address() as AddressInfo).port);
    assert.deepEqual(ev, ["connect-callback", "write-returned false", "drain", "drain", "data 40", "end", "close false"]);
    assert.equal(received, REQUEST);
  } finally {
    server.close();
  }
});
