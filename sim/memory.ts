// process.memory() for the simulated board, in Espruino's unit: variable
// blocks. V8 cannot say what an app's closures hold, so the estimate counts
// what the simulation can see the app holding, with a fixed cost for each:
//
//   the source code, as the app is loaded:
//     from a Storage file (what `npm run upload` does; the default): each
//       function's text stays in flash, so FUNCTION_BLOCKS + SCOPE_LINK_BLOCKS
//       + FLASH_TEXT_BLOCKS a function
//     typed or sent into RAM: 1 block per 12 chars of text
//   each live app timer                               : TIMER_BLOCKS
//   each open socket                                  : SOCKET_BLOCKS
//   each listener (sockets, Wifi, serial ports, E)    : LISTENER_BLOCKS
//   anything reachable from the app's own globals     : 1 block per 12 chars of JSON
//
// So the numbers move with the leaks that matter on a board (a timer not
// cleared, a socket not closed, a listener added per request, a growing
// global) and stay flat for an app that frees what it used. They are an
// estimate for spotting trends, not the board's exact count.

export const CHARS_PER_BLOCK = 12;
export const TIMER_BLOCKS = 6;
export const SOCKET_BLOCKS = 20;
export const LISTENER_BLOCKS = 4;
/** A function: its variable and the name its code hangs on. */
export const FUNCTION_BLOCKS = 2;
/**
 * A function's link to the one scope it was made in (none at the root; an
 * array of scopes deeper down: bench/footprint.ts counts those, the
 * simulation charges every function one link).
 */
export const SCOPE_LINK_BLOCKS = 1;
/** A function's text run from flash: one native string, pointer and length. */
export const FLASH_TEXT_BLOCKS = 1;

/** Where the interpreter keeps the program's text. */
export type CodeHome = "flash" | "ram";

/** Blocks the program's text and functions take, loaded from `home`. */
export function codeBlocks(code: string, home: CodeHome): number {
  if (home === "ram") return Math.ceil(code.length / CHARS_PER_BLOCK);
  const functions = code.match(/\bfunction\b/g);
  return (functions ? functions.length : 0) * (FUNCTION_BLOCKS + SCOPE_LINK_BLOCKS + FLASH_TEXT_BLOCKS);
}

export interface MemoryCounts {
  /** What the program's text and functions take (codeBlocks()). */
  codeBlocks: number;
  timers: number;
  sockets: number;
  listeners: number;
  /** Characters of JSON reachable from the app's own global variables. */
  globalChars: number;
}

export interface EspruinoMemory {
  free: number;
  usage: number;
  total: number;
  history: number;
  gc: number;
  gctime: number;
  blocksize: number;
}

export function usedBlocks(c: MemoryCounts): number {
  return (
    c.codeBlocks +
    c.timers * TIMER_BLOCKS +
    c.sockets * SOCKET_BLOCKS +
    c.listeners * LISTENER_BLOCKS +
    Math.ceil(c.globalChars / CHARS_PER_BLOCK)
  );
}

export function memoryReport(total: number, c: MemoryCounts): EspruinoMemory {
  const usage = Math.min(total, usedBlocks(c));
  return { free: total - usage, usage, total, history: 0, gc: 0, gctime: 0, blocksize: 16 };
}

/** JSON size of the given values; functions and cycles count as nothing. */
export function jsonChars(values: unknown[]): number {
  let n = 0;
  for (const v of values) {
    if (typeof v === "function" || v === undefined) continue;
    try {
      n += (JSON.stringify(v) || "").length;
    } catch {
      // a cycle: count what a shallow look sees
      n += Object.keys(v as object).length * CHARS_PER_BLOCK;
    }
  }
  return n;
}
