// The built app (build/app.js for Espruino for Linux), bridged to real
// sockets, against server software people actually run on 127.0.0.1:
// Node's http server (chunked, keep-alive by default) and Python's
// http.server (HTTP/1.0: Content-Length for a file, or no length at all so the
// body ends with the connection). What the app prints as the body must be
// what the server sent, byte for byte.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runApp, RealClock, type AppRun } from "../sim/index";
import { buildApp } from "./tools/app-bundle";
import { nodeServer, havePython, pythonFileServer, pythonCloseServer, Running } from "./tools/proof-servers";

/** The most the config lets the app print (tools/config.ts printBody). */
const PRINT_BODY = 4096;
/** A few KiB holding every byte value and the byte runs that frame HTTP. */
const CONTENT = (() => {
  const parts: number[] = [];
  for (let i = 0; i < 256; i++) parts.push(i);
  const framing = Buffer.from("\r\n0\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", "latin1");
  const out = Buffer.alloc(3500);
  for (let i = 0; i < out.length; i++) out[i] = (i * 131 + 7) & 255;
  Buffer.from(parts).copy(out, 100);
  framing.copy(out, 1000);
  framing.copy(out, 3500 - framing.length);
  return out;
})();
const LIMIT_MS = 15000;
const OUTCOME = /^(DONE|ERROR) /;

async function fetchOnce(url: string): Promise<AppRun> {
  const { code, storage } = await buildApp("linux", { url, printBody: PRINT_BODY, intervalMs: 0, timeoutMs: 8000 });
  const clock = new RealClock();
  const run = runApp({ code, storage, board: "linux", backend: "bridged", clock });
  const until = Date.now() + LIMIT_MS;
  while (!run.printed.some((l) => OUTCOME.test(l)) && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
  // The one blink and the dark gap after it; the socket's close.
  while (run.stats().liveTimers > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
  return run;
}

function assertBody(run: AppRun, status: string): void {
  const printed = run.printed;
  assert.equal(run.crashed, null);
  assert.deepEqual(run.uncaught, []);
  assert.equal(printed.length, 3, JSON.stringify(printed.map((l) => l.substring(0, 80))));
  assert.equal(printed[0], status);
  const body = printed[1];
  const sent = CONTENT.toString("latin1");
  assert.equal(body.length, sent.length, "body length");
  const first = [...body].findIndex((c, i) => c !== sent[i]);
  assert.equal(first, -1, `body differs from byte ${first}`);
  assert.match(printed[2], new RegExp(`^DONE 200, ${CONTENT.length} bytes in \\d+ ms$`));
  assert.equal(run.blinks(), 1, "one blink");
  const s = run.stats();
  assert.equal(s.openSockets, 0, "socket closed");
  assert.equal(s.liveTimers, 0, "no timer left");
}

async function withServer(start: () => Promise<Running>, fn: (s: Running) => Promise<void>): Promise<void> {
  const server = await start();
  try {
    await fn(server);
  } finally {
    await server.stop();
  }
}

test("proof: Node's http server (chunked, keep-alive): the printed body is what it sent", { timeout: 30000 }, async () => {
  await withServer(() => nodeServer("/data.bin", CONTENT), async (s) => {
    const run = await fetchOnce(`http://127.0.0.1:${s.port}/data.bin`);
    assertBody(run, "HTTP/1.1 200 OK");
    assert.equal(s.requests.length, 1, "one request");
    assert.match(s.requests[0], new RegExp(`^GET /data\\.bin HTTP/1\\.1\\r\\nHost: 127\\.0\\.0\\.1:${s.port}\\r\\n`));
  });
});

const python = havePython();
const dir = mkdtempSync(join(tmpdir(), "proof-real-"));
writeFileSync(join(dir, "data.bin"), CONTENT);
test.after(() => rmSync(dir, { recursive: true, force: true }));

test("proof: python3 -m http.server (HTTP/1.0, Content-Length, close): the printed body is what it sent", { timeout: 30000, skip: !python && "python3 is not installed" }, async () => {
  await withServer(() => pythonFileServer(dir), async (s) => {
    const run = await fetchOnce(`http://127.0.0.1:${s.port}/data.bin`);
    assertBody(run, "HTTP/1.0 200 OK");
  });
});

test("proof: Python's http.server with no Content-Length (the close ends the body): printed byte for byte", { timeout: 30000, skip: !python && "python3 is not installed" }, async () => {
  await withServer(() => pythonCloseServer(join(dir, "data.bin")), async (s) => {
    const run = await fetchOnce(`http://127.0.0.1:${s.port}/data.bin`);
    assertBody(run, "HTTP/1.0 200 OK");
  });
});
