// The small Espruino globals: print / console.log captured line by line, E
// (events such as 'init', kickWatchdog), save(), Modules (addCached takes a
// module's source string or a function, as on the board), getTime,
// digitalWrite/digitalRead. The runner (sim/runner.ts) puts them into the
// app's context with the clock, pins, sockets and WiFi.

import type { SimClock } from "./clock";
import { Emitter } from "./emitter";
import type { SimPin } from "./pins";

export interface ConsoleLine {
  /** ms on the simulation clock */
  t: number;
  text: string;
  /** print/console.log from the app, or an uncaught exception reported by the interpreter */
  kind: "print" | "uncaught";
}

/** E: Espruino's utility object. Only the parts apps use. */
export class SimE extends Emitter {
  kicks = 0;

  /** Bound: apps pass E.kickWatchdog around as a plain function. */
  kickWatchdog = (): void => {
    this.kicks++;
  };

  enableWatchdog(): void {
    // the simulation never resets by itself
  }

  getErrorFlags(): string[] {
    return [];
  }
}

/** How Espruino's print shows a value: strings raw, the rest as JSON where it can. */
export function formatValue(v: unknown): string {
  if (typeof v === "string") return v;
  if (v === undefined || typeof v === "function" || typeof v === "number" || typeof v === "boolean" || v === null) return String(v);
  try {
    return JSON.stringify(v);
  } catch {
    return String(v);
  }
}

export class EspruinoConsole {
  readonly lines: ConsoleLine[] = [];
  /** Called for every line as it is printed (`npm start`). */
  onLine?: (line: ConsoleLine) => void;

  constructor(private readonly clock: SimClock) {}

  /** What the app printed, one entry per print()/console.log() call. */
  get printed(): string[] {
    return this.lines.filter((l) => l.kind === "print").map((l) => l.text);
  }

  /** Uncaught exceptions, as the interpreter reported them. */
  get uncaught(): string[] {
    return this.lines.filter((l) => l.kind === "uncaught").map((l) => l.text);
  }

  print(...args: unknown[]): void {
    this.add("print", args.map(formatValue).join(" "));
  }

  /** Espruino reports an exception nobody caught and carries on. */
  uncaughtError(err: unknown): void {
    const e = err as { name?: string; message?: string };
    const text = e && typeof e === "object" && e.message !== undefined ? `Uncaught ${e.name || "Error"}: ${e.message}` : `Uncaught ${formatValue(err)}`;
    this.add("uncaught", text);
  }

  private add(kind: ConsoleLine["kind"], text: string): void {
    const line = { t: Math.round(this.clock.now()), text, kind };
    this.lines.push(line);
    if (this.onLine) this.onLine(line);
  }
}

function functionBody(fn: unknown): string {
  const text = String(fn);
  return text.slice(text.indexOf("{") + 1, text.lastIndexOf("}"));
}

/** Modules: the cache require() looks in first. */
export class SimModules {
  private cache = new Map<string, unknown>();

  /** @param evaluate runs a module's source in the app's context and returns its exports */
  constructor(private readonly evaluate: (name: string, source: string) => unknown) {}

  addCached(name: string, source: unknown): void {
    if (typeof source === "string") this.cache.set(String(name), this.evaluate(String(name), source));
    // A function's body is the module's text (measured on 2v29: it runs with
    // `exports` in scope). The Espruino tools upload modules this way.
    else if (typeof source === "function") this.cache.set(String(name), this.evaluate(String(name), functionBody(source)));
    else throw new TypeError("Modules.addCached expects the module's source as a string, or a function");
  }

  removeCached(name: string): void {
    this.cache.delete(String(name));
  }

  removeAllCached(): void {
    this.cache.clear();
  }

  getCached(): string[] {
    return Array.from(this.cache.keys());
  }

  has(name: string): boolean {
    return this.cache.has(name);
  }

  get(name: string): unknown {
    return this.cache.get(name);
  }

  /** For the runner: put a built-in module object in the cache. */
  provide(name: string, exports: unknown): void {
    this.cache.set(name, exports);
  }
}

/**
 * save(): as measured on Espruino 2v29, it runs once the current code has
 * finished: 'kill', the state is written, then 'init' and onInit() as at a
 * boot. The runner's powerCycle() plays a later boot from that state.
 */
export class SaveRecord {
  /** Clock times of the save() calls. */
  calls: number[] = [];

  constructor(private readonly clock: SimClock, private readonly E: SimE, private readonly onInit: () => void) {}

  save = (): void => {
    this.clock.defer(() => {
      this.E.emit("kill");
      this.calls.push(Math.round(this.clock.now()));
      this.E.emit("init");
      this.onInit();
    });
  };
}

function asPin(p: unknown): SimPin {
  if (!p || typeof (p as SimPin).write !== "function") throw new TypeError("Not a pin");
  return p as SimPin;
}

export function digitalWrite(pin: unknown, value: unknown): void {
  asPin(pin).write(value);
}

export function digitalRead(pin: unknown): number {
  return asPin(pin).read() ? 1 : 0;
}
