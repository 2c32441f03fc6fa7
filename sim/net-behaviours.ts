// Ready-made server behaviours for ScriptedNet.serve(), named like the
// scenarios in test/fixtures/espruino-traces.json. Each waits for the client's
// request head first, as the recorded servers did.

import type { Behaviour } from "./net-scripted";
import type { ServerConn, WriteOptions } from "./net-server";

export interface RespondOptions extends WriteOptions {
  /** Close after the response (default true); false keeps the connection open. */
  close?: boolean;
}

/** Sends raw bytes once the request head is in, then closes (unless close: false). */
export function respond(raw: string, opts: RespondOptions = {}): Behaviour {
  return (c) =>
    c.onRequest(() => {
      c.write(raw, opts);
      if (opts.close !== false) c.end();
    });
}

/** Reads the request, then closes without a byte. */
export function closeWithoutResponse(): Behaviour {
  return (c) => c.onRequest(() => c.end());
}

/** Reads the request, then resets the connection. */
export function resetWithoutResponse(): Behaviour {
  return (c) => c.onRequest(() => c.reset());
}

/** Sends the first bytes of a response, then resets after afterMs. */
export function resetMidBody(partial: string, afterMs = 50): Behaviour {
  return (c) => c.onRequest(() => c.write(partial).reset(afterMs));
}

/** Accepts and never sends anything, never closes. */
export function silent(): Behaviour {
  return () => undefined;
}

/** Sends `count` writes of `size` bytes, one every `everyMs`, then closes. */
export function stream(count: number, size: number, everyMs: number, fill = "x"): Behaviour {
  return (c) =>
    c.onRequest(() => {
      for (let i = 0; i < count; i++) c.write(fill.repeat(size), { delayMs: i === 0 ? 0 : everyMs });
      c.end();
    });
}

/** Runs `fn` when the request head has arrived: the building block for custom servers. */
export function onRequest(fn: (head: string, c: ServerConn) => void): Behaviour {
  return (c) => c.onRequest(fn);
}

export interface ResponseSpec {
  status?: number;
  reason?: string;
  headers?: [string, string][];
  /** Adds Content-Length (default) or sends the body with chunked framing. */
  framing?: "length" | "chunked" | "close";
}

/** Builds an HTTP/1.1 response's bytes (latin1 string). */
export function httpResponse(body: string, spec: ResponseSpec = {}): string {
  const status = spec.status ?? 200;
  const reason = spec.reason ?? (status === 200 ? "OK" : "Status");
  const lines = [`HTTP/1.1 ${status} ${reason}`];
  for (const [k, v] of spec.headers || []) lines.push(`${k}: ${v}`);
  const framing = spec.framing || "length";
  if (framing === "length") lines.push(`Content-Length: ${body.length}`);
  if (framing === "chunked") lines.push("Transfer-Encoding: chunked");
  lines.push("Connection: close");
  const head = lines.join("\r\n") + "\r\n\r\n";
  if (framing !== "chunked") return head + body;
  const chunk = body.length ? body.length.toString(16) + "\r\n" + body + "\r\n" : "";
  return head + chunk + "0\r\n\r\n";
}
