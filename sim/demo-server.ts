// The embedded demo server of `npm start`: a small page on 127.0.0.1, so the
// app has something real to fetch on a machine with no network.

import * as http from "node:http";
import type { AddressInfo } from "node:net";
import type { Scenario } from "./scenarios";

export const DEMO_PATH = "/hello";

const PAGE =
  "<!doctype html>\n<title>pico-http-get demo</title>\n" +
  "<h1>Hello from the demo server</h1>\n" +
  "<p>This page reached the app over a simulated Espruino socket.</p>\n";

export interface DemoServer {
  url: string;
  /** Request lines the server answered, in order. */
  requests: string[];
  close(): Promise<void>;
}

/** Starts the demo server on a free port of 127.0.0.1; a scenario gives its own answers. */
export function startDemoServer(scenario?: Scenario): Promise<DemoServer> {
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    requests.push(`${req.method} ${req.url} HTTP/${req.httpVersion}`);
    if (scenario) return scenario.answer(requests.length - 1, req, res);
    const found = req.url === DEMO_PATH || req.url === "/";
    const body = found ? PAGE : "not found\n";
    res.writeHead(found ? 200 : 404, { "Content-Type": "text/html; charset=utf-8", "Content-Length": Buffer.byteLength(body) });
    res.end(body);
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const port = (server.address() as AddressInfo).port;
      resolve({
        url: `http://127.0.0.1:${port}${DEMO_PATH}`,
        requests,
        close: () =>
          new Promise<void>((r) => {
            server.closeAllConnections();
            server.close(() => r());
          }),
      });
    });
  });
}
