// Real server software on 127.0.0.1 for the end-to-end proofs: Node's http
// server, and Python's http.server (the module people run with
// `python3 -m http.server`, plus a close-delimited handler built on the same
// classes). Each is started on a free port and stopped by the caller.
import * as http from "node:http";
import * as net from "node:net";
import { spawn, spawnSync, ChildProcess } from "node:child_process";

export interface Running {
  port: number;
  /** Every request head the server saw, as text. */
  requests: string[];
  stop(): Promise<void>;
}

/** Node's http server: chunked by default (no Content-Length), keep-alive unless the client says close. */
export async function nodeServer(path: string, body: Buffer, writes = 3): Promise<Running> {
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    requests.push(`${req.method} ${req.url} HTTP/${req.httpVersion}\r\n` + req.rawHeaders.map((h, i) => (i % 2 ? h + "\r\n" : h + ": ")).join(""));
    if (req.url !== path) {
      res.statusCode = 404;
      res.end("not here");
      return;
    }
    res.setHeader("Content-Type", "application/octet-stream");
    // Several writes: several chunks, cut where the server likes.
    const step = Math.ceil(body.length / writes);
    for (let i = 0; i < body.length - step; i += step) res.write(body.subarray(i, i + step));
    res.end(body.subarray(step * (writes - 1)));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    requests,
    stop: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

export function havePython(): boolean {
  const r = spawnSync("python3", ["-c", "import http.server"], { stdio: "ignore", timeout: 10000 });
  return r.status === 0;
}

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((resolve) => s.listen(0, "127.0.0.1", resolve));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

async function listening(port: number, child: ChildProcess, deadlineMs: number): Promise<void> {
  const until = Date.now() + deadlineMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`python3 exited with ${child.exitCode}`);
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect({ host: "127.0.0.1", port }, () => {
        s.destroy();
        resolve(true);
      });
      s.on("error", () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > until) throw new Error(`python3 did not listen on ${port} within ${deadlineMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function stopper(child: ChildProcess): () => Promise<void> {
  return () => new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}

/** `python3 -m http.server` serving `dir`: HTTP/1.0, Content-Length, then it closes. */
export async function pythonFileServer(dir: string): Promise<Running> {
  const port = await freePort();
  const child = spawn("python3", ["-m", "http.server", String(port), "--bind", "127.0.0.1", "--directory", dir], { stdio: "ignore" });
  await listening(port, child, 10000);
  return { port, requests: [], stop: stopper(child) };
}

// The same server classes with a handler that sends no Content-Length: as an
// HTTP/1.0 server, the end of the body is the close of the connection.
const CLOSE_DELIMITED = `
import sys, http.server
body = open(sys.argv[2], "rb").read()
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        self.end_headers()
        for i in range(0, len(body), 700):
            self.wfile.write(body[i:i + 700])
            self.wfile.flush()
    def log_message(self, *a):
        pass
http.server.HTTPServer(("127.0.0.1", int(sys.argv[1])), H).serve_forever()
`;

/** Python's http.server classes, HTTP/1.0 with no Content-Length: the body ends when the connection closes. */
export async function pythonCloseServer(file: string): Promise<Running> {
  const port = await freePort();
  const child = spawn("python3", ["-c", CLOSE_DELIMITED, String(port), file], { stdio: "ignore" });
  await listening(port, child, 10000);
  return { port, requests: [], stop: stopper(child) };
}
