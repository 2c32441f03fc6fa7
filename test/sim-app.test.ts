// End to end: build/app.js, built for each board profile, runs unchanged in
// the simulation against a scripted server. Only what any version of the app
// must do is asserted: the exact request bytes that matter, a printed status
// line, the LED written, the password never printed.

import { test } from "node:test";
import assert from "node:assert/strict";
import { boardIds } from "../board/profiles";
import { runApp, respond, httpResponse, type VirtualClock, type ScriptedNet } from "../sim/index";
import { buildApp } from "./tools/app-bundle";

const PASSWORD = "pw-never-printed";
/** Long enough for WiFi, the request and the LED pattern on every board. */
const RUN_MS = 120000;

function config(url: string) {
  return { url, ssid: "home", password: PASSWORD, intervalMs: 0 };
}

for (const board of boardIds()) {
  test(`${board}: build/app.js sends a correct GET, prints the status and writes the LED`, async () => {
    const { code, storage } = await buildApp(board, config("http://example.com:8080/status?x=1"));
    const body = "<html>ok</html>";
    const run = runApp({ code, storage, board, servers: { "example.com:8080": respond(httpResponse(body)) } });
    (run.clock as VirtualClock).runUntilIdle(RUN_MS);
    const net = run.net as ScriptedNet;
    assert.equal(run.crashed, null);
    assert.deepEqual(run.uncaught, []);
    assert.equal(net.connections.length, 1, "one connection");
    const sent = net.connections[0].received;
    assert.ok(sent.startsWith("GET /status?x=1 HTTP/1.1\r\n"), JSON.stringify(sent));
    assert.match(sent, /\r\nHost: example\.com:8080\r\n/);
    assert.ok(sent.endsWith("\r\n\r\n"), "the head ends with an empty line");
    assert.equal(sent.indexOf("\r\n\r\n"), sent.length - 4, "nothing after the head");
    assert.ok(run.printed.some((l) => /\b200\b/.test(l)), `a 200 status line in ${JSON.stringify(run.printed)}`);
    assert.ok(run.ledTimeline().length >= 1, "the LED was written");
    assert.ok(run.printed.every((l) => !l.includes(PASSWORD)), "the password is never printed");
    assert.equal(net.openSockets(), 0, "the socket was closed");
  });
}

test("the default port is left out of the Host header", async () => {
  const { code, storage } = await buildApp("linux", config("http://Example.COM/"));
  const run = runApp({ code, storage, board: "linux", servers: { "example.com:80": respond(httpResponse("")) } });
  (run.clock as VirtualClock).runUntilIdle(RUN_MS);
  const sent = (run.net as ScriptedNet).connections[0].received;
  assert.ok(sent.startsWith("GET / HTTP/1.1\r\n"));
  assert.match(sent, /\r\nHost: example\.com\r\n/);
});
