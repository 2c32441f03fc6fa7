// Rules for the chunk-size line of a chunked body (RFC 9112 7.1). The line
// arrives whole, without its CRLF. Extensions are checked for shape and then
// ignored: nothing in this client gives them a meaning.

import { CTL } from "./head";

// RFC 9112 7.1: chunk-size = 1*HEXDIG.
const HEX_RUN = /^[0-9A-Fa-f]+/;
// A size with more hex digits cannot be a real body and would overflow the
// 64-bit counters of other parsers (llhttp refuses 17 digits): refusing it
// keeps every party to the same framing.
const MAX_SIZE_DIGITS = 15;

// RFC 9112 7.1.1: chunk-ext = *( BWS ";" BWS chunk-ext-name
//   [ BWS "=" BWS chunk-ext-val ] ), chunk-ext-val = token / quoted-string.
// Only the shape that matters for framing is checked: a ";" and a name start
// the extensions, no control characters, and every quoted string is closed
// (a quoted pair such as \" does not count as a quote; control characters are
// refused before pairs are looked for).
const EXTENSIONS_START = /^[ \t]*;[ \t]*[-!#$%&'*+\x2e^_\x60\x7c~0-9A-Za-z]/;
const QUOTED_PAIR = /\\./g;

function extensionsOk(ext: string): boolean {
  return EXTENSIONS_START.test(ext) && !CTL.test(ext) && ext.replace(QUOTED_PAIR, "").split('"').length % 2 === 1;
}

/** The chunk size a chunk-size line announces, or -1 when the line is malformed. */
export function parseChunkSize(line: string): number {
  const hex = HEX_RUN.exec(line);
  if (!hex || hex[0].length > MAX_SIZE_DIGITS) return -1;
  const digits = hex[0];
  if (digits.length < line.length && !extensionsOk(line.substring(digits.length))) return -1;
  return parseInt(digits, 16);
}
