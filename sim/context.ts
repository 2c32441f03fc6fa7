// The app's global scope: a Node `vm` context whose only globals are the
// simulated Espruino ones (plus the language's own built-ins, minus those
// Espruino does not have), so build/app.js runs here exactly as uploaded.

import * as vm from "node:vm";
import type { SimClock } from "./clock";
import type { SimBoard } from "./board";
import { boardPinGlobals } from "./pins";
import { EspruinoConsole, SaveRecord, SimE, SimModules, digitalRead, digitalWrite } from "./espruino";
import { SimStorage } from "./storage";
import { memoryReport, type EspruinoMemory, type MemoryCounts } from "./memory";
import type { ErrorFactory } from "./net-errors";
import { MISSING_GLOBALS, MISSING_MEMBERS, MISSING_METHODS } from "../board/espruino-lacks";
import { Emitter } from "./emitter";

/**
 * Removes from a context what V8 has and Espruino does not; V8 keeps what is
 * not configurable (Number.MAX_SAFE_INTEGER and the other constants), which
 * only the bundle check stops.
 */
const STRIP = [
  ...MISSING_GLOBALS.map((n) => `globalThis.${n}`),
  ...Object.keys(MISSING_MEMBERS).flatMap((g) => MISSING_MEMBERS[g].map((m) => `${g}.${m}`)),
  ...MISSING_METHODS.map((m) => `Object.prototype.${m}`),
].map((what) => `delete ${what};`).join("");

export const ESPRUINO_VERSION = "2v29";
/** The AT module's name; the Espruino tools upload it with the app. */
export const AT_MODULE = "ESP8266WiFi_0v25";

export interface AppContext {
  context: vm.Context;
  console: EspruinoConsole;
  E: SimE;
  saves: SaveRecord;
  modules: SimModules;
  /** require("Storage"): its files. */
  storage: SimStorage;
  makeError: ErrorFactory;
  /** Names the context started with: anything else is the app's own global. */
  builtins: Set<string>;
  /** The events of `process` ('uncaughtException' listeners). */
  processEvents: Emitter;
}

export interface ContextOptions {
  board: SimBoard;
  clock: SimClock;
  memory: () => MemoryCounts;
  /** Keep Map, Set, Symbol... (default false: removed, as on the board). */
  keepModernGlobals?: boolean;
}

function timerGlobals(clock: SimClock) {
  return {
    setTimeout: (fn: () => void, ms?: number, ...a: unknown[]) => clock.setTimeout(fn, ms, ...a),
    clearTimeout: (...ids: unknown[]) => clock.clearTimeout(...ids),
    setInterval: (fn: () => void, ms?: number, ...a: unknown[]) => clock.setInterval(fn, ms, ...a),
    clearInterval: (...ids: unknown[]) => clock.clearInterval(...ids),
    getTime: () => clock.now() / 1000,
  };
}

function processGlobal(board: SimBoard, memory: () => MemoryCounts, events: Emitter) {
  return {
    version: ESPRUINO_VERSION,
    env: { VERSION: ESPRUINO_VERSION, BOARD: board.profile.espruinoBoard },
    memory: (): EspruinoMemory => memoryReport(board.profile.variables, memory()),
    on: (event: string, fn: (...a: unknown[]) => void) => events.on(event, fn),
    removeAllListeners: (event?: string) => events.removeAllListeners(event),
  };
}

/** require() as Espruino resolves it: cached modules, the firmware's own, then a Storage file (kept as loaded). */
function requireFn(board: SimBoard, modules: SimModules, storage: SimStorage, makeError: ErrorFactory) {
  return (name: string): unknown => {
    const n = String(name);
    if (modules.has(n)) return modules.get(n);
    if (n === "net" && board.net) return board.net;
    if (n === "tls" && board.tls) return board.tls;
    if (n === "Wifi" && board.wifi) return board.wifi;
    if (n === "Storage") return storage;
    const file = storage.read(n);
    if (!file) throw makeError("Error", `Module ${n} not found`);
    modules.addCached(n, file);
    return modules.get(n);
  };
}

export function createAppContext(o: ContextOptions): AppContext {
  const context = vm.createContext({});
  if (!o.keepModernGlobals) vm.runInContext(STRIP, context);
  const makeError = vm.runInContext(
    "(function (name, message) { var e = new Error(message); e.name = name; return e; })",
    context,
  ) as ErrorFactory;
  const out = new EspruinoConsole(o.clock);
  const E = new SimE();
  const saves = new SaveRecord(o.clock, E, () => {
    const onInit = (context as { onInit?: unknown }).onInit;
    if (typeof onInit === "function") onInit();
  });
  const modules = new SimModules((name, src) => evaluateModule(context, name, src));
  if (o.board.atModule) modules.provide(AT_MODULE, o.board.atModule);
  // Storage is flash: the board's, so it outlives a power cycle.
  const storage = o.board.storage;
  storage.makeError = makeError;
  storage.parse = vm.runInContext("JSON.parse", context) as (text: string) => unknown;
  const print = (...a: unknown[]) => out.print(...a);
  const processEvents = new Emitter();
  Object.assign(context, {
    ...timerGlobals(o.clock),
    ...boardPinGlobals(o.board.pins, o.board.profile.id),
    ...o.board.serials,
    print,
    console: { log: print, warn: print, error: print, info: print },
    process: processGlobal(o.board, o.memory, processEvents),
    E,
    save: saves.save,
    Modules: modules,
    require: requireFn(o.board, modules, storage, makeError),
    digitalWrite,
    digitalRead,
  });
  vm.runInContext("var global = this;", context);
  const builtins = new Set(vm.runInContext("Object.getOwnPropertyNames(this)", context) as string[]);
  return { context, console: out, E, saves, modules, storage, makeError, builtins, processEvents };
}

/** A module's source, run like Espruino does: `exports` and `module` in scope. */
function evaluateModule(context: vm.Context, name: string, source: string): unknown {
  const wrapper = vm.runInContext(`(function (exports, module) {\n${source}\n})`, context, { filename: `module:${name}` });
  const module = { exports: vm.runInContext("({})", context) };
  wrapper(module.exports, module);
  return module.exports;
}
