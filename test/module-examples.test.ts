// The user programs in examples/, unchanged but for their URL, on simulated
// Espruino WiFi, ESP32 and ESP8266 boards (each joins WiFi itself) with the
// shipped module cached as the Espruino tools cache it: one against a
// scripted server on the virtual clock for minutes, one streaming 256 KiB
// from a real Node server on 127.0.0.1.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { join } from "node:path";
import * as acorn from "acorn";
import { runApp, onRequest, httpResponse, RealClock, type VirtualClock } from "../sim/index";
import { ROOT } from "../board/profiles";
import { builtModule, withCachedModule } from "./tools/module-bundle";

const BOARDS = ["espruino-wifi", "esp32", "esp8266"];

function example(name: string, url: string): string {
  const text = readFileSync(join(ROOT, "examples", name), "utf8");
  // Plain ES5, as Espruino and its tools read user programs.
  acorn.parse(text, { ecmaVersion: 5, sourceType: "script" });
  const out = text.replace(/^var URL = "[^"]*";$/m, `var URL = ${JSON.stringify(url)};`);
  assert.notEqual(out, text, "the example has a `var URL = ...;` line");
  return out;
}

test("examples/json-every-minute.js prints the value once a minute on every WiFi board", async () => {
  const { minCode } = await builtModule();
  for (const board of BOARDS) {
    let n = 0;
    const server = onRequest((_head, c) => {
      n++;
      c.write(httpResponse(JSON.stringify({ temperature: 20 + n, unit: "C" }), { headers: [["Content-Type", "application/json"]] }));
      c.end();
    });
    const code = withCachedModule(minCode, example("json-every-minute.js", "http://weather.example/now.json"));
    const run = runApp({ board, code, servers: { "weather.example:80": server } });
    (run.clock as VirtualClock).advance(3 * 60000 + 10000);
    assert.deepEqual(run.uncaught, [], board);
    assert.deepEqual(run.printed, ["temperature = 21", "temperature = 22", "temperature = 23", "temperature = 24"], board);
    assert.equal(run.stats().openSockets, 0, board);
    assert.equal(run.stats().liveTimers, 1, board + ": only the wait for the next minute");
  }
});

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve((server.address() as { port: number }).port)));
}

test("examples/stream-count-bytes.js counts a 256 KiB body from a real server on every WiFi board", { timeout: 60000 }, async () => {
  const { minCode } = await builtModule();
  const size = 256 * 1024;
  const body = Buffer.alloc(size, 0x61);
  const server = createServer((_req, res) => {
    res.writeHead(200, { "Content-Type": "application/octet-stream", "Content-Length": size });
    res.end(body);
  });
  const port = await listen(server);
  try {
    for (const board of BOARDS) {
      const code = withCachedModule(minCode, example("stream-count-bytes.js", `http://127.0.0.1:${port}/large.bin`));
      const run = runApp({ board, code, backend: "bridged", clock: new RealClock(), wifi: { joins: ["join"], joinMs: 50 } });
      const until = Date.now() + 20000;
      while (run.printed.length < 2 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
      assert.deepEqual(run.uncaught, [], board);
      assert.equal(run.printed[0], `HTTP 200, Content-Length ${size}`, board);
      assert.match(run.printed[1] || "", new RegExp(`^done: ${size} bytes in \\d+ ms$`), board);
    }
  } finally {
    await new Promise((r) => server.close(() => r(undefined)));
  }
});
