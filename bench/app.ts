// The whole app, as uploaded (build/app.js built for a board), in the
// simulation: its interpreter cost per KiB of body (the bundle instrumented
// with cost counters, see cost-counter.ts) and the simulated board's memory
// while a 256 KiB response streams in.

import { runApp } from "../sim/runner";
import { onRequest } from "../sim/index";
import { COUNTER, Cost, instrument, minus, newCounter, snapshot } from "./cost-counter";
import { Framing, pieces } from "./responses";

export const HOST = "example.com";

export interface AppCost {
  /** Cost of one request with an empty body: WiFi already up, connect, request, head, outcome. */
  perRequest: Cost;
  /** Extra cost per KiB of body. */
  perKib: Cost;
  outcome: string;
}

export interface AppMemory {
  /** process.memory().usage of the simulated board: before the request, its peak, and after. */
  before: number;
  peak: number;
  after: number;
  /** Peak over the first 16 KiB of body: a flat app does not go above it later. */
  early: number;
  flat: boolean;
}

interface Streamed {
  cost: Cost;
  outcome: string;
  memory: AppMemory;
}

const EARLY_PIECES = 30;

/** Runs the app once against a server that sends `raw` one socket piece per ms. */
function stream(code: string, board: string, raw: string, counted: boolean): Streamed {
  const counter = newCounter();
  const ps = pieces(raw);
  const server = onRequest((_head, c) => {
    for (const p of ps) c.write(p, { delayMs: 1 });
    c.end();
  });
  const run = runApp({ code: counted ? instrument(code) : code, board, servers: { [HOST + ":80"]: server }, start: false });
  if (counted) (run.app.context as Record<string, unknown>)[COUNTER] = counter;
  run.start();
  const usage = () => run.stats().memory.usage;
  const before = usage();
  let peak = before;
  let early = before;
  let ms = 0;
  while (!run.printed.some((l) => /^(DONE|ERROR) /.test(l)) && ms < 60000) {
    run.clock.advance(1);
    ms++;
    peak = Math.max(peak, usage());
    if (ms <= EARLY_PIECES) early = peak;
  }
  const cost = snapshot(counter);
  run.clock.runUntilIdle();
  const outcome = run.printed.filter((l) => /^(DONE|ERROR) /.test(l)).join(" | ") || "no outcome";
  return { cost, outcome, memory: { before, peak, after: usage(), early, flat: peak <= early } };
}

export function appCost(code: string, board: string, f: Framing, bodyBytes: number, empty: string): AppCost {
  const base = stream(code, board, empty, true);
  const full = stream(code, board, f.raw, true);
  const d = minus(full.cost, base.cost);
  const kib = bodyBytes / 1024;
  return {
    perRequest: base.cost,
    perKib: { statements: d.statements / kib, tokens: d.tokens / kib, calls: d.calls / kib },
    outcome: full.outcome,
  };
}

export function appMemory(code: string, board: string, f: Framing): AppMemory & { outcome: string } {
  const r = stream(code, board, f.raw, false);
  return { ...r.memory, outcome: r.outcome };
}
