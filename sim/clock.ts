// Time for the simulated board. Two clocks with one interface: a virtual one
// for tests (a 30 s timeout takes no real time and every run is the same) and
// the real one for `npm start`. Both satisfy src/device.ts `Timers`.
//
// App timers (setTimeout/setInterval) are counted by liveTimers(): a timer the
// app forgets to clear shows there. The simulation's own work (a socket event
// arriving, WiFi joining) is scheduled with defer() and is not counted.

import type { Timers } from "../src/device";

export type TimerId = number;
type Task = (...args: unknown[]) => void;

/** What both clocks offer: Espruino's timer globals plus the simulation's own queue. */
export interface SimClock extends Timers {
  setTimeout(fn: Task, ms?: number, ...args: unknown[]): TimerId;
  clearTimeout(...ids: unknown[]): void;
  setInterval(fn: Task, ms?: number, ...args: unknown[]): TimerId;
  clearInterval(...ids: unknown[]): void;
  /** Milliseconds since the clock started (getTime() * 1000 on the board). */
  now(): number;
  /** App timers (timeouts and intervals) not yet fired or cleared. */
  liveTimers(): number;
  /** Runs fn after ms as the simulation's own work (not an app timer). */
  defer(fn: () => void, ms?: number): void;
  /** Where an exception thrown by a callback goes; the default rethrows. */
  onError: (err: unknown) => void;
  /** Cancels every app timer (a power cycle without saved timers). */
  clearAll(): void;
  /** The interpreter died: nothing queued runs, nothing new is queued. */
  halt(): void;
}

interface Entry {
  id: number;
  due: number;
  seq: number;
  fn: Task;
  args: unknown[];
  /** Repeat period for intervals; 0 for one-shot. */
  every: number;
  /** App timer (counted) or the simulation's own task. */
  app: boolean;
}

function rethrow(err: unknown): void {
  throw err;
}

const NO_ID = "clearTimeout(undefined): Espruino needs a timer id (no argument clears every timer)";

// Espruino keeps timers in an array and gives a new one the index after the
// highest live one: when the newest timer has fired, its id comes back.
function espruinoId(live: Iterable<number>): number {
  let top = 0;
  for (const id of live) if (id > top) top = id;
  return top + 1;
}

/** Deterministic time: nothing runs until advance() or runUntilIdle(). */
export class VirtualClock implements SimClock {
  onError: (err: unknown) => void = rethrow;
  private time = 0;
  private seq = 0;
  private nextId = 1;
  private queue: Entry[] = [];
  private halted = false;

  now(): number {
    return this.time;
  }

  setTimeout(fn: Task, ms = 0, ...args: unknown[]): TimerId {
    return this.add(fn, ms, args, 0, true);
  }

  setInterval(fn: Task, ms = 0, ...args: unknown[]): TimerId {
    // Espruino runs a 0 ms interval as fast as it can; a floor keeps the
    // virtual clock from spinning forever at one instant.
    return this.add(fn, ms, args, Math.max(ms, 1), true);
  }

  // As on Espruino: with no argument every timer goes; an undefined id is an
  // error rather than a no-op. Ids are reused (see add), so clearing an id
  // that already fired can cancel someone else's timer, as on the board.
  clearTimeout(...ids: unknown[]): void {
    if (ids.length === 0) return this.clearAll();
    if (ids[0] === undefined) throw new Error(NO_ID);
    this.queue = this.queue.filter((e) => e.id !== ids[0] || !e.app);
  }

  clearInterval(...ids: unknown[]): void {
    this.clearTimeout(...ids);
  }

  defer(fn: () => void, ms = 0): void {
    this.add(fn, ms, [], 0, false);
  }

  liveTimers(): number {
    return this.queue.filter((e) => e.app).length;
  }

  /** Everything queued, app timers and simulation tasks. */
  pending(): number {
    return this.queue.length;
  }

  clearAll(): void {
    this.queue = this.queue.filter((e) => !e.app);
  }

  halt(): void {
    this.halted = true;
    this.queue = [];
  }

  /** Time of the next queued task, or undefined when nothing is queued. */
  nextDue(): number | undefined {
    return this.queue.length ? this.queue[0].due : undefined;
  }

  /** Moves time forward by ms, running everything that falls due on the way. */
  advance(ms: number): void {
    const target = this.time + Math.max(0, ms);
    while (this.queue.length && this.queue[0].due <= target) this.runNext();
    this.time = target;
  }

  /** Runs what is due now (zero-delay tasks), without moving time. */
  flush(): void {
    this.advance(0);
  }

  /**
   * Runs tasks until nothing is queued or limitMs of virtual time has passed
   * (an interval never ends by itself). Returns true when it went idle.
   */
  runUntilIdle(limitMs = 24 * 3600 * 1000): boolean {
    const limit = this.time + limitMs;
    while (this.queue.length && this.queue[0].due <= limit) this.runNext();
    if (this.queue.length) this.time = limit;
    return this.queue.length === 0;
  }

  /** Time passes without anything running: the interpreter is blocked (ESP32's connect). */
  block(ms: number): void {
    this.time += Math.max(0, ms);
  }

  private add(fn: Task, ms: number, args: unknown[], every: number, app: boolean): TimerId {
    if (typeof fn !== "function") throw new TypeError("setTimeout/setInterval needs a function");
    const delay = Math.max(0, Number(ms) || 0);
    const live = this.queue.filter((q) => q.app).map((q) => q.id);
    const e: Entry = { id: app ? espruinoId(live) : -this.nextId++, due: this.time + delay, seq: this.seq++, fn, args, every, app };
    if (!this.halted) this.insert(e);
    return e.id;
  }

  private insert(e: Entry): void {
    let i = this.queue.length;
    while (i > 0 && (this.queue[i - 1].due > e.due || (this.queue[i - 1].due === e.due && this.queue[i - 1].seq > e.seq))) i--;
    this.queue.splice(i, 0, e);
  }

  private runNext(): void {
    const e = this.queue.shift()!;
    this.time = Math.max(this.time, e.due);
    if (e.every > 0) {
      e.due += e.every;
      e.seq = this.seq++;
      this.insert(e);
    }
    try {
      e.fn(...e.args);
    } catch (err) {
      this.onError(err);
    }
  }
}

/** Node's timers take at most this (about 24.8 days); longer ones are capped, not fired at once. */
const NODE_MAX_DELAY = 2147483647;

function nodeDelay(ms: number): number {
  return Math.min(Math.max(0, Number(ms) || 0), NODE_MAX_DELAY);
}

/** Wall-clock time on Node's timers, for `npm start` and the bridged sockets. */
export class RealClock implements SimClock {
  onError: (err: unknown) => void = rethrow;
  private start = performance.now();
  private timers = new Map<number, NodeJS.Timeout>();
  private tasks = 0;
  private halted = false;

  now(): number {
    return performance.now() - this.start;
  }

  setTimeout(fn: Task, ms = 0, ...args: unknown[]): TimerId {
    const id = espruinoId(this.timers.keys());
    this.timers.set(id, setTimeout(() => {
      this.timers.delete(id);
      this.guard(() => fn(...args));
    }, nodeDelay(ms)));
    return id;
  }

  setInterval(fn: Task, ms = 0, ...args: unknown[]): TimerId {
    const id = espruinoId(this.timers.keys());
    this.timers.set(id, setInterval(() => this.guard(() => fn(...args)), Math.max(nodeDelay(ms), 1)));
    return id;
  }

  clearTimeout(...ids: unknown[]): void {
    if (ids.length === 0) return this.clearAll();
    if (ids[0] === undefined) throw new Error(NO_ID);
    const id = ids[0];
    const t = this.timers.get(id as number);
    if (t === undefined) return;
    clearTimeout(t);
    clearInterval(t);
    this.timers.delete(id as number);
  }

  clearInterval(...ids: unknown[]): void {
    this.clearTimeout(...ids);
  }

  defer(fn: () => void, ms = 0): void {
    this.tasks++;
    setTimeout(() => {
      this.tasks--;
      this.guard(fn);
    }, nodeDelay(ms));
  }

  liveTimers(): number {
    return this.timers.size;
  }

  /** Simulation tasks still to run (a socket event on its way). */
  pending(): number {
    return this.tasks + this.timers.size;
  }

  clearAll(): void {
    for (const id of Array.from(this.timers.keys())) this.clearTimeout(id);
  }

  halt(): void {
    this.halted = true;
    this.clearAll();
  }

  private guard(fn: () => void): void {
    if (this.halted) return;
    try {
      fn();
    } catch (err) {
      this.onError(err);
    }
  }
}
