// The status light's memory targets (issue "A status light you can read from
// across the room"): for ESP8266, idle under 700 blocks, under 1,100 at the
// peak of a request while a JSON check reads a 16 KiB body, and at most 50
// blocks more than before the status light for a config that uses none of
// its keys.
//
// With an interpreter (`--espruino`), the idle figure is the linux app's,
// measured on Espruino for Linux once its request is over, with its strings
// counted again as an ESP8266 keeps them (interpreter-memory.ts); "no new
// keys" compares the measured Linux figure with the same program's before
// the status light. Without one, the static estimate of the ESP8266 bundle
// (footprint.ts) stands in: a ceiling, counting every function alive at once,
// the start-only ones and a request's closures too.
//
// The peak adds what a request takes while it runs (REQUEST_BLOCKS, measured)
// and what a JSON check keeps while it reads: the value and the key so far
// (each at most VALUE_MAX characters) and the piece being read. Measured on
// Espruino 2v29 for Linux, a 16 KiB JSON body from a loopback server
// (process.memory().usage, sampled every ms; the sampler's own blocks
// included in all three), on d2ef744's bundle: before the status light idle
// 653, peak 950; none of the new keys idle 757, peak 1054; a JSON check and a
// value idle 784, peak 1456 (the body queues up in the socket while the check
// reads it).
import { REQUEST_BLOCKS, Footprint } from "./footprint";
import type { InterpreterMemory } from "./interpreter-memory";
import { VALUE_MAX } from "../src/app/json-watch";

export const IDLE_TARGET = 700;
export const PEAK_TARGET = 1100;
export const NO_KEYS_TARGET = 50;
/** The ESP8266 estimate before the status light (npm run bench at d2ef744^, the footprint model of then). */
export const BEFORE_BLOCKS = 590;
/**
 * The linux app before the status light (2d52f16, the parent of d2ef744),
 * measured as interpreter-memory.ts measures today's: loaded from Storage,
 * its settings built in as it had them then, idle after a refused request.
 */
export const BEFORE_MEASURED = 654;
/** ESP8266's socket pieces. */
const PIECE = 268;

export type Row = [string, string, string];

export function statusLightRows(esp8266: Footprint, measured: InterpreterMemory | null, verdict: (ok: boolean) => string): Row[] {
  const idle = measured ? measured.esp8266 : esp8266.blocks;
  const how = measured ? `(Linux ${measured.fromStorage}, strings as on ESP8266)` : "(est., every function counted)";
  const cpb = esp8266.charsPerBlock;
  const window = 2 * Math.ceil(VALUE_MAX / cpb) + Math.ceil(PIECE / cpb);
  const peak = idle + REQUEST_BLOCKS + window;
  const more = measured ? measured.fromStorage - BEFORE_MEASURED : esp8266.blocks - BEFORE_BLOCKS;
  const before = measured ? `Linux ${BEFORE_MEASURED} before the status light (measured the same way)` : `${BEFORE_BLOCKS} (est.)`;
  return [
    ["status light esp8266, idle", `${idle} blocks ${how}`, `< ${IDLE_TARGET}: ${verdict(idle < IDLE_TARGET)}`],
    ["status light esp8266, JSON check peak (est.)", `${peak} blocks (idle + ${REQUEST_BLOCKS} request + ${window} check)`, `< ${PEAK_TARGET}: ${verdict(peak < PEAK_TARGET)}`],
    ["status light, no new keys", `${more < 0 ? more : "+" + more} blocks over ${before}`, `<= ${NO_KEYS_TARGET}: ${verdict(more <= NO_KEYS_TARGET)}`],
  ];
}
