// The whole app, as uploaded (build/app.js built for a board), in the
// simulation: its interpreter cost per KiB of body (the bundle instrumented
// with cost counters, see cost-counter.ts) and the simulated board's memory
// while a 256 KiB response streams in.

import { runApp } from "../sim/runner";
import { onRequest, type VirtualClock } from "../sim/index";
import { COUNTER, Cost, CostCounter, instrument, minus, newCounter, snapshot, topFunctions } from "./cost-counter";
import { Framing, PIECE, pieces } from "./responses";

export const HOST = "example.com";
const HOTSPOTS = 6;
const REQUEST_HOTSPOTS = 12;

export interface AppCost {
  /** Running the bundle once at load: defining everything, starting the app. */
  load: Cost;
  /** Cost of one request with an empty body: WiFi, connect, request, head, outcome. */
  perRequest: Cost;
  /** Extra cost per KiB of body. */
  perKib: Cost;
  /** Where the tokens per KiB of body go: the costliest functions of the bundle. */
  hotspots: { fn: string; tokens: number }[];
  /** Where the tokens of one request with an empty body go. */
  requestHotspots: { fn: string; tokens: number }[];
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
  counter: CostCounter;
  /** Tokens by function at the end of loading (see CostCounter.byFunction). */
  loadByFunction: Record<number, number>;
  load: Cost;
  cost: Cost;
  outcome: string;
  memory: AppMemory;
}

/** The first pieces of body: a flat app never needs more memory after them. */
const EARLY_PIECES = 30;

/** Runs the app once against a server that sends `raw` one socket piece per ms. */
function stream(code: string, board: string, raw: string, counted: boolean, storage: Record<string, string>, piece = PIECE): Streamed {
  const counter = newCounter();
  const ps = pieces(raw, piece);
  let asked = Infinity;
  const server = onRequest((_head, c) => {
    asked = run.clock.now();
    for (const p of ps) c.write(p, { delayMs: 1 });
    c.end();
  });
  const run = runApp({ code: counted ? instrument(code) : code, storage, board, servers: { [HOST + ":80"]: server }, start: false });
  if (counted) (run.app.context as Record<string, unknown>)[COUNTER] = counter;
  const clock = run.clock as VirtualClock;
  run.start();
  const load = snapshot(counter);
  const loadByFunction = { ...counter.byFunction };
  const usage = () => run.stats().memory.usage;
  const before = usage();
  let peak = before;
  let early = before;
  let ms = 0;
  while (!run.printed.some((l) => /^(DONE|ERROR) /.test(l)) && ms < 60000) {
    clock.advance(1);
    ms++;
    peak = Math.max(peak, usage());
    if (clock.now() <= asked + EARLY_PIECES) early = peak;
  }
  const cost = minus(snapshot(counter), load);
  clock.runUntilIdle();
  const outcome = run.printed.filter((l) => /^(DONE|ERROR) /.test(l)).join(" | ") || "no outcome";
  return { counter, loadByFunction, load, cost, outcome, memory: { before, peak, after: usage(), early, flat: peak <= early } };
}

export function appCost(code: string, board: string, f: Framing, bodyBytes: number, empty: string, storage: Record<string, string>, piece = PIECE): AppCost {
  const base = stream(code, board, empty, true, storage, piece);
  const full = stream(code, board, f.raw, true, storage, piece);
  const d = minus(full.cost, base.cost);
  const kib = bodyBytes / 1024;
  return {
    hotspots: topFunctions(code, difference(full.counter.byFunction, base.counter.byFunction), HOTSPOTS, kib),
    requestHotspots: topFunctions(code, difference(base.counter.byFunction, base.loadByFunction), REQUEST_HOTSPOTS, 1),
    load: base.load,
    perRequest: base.cost,
    perKib: { statements: d.statements / kib, tokens: d.tokens / kib, calls: d.calls / kib },
    outcome: full.outcome,
  };
}

/** Tokens by function in `a` less those in `b`, as a counter topFunctions reads. */
function difference(a: Record<number, number>, b: Record<number, number>): CostCounter {
  const c = newCounter();
  for (const k of Object.keys(a)) c.byFunction[Number(k)] = a[Number(k)] - (b[Number(k)] || 0);
  return c;
}

export function appMemory(code: string, board: string, f: Framing, storage: Record<string, string>): AppMemory & { outcome: string } {
  const r = stream(code, board, f.raw, false, storage);
  return { ...r.memory, outcome: r.outcome };
}
