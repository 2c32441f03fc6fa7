// What the board's console says while it works, on the built app in the
// simulation: WiFi joining and up with the board's address, each outcome of
// a poll with its number and the time since the app started, and after a
// failure when the next try comes. The sim's getTime() is an hour on before
// the app starts, as on Espruino for Linux, where getTime() is calendar time.
import { test } from "node:test";
import assert from "node:assert/strict";
import { buildApp } from "./tools/app-bundle";
import { runApp, respond, httpResponse, type Route, type VirtualClock } from "../sim/index";
import { uptime } from "../src/app/when";

const IP = "192.168.1.50";
const HOUR_MS = 3600000;
const OK = respond(httpResponse("hi"));

/** The lines printed in the app's first `forMs`, with the request's own duration as N. */
async function printedBy(board: string, server: Route, intervalMs: number, forMs: number): Promise<string[]> {
  const config = { url: "http://example.com/", ssid: "home", password: "long-enough", printBody: 0, intervalMs };
  const { code, storage } = await buildApp(board, config);
  const run = runApp({ code, storage, board, servers: { "example.com:80": server }, wifi: { ip: IP }, start: false });
  const clock = run.clock as VirtualClock;
  clock.advance(HOUR_MS);
  run.start();
  clock.advance(forMs);
  assert.equal(run.crashed, null);
  return run.printed.map((l) => l.replace(/ bytes in [0-9]+ ms/, " bytes in N ms"));
}

// Espruino WiFi answers getIP only through its callback, ESP32 returns the
// details and calls back too (one line all the same), the AT module's
// getIP(cb(err, ip)) asks the module; it joins 1 s later (its reset).
for (const [board, joinS] of [["espruino-wifi", 1], ["esp32", 1], ["pico-esp8266", 2]] as const) {
  test(`console ${board}: WiFi joining, up with its IP, then each poll numbered with the time since the start`, async () => {
    assert.deepEqual(await printedBy(board, OK, 60000, 125000), [
      "WIFI joining home",
      `WIFI up, IP ${IP}`,
      "HTTP/1.1 200 OK",
      `DONE 200, 2 bytes in N ms (poll 1, up 0m${joinS}s)`,
      "HTTP/1.1 200 OK",
      `DONE 200, 2 bytes in N ms (poll 2, up 1m${joinS}s)`,
      "HTTP/1.1 200 OK",
      `DONE 200, 2 bytes in N ms (poll 3, up 2m${joinS}s)`,
    ]);
  });
}

for (const board of ["espruino-wifi", "pico-esp8266"]) {
  test(`console ${board}: after a failure, when the next try comes; WiFi is joined again first`, async () => {
    const lines = await printedBy(board, "refuse", 20000, 70000);
    const up = ["WIFI joining home", `WIFI up, IP ${IP}`];
    assert.deepEqual(lines.filter((l) => l.startsWith("WIFI ")), [...up, ...up]);
    const outs = lines.filter((l) => l.startsWith("ERROR"));
    const at = board === "pico-esp8266" ? ["0m2s", "0m45s"] : ["0m1s", "0m43s"];
    assert.deepEqual(outs, [
      `ERROR REFUSED: host not found or refused (poll 1, up ${at[0]}, next try in 40 s)`,
      `ERROR REFUSED: host not found or refused (poll 2, up ${at[1]}, next try in 80 s)`,
    ]);
  });
}

test("console linux: no WiFi lines (the host's network), the polls count from the start; one request has no poll note", async () => {
  assert.deepEqual(await printedBy("linux", "refuse", 20000, 70000), [
    "ERROR REFUSED: Unable to create socket (poll 1, up 0m0s, next try in 40 s)",
    "ERROR REFUSED: Unable to create socket (poll 2, up 0m40s, next try in 80 s)",
  ]);
  assert.deepEqual(await printedBy("linux", OK, 0, 10000), ["HTTP/1.1 200 OK", "DONE 200, 2 bytes in N ms"]);
});

test("uptime is short: minutes and seconds, hours when there are any", () => {
  assert.equal(uptime(0), "0m0s");
  assert.equal(uptime(61999), "1m1s");
  assert.equal(uptime(3 * HOUR_MS + 4 * 60000 + 5000), "3h4m5s");
  assert.equal(uptime(26 * HOUR_MS), "26h0m0s");
});
