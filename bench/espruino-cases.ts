// What the real-interpreter bench fetches: 256 KiB framed three ways, written
// by the server whole (the interpreter reads it in 536-byte pieces, as on
// Espruino WiFi, ESP32 and Linux), and which programs run each. ESP8266's
// 268-byte pieces cannot be had this way: over loopback the interpreter reads
// whatever has arrived, up to 536 bytes, so 268-byte writes came as 490
// pieces of 535 bytes on average (measured on 2v29 for Linux); they are
// counted in the simulation instead (bench.ts).

import type { Socket } from "node:net";
import { body, chunked, withLength } from "./responses";

/** app: build/app.js from a Storage file; raw, hand, http: the floors (floors.ts). */
export type Program = "app" | "raw" | "hand" | "http";

export interface Case {
  name: string;
  framing: "content-length" | "close-delimited" | "chunked" | "head";
  programs: Program[];
  /** The floor the app is held to, and the most it may take of it (0: no target, a figure to watch). */
  floor: Program;
  target: number;
}

/** Content-Length and close-delimited: at most 1.1x a socket that only counts. */
export const TARGET_LENGTH = 1.1;
/** chunked: at most 1.25x the hand-written decoder, with every check kept. */
export const TARGET_CHUNKED = 1.25;

export const CASES: Case[] = [
  { name: "content-length", framing: "content-length", programs: ["app", "raw", "http"], floor: "raw", target: TARGET_LENGTH },
  { name: "close-delimited", framing: "close-delimited", programs: ["app", "raw"], floor: "raw", target: TARGET_LENGTH },
  { name: "chunked", framing: "chunked", programs: ["app", "hand", "http"], floor: "hand", target: TARGET_CHUNKED },
  // What a request costs besides its body: connect, request, head, outcome.
  { name: "head only", framing: "head", programs: ["app", "raw"], floor: "raw", target: 0 },
];

const BODY = body();
const RESPONSES = {
  "content-length": withLength(BODY),
  "close-delimited": "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nConnection: close\r\n\r\n" + BODY,
  chunked: chunked(BODY),
  head: withLength(""),
};

export function response(c: Case): string {
  return RESPONSES[c.framing];
}

/**
 * Answers one connection: writes the response at once and closes, and reads
 * (and drops) the request as it comes. Waiting for the request first, the
 * interpreter went round its idle loop, busy with its open socket, until the
 * answer came: a count of passes (and instructions) that varied with how
 * the two processes were scheduled, up to 0.5 M from run to run of the same
 * program, each pass costing more where a timer is pending.
 */
export function serve(s: Socket, raw: string): void {
  s.setNoDelay(true);
  s.on("error", () => s.destroy());
  s.on("data", () => undefined);
  s.end(Buffer.from(raw, "latin1"));
}
