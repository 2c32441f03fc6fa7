// From a memory figure measured on Espruino for Linux to the same program on
// an ESP8266, which has no interpreter here. The two count the same blocks
// for everything (a function, a scope link, a number, an object) but
// strings: a block holds more characters on Linux (64-bit) than on a board
// with 1,600 variables (src/jsutils.h of Espruino 2v29:
// JSVAR_DATA_STRING_NAME_LEN is 8 on 64-bit and 4 on 32-bit; a string's
// first and extension blocks hold 4 more on an ESP8266, with 11-bit
// references). So the program prints trace() of the root once idle, which
// lists every variable with the blocks of each string, and each string kept
// is counted again as an ESP8266 stores it. Strings in flash (a function's
// code) are one block on both. The characters a block holds are the
// footprint model's (footprint.ts charsPerBlock).
import { charsPerBlock, DATA_BYTES_32 } from "./footprint";
import { getProfile } from "../board/profiles";

const CHARS_PER_BLOCK = charsPerBlock(getProfile("esp8266").variables);

/** Blocks a string of `chars` takes on an ESP8266: as a name (4 characters in its first block) or as a value. */
export function esp8266StringBlocks(chars: number, name: boolean): number {
  const first = name ? DATA_BYTES_32 : CHARS_PER_BLOCK;
  return 1 + Math.ceil(Math.max(0, chars - first) / CHARS_PER_BLOCK);
}

/** Characters of a string as trace() prints it: \xNN, \uNNNN and \c each stand for one. */
function printedLength(text: string): number {
  return text.replace(/\\x[0-9A-Fa-f]{2}|\\u[0-9A-Fa-f]{4}|\\./g, "x").length;
}

/**
 * How many more blocks the strings listed by trace() take on an ESP8266 than
 * they do on the Linux build that printed them (`Name String [2 blocks]
 * "timeoutMs"`, `String [1 blocks] "url"`; FlashString lines left out).
 */
export function esp8266ExtraBlocks(trace: string): number {
  const re = /(\w*) ?String \[(\d+) blocks\] "((?:[^"\\]|\\.)*)"/g;
  let extra = 0;
  for (let m = re.exec(trace); m; m = re.exec(trace)) {
    if (m[1] !== "Name" && m[1] !== "") continue;
    extra += esp8266StringBlocks(printedLength(m[3]), m[1] === "Name") - Number(m[2]);
  }
  return extra;
}
