// Runs build/app.js, unchanged, on a simulated board: the file that is
// uploaded is the file that is tested.
//
//   const run = runApp({ code, board: "esp8266", servers: { "example.com:80": respond(...) } });
//   run.clock.runUntilIdle();             // (a VirtualClock unless one is given)
//   run.printed, run.ledStates(), run.blinks(), run.stats(), run.powerCycle()

import * as vm from "node:vm";
import { VirtualClock, type SimClock } from "./clock";
import { createBoard, type BoardOptions, type SimBoard, type SimNet } from "./board";
import { createAppContext, type AppContext } from "./context";
import { blinkCount, BOARD_PINS, ledStates, type PinEvent } from "./pins";
import { codeBlocks, jsonChars, type CodeHome, type EspruinoMemory, type MemoryCounts } from "./memory";
import { SimulationCrash } from "./socket";

export interface RunOptions extends Omit<BoardOptions, "clock"> {
  /** build/app.js text */
  code: string;
  clock?: SimClock;
  /** The LED pin the app was built with (config "led"); default the profile's. */
  led?: string;
  /** The second LED (config "led2"); default the profile's; null: none. */
  led2?: string | null;
  ledActiveLow?: boolean;
  /** false: set up only; call run.start() (e.g. after adding servers). Default true. */
  start?: boolean;
  keepModernGlobals?: boolean;
  /** Where the code is kept: "flash" (a Storage file, as `npm run upload` leaves it; default) or "ram" (typed in). */
  loadedFrom?: CodeHome;
}

export interface RunStats {
  liveTimers: number;
  listeners: number;
  openSockets: number;
  memory: EspruinoMemory;
}

/** A running app on a simulated board: the board's parts plus what the app did. */
export interface AppRun extends SimBoard {
  clock: SimClock;
  app: AppContext;
  /** The crash that stopped the interpreter, or null. */
  crashed: string | null;
  /** Every print()/console.log() call, in order. */
  readonly printed: string[];
  /** Uncaught exceptions as the interpreter reported them. */
  readonly uncaught: string[];
  /** The LED's real pin name (LED1 on Espruino WiFi is B2). */
  ledPin: string;
  /** The second LED's real pin name (LED2 on Espruino WiFi is B12), or null. */
  led2Pin: string | null;
  ledActiveLow: boolean;
  start(): void;
  ledTimeline(): PinEvent[];
  ledStates(): { t: number; on: boolean }[];
  /** The second LED's states ([] without one). */
  led2States(): { t: number; on: boolean }[];
  blinks(fromT?: number): number;
  stats(): RunStats;
  /**
   * Power off and on after save(): sockets vanish without events, WiFi is
   * down, pins go low, then E 'init' handlers and onInit() run. The app's
   * variables survive (the saved state); timers too unless keepTimers is false.
   */
  powerCycle(opts?: { keepTimers?: boolean }): void;
}

function sockets(nets: (SimNet | undefined)[], f: (n: SimNet) => number): number {
  return nets.reduce((sum, n) => sum + (n ? f(n) : 0), 0);
}

function counts(run: AppRun, code: number): MemoryCounts {
  const nets = [run.net, run.tls];
  const ctx = run.app.context as Record<string, unknown>;
  const own = Object.getOwnPropertyNames(ctx).filter((k) => !run.app.builtins.has(k));
  const serialListeners = Object.values(run.serials).reduce((s, p) => s + p.listenerCount(), 0);
  return {
    codeBlocks: code,
    timers: run.clock.liveTimers(),
    sockets: sockets(nets, (n) => n.openSockets()),
    listeners: sockets(nets, (n) => n.liveListeners()) + (run.wifi ? run.wifi.listenerCount() : 0) + serialListeners + run.app.E.listenerCount(),
    globalChars: jsonChars(own.map((k) => ctx[k])),
  };
}

function resolveLed(board: SimBoard, led: string): string {
  const aliases = (BOARD_PINS[board.profile.id] || BOARD_PINS.linux).aliases;
  return aliases[led] || led;
}

function led2Name(given: string | null | undefined, profile: string | undefined): string | null {
  return given === undefined ? profile || null : given;
}

export function runApp(opts: RunOptions): AppRun {
  const clock = opts.clock || new VirtualClock();
  const code = codeBlocks(opts.code, opts.loadedFrom || "flash");
  const holder: { makeError?: AppContext["makeError"]; run?: AppRun } = {};
  const board = createBoard({ ...opts, clock, makeError: (n, m) => holder.makeError!(n, m) });
  const app = createAppContext({ board, clock, memory: () => counts(holder.run!, code), keepModernGlobals: opts.keepModernGlobals });
  holder.makeError = app.makeError;
  const run: AppRun = {
    ...board,
    clock,
    app,
    crashed: null,
    get printed() {
      return app.console.printed;
    },
    get uncaught() {
      return app.console.uncaught;
    },
    ledPin: resolveLed(board, opts.led || board.profile.led),
    led2Pin: led2Name(opts.led2, board.profile.led2) && resolveLed(board, led2Name(opts.led2, board.profile.led2)!),
    ledActiveLow: opts.ledActiveLow ?? board.profile.ledActiveLow,
    start: () => execute(run, opts.code),
    ledTimeline: () => board.pins.timeline.filter((e) => e.pin === run.ledPin),
    ledStates: () => ledStates(board.pins.timeline, run.ledPin, run.ledActiveLow),
    led2States: () => (run.led2Pin ? ledStates(board.pins.timeline, run.led2Pin, run.ledActiveLow) : []),
    blinks: (fromT = 0) => blinkCount(board.pins.timeline, run.ledPin, run.ledActiveLow, fromT),
    stats: () => stats(run, code),
    powerCycle: (o: { keepTimers?: boolean } = {}) => powerCycle(run, o.keepTimers !== false),
  };
  holder.run = run;
  clock.onError = (err) => onUncaught(run, err);
  if (opts.start !== false) run.start();
  return run;
}

function stats(run: AppRun, code: number): RunStats {
  const c = counts(run, code);
  const memory = (run.app.context as { process: { memory(): EspruinoMemory } }).process.memory();
  return { liveTimers: c.timers, listeners: c.listeners, openSockets: c.sockets, memory };
}

/**
 * Espruino reports an uncaught exception and carries on, unless process has
 * 'uncaughtException' listeners, which get it instead (src/jsinteractive.c,
 * jsiCheckErrors); a crash stops everything.
 */
function onUncaught(run: AppRun, err: unknown): void {
  if (err instanceof SimulationCrash) {
    run.crashed = err.message;
    run.app.console.uncaughtError(err);
    run.clock.halt();
    return;
  }
  const events = run.app.processEvents;
  if (!events.listenerCount("uncaughtException")) return run.app.console.uncaughtError(err);
  try {
    events.emit("uncaughtException", err);
  } catch (e) {
    run.app.console.uncaughtError(e);
  }
}

function execute(run: AppRun, code: string): void {
  guarded(run, () => vm.runInContext(code, run.app.context, { filename: "app.js" }));
}

function guarded(run: AppRun, fn: () => void): void {
  if (run.crashed) return;
  try {
    fn();
  } catch (err) {
    onUncaught(run, err);
  }
}

function powerCycle(run: AppRun, keepTimers: boolean): void {
  for (const net of [run.net, run.tls]) if (net) Array.from(net.table.open).forEach((s) => s.drop());
  if (!keepTimers) run.clock.clearAll();
  run.radio.disconnect();
  if (run.atModule) run.radio.ready = false;
  run.pins.clearAll();
  run.radio.step("power cycle");
  // ESP32/ESP8266 rejoin at boot by themselves after Wifi.save().
  if (run.wifi && run.wifi.saved) run.wifi.connect(run.wifi.ssidForBoot(), {}, undefined);
  guarded(run, () => run.app.E.emit("init"));
  const onInit = (run.app.context as { onInit?: unknown }).onInit;
  if (typeof onInit === "function") guarded(run, () => (onInit as () => void)());
}
