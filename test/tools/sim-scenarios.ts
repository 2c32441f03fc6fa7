// The server behaviours behind test/fixtures/espruino-traces.json, twice: as
// scripts for the scripted backend, and as real Node servers for the bridged
// one. The names are the trace's scenario names.

import * as net from "node:net";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  Behaviour, Route, closeWithoutResponse, resetMidBody, resetWithoutResponse, respond, silent, stream,
} from "../../sim/index";
import type { TraceEvent } from "../../sim/trace-recorder";

/** Socket event traces recorded on Espruino 2v29 for Linux: data about the board, kept with the tests. */
export const TRACES_FILE = join(__dirname, "..", "fixtures", "espruino-traces.json");

/** The recorded traces, by scenario name. */
export function loadTraces(): Record<string, TraceEvent[]> {
  return JSON.parse(readFileSync(TRACES_FILE, "utf8")).scenarios;
}

/** 43 bytes, the size of the recorded response. */
export const RESPONSE_43 = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello";
export const REQUEST = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
/** The recorded client called end() this long after connecting, when it did. */
export const CLIENT_END_MS = 800;
const BIG = 65536;
const STREAM_WRITES = 20;
const STREAM_SIZE = 1000;
const STREAM_EVERY_MS = 5;
const RESET_AFTER_MS = 50;

/** Scripted behaviour per scenario; undefined means "no such host". */
export const SCRIPTED: Record<string, Route | undefined> = {
  "response-then-close": respond(RESPONSE_43),
  "response-keep-open": respond(RESPONSE_43, { close: false }),
  "close-without-response": closeWithoutResponse(),
  "reset-without-response": resetWithoutResponse(),
  "reset-mid-body": resetMidBody(RESPONSE_43, RESET_AFTER_MS),
  silent: silent(),
  "stream-20x1000": stream(STREAM_WRITES, STREAM_SIZE, STREAM_EVERY_MS),
  "one-big-write-64k": respond("x".repeat(BIG)),
  "connection-refused": "refuse",
  "dns-failure": undefined,
};

type NodeBehaviour = (c: net.Socket) => void;

/** The same behaviours on a real socket, run when the first request bytes arrive. */
export const REAL: Record<string, NodeBehaviour> = {
  "response-then-close": (c) => c.end(RESPONSE_43),
  "response-keep-open": (c) => c.write(RESPONSE_43),
  "close-without-response": (c) => c.end(),
  "reset-without-response": (c) => c.resetAndDestroy(),
  "reset-mid-body": (c) => {
    c.write(RESPONSE_43);
    setTimeout(() => c.resetAndDestroy(), RESET_AFTER_MS);
  },
  silent: () => undefined,
  "stream-20x1000": (c) => {
    let n = 0;
    const tick = (): void => {
      c.write("x".repeat(STREAM_SIZE));
      if (++n < STREAM_WRITES) setTimeout(tick, STREAM_EVERY_MS);
      else c.end();
    };
    tick();
  },
  "one-big-write-64k": (c) => c.end("x".repeat(BIG)),
};

export function isBehaviour(r: Route | undefined): r is Behaviour {
  return typeof r === "function";
}

export interface RealServer {
  port: number;
  /** Bytes each connection received, in connection order. */
  received: string[];
  close(): Promise<void>;
}

/** A 127.0.0.1 server that plays `behaviour` once the first bytes arrive. */
export function startRealServer(behaviour: NodeBehaviour): Promise<RealServer> {
  const received: string[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((c) => {
    sockets.add(c);
    c.on("close", () => sockets.delete(c));
    c.on("error", () => undefined);
    const i = received.push("") - 1;
    let started = false;
    c.on("data", (d) => {
      received[i] += d.toString("latin1");
      if (!started) (started = true), behaviour(c);
    });
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const close = () =>
        new Promise<void>((r) => {
          for (const s of sockets) s.destroy();
          server.close(() => r());
        });
      resolve({ port: (server.address() as net.AddressInfo).port, received, close });
    });
  });
}

/** A 127.0.0.1 port with nothing listening (connections are refused). */
export async function closedPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", () => r()));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}
