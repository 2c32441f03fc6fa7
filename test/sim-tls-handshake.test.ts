// A TLS handshake the server refuses (it offers only ECDHE suites; Espruino's
// mbedtls has RSA and DHE-RSA key exchange only), as measured on Espruino
// 2v29 for Linux: the socket's events in their order, then the exception the
// firmware throws from its idle loop, which only a process
// 'uncaughtException' listener hears.
import { test } from "node:test";
import assert from "node:assert/strict";
import { runApp, type AppRun, type VirtualClock } from "../sim/index";
import { buildApp } from "./tools/app-bundle";

const HOST = "secure.example:443";

function clock(run: AppRun): VirtualClock {
  return run.clock as VirtualClock;
}

// The measured trace's script: events logged as they come, no try/catch.
const PROBE = `
var s = require("tls").connect({ host: "secure.example", port: 443 }, function () {
  print("connect-callback");
  print("write-returned " + s.write("GET / HTTP/1.1\\r\\nHost: secure.example\\r\\n\\r\\n"));
});
s.on("drain", function () { print("drain"); });
s.on("error", function (e) { print("error " + e.code + " " + e.message); });
s.on("end", function () { print("end"); });
s.on("close", function (hadError) { print("close " + hadError); });
`;

test("sim tls: a refused handshake plays Espruino's events in order, then its uncaught exception", () => {
  const run = runApp({ code: PROBE, board: "linux", tlsServers: { [HOST]: "handshake-failure" } });
  assert.ok(clock(run).runUntilIdle(10000));
  assert.deepEqual(run.app.console.lines.map((l) => (l.kind === "uncaught" ? "UNCAUGHT " : "") + l.text), [
    "connect-callback", "write-returned false", "drain",
    "error -8 unsent data", "end", "close true",
    "UNCAUGHT Uncaught InternalError: mbedtls_ssl_handshake returned -0x7780",
  ]);
});

test("sim tls: an uncaughtException listener on process gets the firmware's exception instead of the console", () => {
  const code = PROBE + 'process.on("uncaughtException", function (e) { print("heard " + e.message); });';
  const run = runApp({ code, board: "linux", tlsServers: { [HOST]: "handshake-failure" } });
  assert.ok(clock(run).runUntilIdle(10000));
  assert.deepEqual(run.uncaught, []);
  assert.equal(run.printed[run.printed.length - 1], "heard mbedtls_ssl_handshake returned -0x7780");
});

test("e2e linux: a refused TLS handshake is ERROR TLS with what to do, every poll, and nothing uncaught", async () => {
  const { code, storage } = await buildApp("linux", { url: `https://${HOST}/`, intervalMs: 1000 });
  const run = runApp({ code, storage, board: "linux", tlsServers: { [HOST]: "handshake-failure" } });
  clock(run).advance(10000);
  const outcomes = run.printed.filter((l) => /^(DONE|ERROR) /.test(l));
  assert.ok(outcomes.length >= 3, JSON.stringify(run.printed));
  const why = "ERROR TLS: handshake failed: the server wants a cipher this firmware lacks; use http:// or a server or proxy with RSA key exchange";
  outcomes.forEach((line, i) => assert.ok(line.startsWith(`${why} (poll ${i + 1}, up `), line));
  assert.deepEqual(run.uncaught, []);
  assert.equal(run.crashed, null);
});
