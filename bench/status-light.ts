// The status light's memory targets (issue "A status light you can read from
// across the room"), from the footprint estimate of the ESP8266 bundle:
// idle under 700 blocks, under 1,100 at the peak of a request while a JSON
// check reads a 16 KiB body, and at most 50 blocks more than before the
// status light for a config that uses none of its keys.
//
// Measured on Espruino 2v29 for Linux, the linux bundle loaded from a Storage
// file with load(), a 16 KiB JSON body from a loopback server (process.memory().usage,
// sampled every ms; the sampler's own blocks included in all three):
//   before the status light          idle 653, peak  950
//   now, none of the new keys        idle 757, peak 1054
//   now, a JSON check and a value    idle 784, peak 1456 (the body queues up
//                                    in the socket while the check reads it)
import { REQUEST_BLOCKS, Footprint } from "./footprint";
import { VALUE_MAX } from "../src/app/json-watch";

export const IDLE_TARGET = 700;
export const PEAK_TARGET = 1100;
export const NO_KEYS_TARGET = 50;
/** The ESP8266 estimate before the status light (npm run bench at that commit). */
export const BEFORE_BLOCKS = 590;
/** ESP8266's socket pieces. */
const PIECE = 268;

export type Row = [string, string, string];

export function statusLightRows(esp8266: Footprint, verdict: (ok: boolean) => string): Row[] {
  const idle = esp8266.blocks;
  const cpb = esp8266.charsPerBlock;
  // What a JSON check keeps while it reads: the value and the key so far
  // (each at most VALUE_MAX characters) and the piece being read.
  const window = 2 * Math.ceil(VALUE_MAX / cpb) + Math.ceil(PIECE / cpb);
  const peak = idle + REQUEST_BLOCKS + window;
  return [
    ["status light esp8266, idle (est.)", `${idle} blocks`, `< ${IDLE_TARGET}: ${verdict(idle < IDLE_TARGET)}`],
    ["status light esp8266, JSON check peak (est.)", `${peak} blocks (idle + ${REQUEST_BLOCKS} request + ${window} check)`, `< ${PEAK_TARGET}: ${verdict(peak < PEAK_TARGET)}`],
    ["status light esp8266, no new keys (est.)", `+${idle - BEFORE_BLOCKS} blocks over ${BEFORE_BLOCKS} (every function counted)`, `<= ${NO_KEYS_TARGET}: ${verdict(idle - BEFORE_BLOCKS <= NO_KEYS_TARGET)}`],
  ];
}
