// The whole road at once: build/app.js for the linux board (not the
// TypeScript) runs in a sandbox whose only globals are Espruino's, with real
// sockets to a real TCP server on 127.0.0.1. The request must arrive byte for
// byte, the response must be printed, and the LED written.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createServer, AddressInfo, Socket } from "node:net";
import { join } from "node:path";
import { ROOT } from "../board/profiles";
import { runApp, RealClock, type AppRun } from "../sim/index";
import { buildApp } from "./tools/app-bundle";

const VERSION = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).version as string;
const RESPONSE = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 13\r\nConnection: close\r\n\r\nhello, board!";
/** How long the app may take against a server on this machine. */
const LIMIT_MS = 10000;

interface Server {
  port: number;
  /** What each connection sent, latin1. */
  received: string[];
  close(): Promise<void>;
}

/** Answers each request once its head is in, then closes, as an HTTP/1.1 server with Connection: close. */
function startServer(): Promise<Server> {
  const received: string[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    const index = received.push("") - 1;
    socket.on("data", (d) => {
      received[index] += d.toString("latin1");
      if (received[index].indexOf("\r\n\r\n") >= 0) socket.end(RESPONSE, "latin1");
    });
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => socket.destroy());
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve({
    port: (server.address() as AddressInfo).port,
    received,
    close: () => new Promise<void>((done) => {
      for (const s of sockets) s.destroy();
      server.close(() => done());
    }),
  })));
}

function until(check: () => boolean, what: string): Promise<void> {
  const start = Date.now();
  return new Promise((resolve, reject) => {
    const poll = () => {
      if (check()) return resolve();
      if (Date.now() - start > LIMIT_MS) return reject(new Error(`after ${LIMIT_MS} ms still waiting for ${what}`));
      setTimeout(poll, 10);
    };
    poll();
  });
}

test("build/app.js for linux sends an exact GET to a real server, prints the response, writes the LED", { timeout: 30000 }, async () => {
  const server = await startServer();
  let run: AppRun | undefined;
  try {
    const { code, storage } = await buildApp("linux", { url: `http://127.0.0.1:${server.port}/slice/check?x=1&y=two`, intervalMs: 0 });
    run = runApp({ board: "linux", code, storage, clock: new RealClock(), backend: "bridged" });
    const app = run;
    await until(() => app.printed.some((l) => /200 OK/.test(l)) && app.ledTimeline().length > 0, "the printed response and an LED write");
    assert.deepEqual(run.uncaught, []);
    assert.equal(server.received.length, 1, "one request");
    assert.equal(server.received[0],
      "GET /slice/check?x=1&y=two HTTP/1.1\r\n" +
      `Host: 127.0.0.1:${server.port}\r\n` +
      `User-Agent: pico-http-get/${VERSION}\r\n` +
      "Accept: */*\r\n" +
      "Connection: close\r\n" +
      "\r\n");
    assert.ok(run.printed.some((l) => l.indexOf("HTTP/1.1 200 OK") >= 0 || /\b200\b.*\bOK\b/.test(l)), run.printed.join("\n"));
    assert.ok(run.ledTimeline().some((e) => e.value === !run!.ledActiveLow), "the LED was switched on");
  } finally {
    if (run) run.clock.halt();
    await server.close();
  }
});
