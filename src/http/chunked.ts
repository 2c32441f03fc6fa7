// Rules for the chunk-size line of a chunked body (RFC 9112 7.1). The line
// arrives whole, without its CRLF. Extensions are checked for shape and then
// ignored: nothing in this client gives them a meaning.

import { CTL } from "./head";

// A size with more hex digits cannot be a real body and would overflow the
// 64-bit counters of other parsers (llhttp refuses 17 digits): refusing it
// keeps every party to the same framing.
export const MAX_SIZE_DIGITS = 15;

/** Whether `line`, a chunk-size line without its CRLF, is valid. */
export function sizeLineOk(line: string): boolean {
  // RFC 9112 7.1: chunk-size = 1*HEXDIG, then the extensions.
  const SIZE_LINE = /^([0-9A-Fa-f]+)(.*)/;
  // RFC 9112 7.1.1: chunk-ext = *( BWS ";" BWS chunk-ext-name
  //   [ BWS "=" BWS chunk-ext-val ] ), chunk-ext-val = token / quoted-string.
  // Only the shape that matters for framing is checked: a ";" and a name
  // start the extensions, no control characters, and every quoted string is
  // closed (a quoted pair such as \" does not count as a quote).
  const EXTENSIONS_START = /^[ \t]*;[ \t]*[-!#$%&'*+\x2e^_\x60\x7c~0-9A-Za-z]/;
  const QUOTED_PAIR = /\\./g;
  const m = SIZE_LINE.exec(line);
  const ext = m ? m[2] : "";
  return !!m && m[1].length <= MAX_SIZE_DIGITS && !CTL.test(line) &&
    (!ext || EXTENSIONS_START.test(ext) && ext.replace(QUOTED_PAIR, "").split('"').length % 2 === 1);
}
