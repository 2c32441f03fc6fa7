// The response parser alone: its cost on the interpreter (statements and
// tokens per KiB, see cost-counter.ts) and the state it retains between
// pieces while a 256 KiB body streams through. (Its speed under Node is not
// measured: V8 shares substrings, so a figure of gigabytes per second says
// nothing about a board.)

import { join } from "node:path";
import * as vm from "node:vm";
import { ResponseParser, ParserOptions, endParser } from "../src/http/response-parser";
import { ROOT } from "../board/profiles";
import { COUNTER, Cost, newCounter } from "./cost-counter";
import { loadModule } from "./es5-modules";
import { Framing, pieces } from "./responses";

export interface PerKib {
  statements: number;
  tokens: number;
  calls: number;
}

export interface Retained {
  /** Most characters the parser held at once (its own fields, as JSON) after any piece. */
  peakChars: number;
  /** The same, over the first 16 KiB of body only. */
  earlyPeakChars: number;
  /** Held after the last piece. */
  endChars: number;
  flat: boolean;
}

interface Sink {
  bytes: number;
  done: string;
}

function handlers(sink: Sink) {
  return {
    onHead() {},
    onBody(c: string) {
      sink.bytes += c.length;
    },
    onEnd(e: { code: string } | null) {
      sink.done = e ? e.code : "complete";
    },
  };
}

function check(sink: Sink, bodyBytes: number, what: string): void {
  if (sink.done !== "complete" || sink.bytes !== bodyBytes) {
    throw new Error(`${what}: the parser gave ${sink.done || "nothing"} after ${sink.bytes} of ${bodyBytes} body bytes`);
  }
}

/** Interpreter cost per KiB of body: the parser as ES5, counted statement by statement. */
export function cost(f: Framing, bodyBytes: number): PerKib & { total: Cost } {
  const counter = newCounter();
  const context = vm.createContext({ [COUNTER]: counter });
  const mod = loadModule(join(ROOT, "src/http/response-parser.ts"), context, true);
  const sink = { bytes: 0, done: "" };
  const p = new mod.ResponseParser(handlers(sink));
  for (const x of pieces(f.raw)) p.push(x);
  endParser(p);
  check(sink, bodyBytes, f.name + " (ES5)");
  const kib = bodyBytes / 1024;
  const total = { statements: counter.statements, tokens: counter.tokens, calls: counter.calls };
  return { statements: total.statements / kib, tokens: total.tokens / kib, calls: total.calls / kib, total };
}

/** JSON size of what the parser keeps, its handlers left out. */
function heldChars(p: object): number {
  let n = 0;
  for (const [k, v] of Object.entries(p)) {
    if (k === "handlers_" || typeof v === "function") continue;
    // A number is one variable block on Espruino however many digits it
    // prints with (the body counters grow in digits, not in memory).
    n += k.length + (typeof v === "number" ? 8 : (JSON.stringify(v) || "").length);
  }
  return n;
}

const EARLY_BODY = 16 * 1024;
// Where a piece ends inside a chunk-size line ("3e8\r\n"), that part is kept
// until the next piece: which part depends on where the cut falls, and the
// cuts of the first 16 KiB need not hit the longest. Flat means no more than
// that over the early peak.
const PARTIAL_LINE = 5;

export function retained(f: Framing, bodyBytes: number): Retained {
  const sink = { bytes: 0, done: "" };
  const p = new ResponseParser(handlers(sink));
  let peak = 0;
  let early = 0;
  for (const x of pieces(f.raw)) {
    p.push(x);
    const held = heldChars(p);
    peak = Math.max(peak, held);
    if (sink.bytes <= EARLY_BODY) early = Math.max(early, held);
  }
  endParser(p);
  check(sink, bodyBytes, f.name);
  return { peakChars: peak, earlyPeakChars: early, endChars: heldChars(p), flat: peak <= early + PARTIAL_LINE };
}

export interface HeadPeak {
  /** Peak held while a 15 KiB head streams through, fields nobody asked for skipped. */
  longSkipped: number;
  /** The same for a 4 KiB head with every field kept, as the parser held heads before it skipped them. */
  shortKept: number;
}

/** A response whose head is about `bytes` long, most of it X-Trace lines. */
function longHead(bytes: number): string {
  const line = "X-Trace: " + "0123456789".repeat(10) + "\r\n";
  return "HTTP/1.1 200 OK\r\n" + line.repeat(Math.floor(bytes / line.length) - 1) + "Content-Length: 2\r\n\r\nok";
}

/** Most characters the parser holds at once (its fields, as JSON) while `raw` arrives in 536-byte pieces. */
function peakWhile(raw: string, options: ParserOptions): number {
  const sink = { bytes: 0, done: "" };
  const p = new ResponseParser(handlers(sink), options);
  let peak = 0;
  for (const x of pieces(raw)) {
    p.push(x);
    peak = Math.max(peak, heldChars(p));
  }
  endParser(p);
  check(sink, 2, "a long head");
  return peak;
}

export function headPeak(): HeadPeak {
  return {
    longSkipped: peakWhile(longHead(15 * 1024), {}),
    shortKept: peakWhile(longHead(4 * 1024), { keep: ["x-trace"], maxKept: Infinity }),
  };
}
