// Rules for the chunk-size line of a chunked body (RFC 9112 7.1). The line
// arrives whole, without its CRLF. Extensions are checked against their
// grammar and then ignored: nothing in this client gives them a meaning.

import { CTL } from "./head";

// A size with more hex digits cannot be a real body and would overflow the
// 64-bit counters of other parsers (llhttp refuses 17 digits): refusing it
// keeps every party to the same framing.
export const MAX_SIZE_DIGITS = 15;

// The parser's fast path for a chunk-size line (chunkEnd) takes sizes below
// this (1e8: fewer bytes in the bundle than 16^7), at most 7 hex digits: 9
// bytes with the CRLF, fewer than the shortest status line (15 bytes), so no
// maxLine that let the head through would refuse it. A larger size goes
// through the line reader and its limits.
export const FAST_SIZE = 1e8;

/**
 * Whether `text` (the CRLF that ends a chunk's data, a chunk-size line, its
 * CRLF) announces `size` as servers write it: plain lower-case hex below
 * FAST_SIZE, nothing else. `size` is parseInt(text, 16), which skips the
 * leading CRLF as whitespace (on Espruino as in Node); what it may skip or
 * stop at differently, the text printed back catches. @inline: the build
 * puts it in place at each call (tools/inline.ts), since it runs at every
 * chunk boundary.
 */
export function plainSize(text: string, size: number): boolean {
  return size < FAST_SIZE && "\r\n" + size.toString(16) + "\r\n" === text;
}

/**
 * Whether `line`, a chunk-size line without its CRLF, is valid. @once: read
 * in one place (a size line that is not plain, plainSize above).
 */
export function sizeLineOk(line: string): boolean {
  // RFC 9112 7.1: chunk-size = 1*HEXDIG, then the extensions.
  const SIZE = /^[0-9A-Fa-f]+/;
  // RFC 9112 7.1.1: chunk-ext = *( BWS ";" BWS chunk-ext-name
  //   [ BWS "=" BWS chunk-ext-val ] ), chunk-ext-name = token,
  //   chunk-ext-val = token / quoted-string.
  // Espruino's engine runs no `?` and no quantified group, so the extensions
  // are reduced step by step instead: RFC 9110 5.6.4 quoted pairs become "@"
  // (allowed in a quoted string only), tokens "t", quoted strings "q", BWS
  // around ";" and "=" goes (BWS anywhere else stays and is refused); each
  // extension with a value becomes one without, and those must then make up
  // the rest of the line.
  const QUOTED_PAIR = /\\./g;
  const TOKEN = /[-!#$%&'*+\x2e^\x60\x7c~\w]+/g;
  const QUOTED_STRING = /"[^"\\]*"/g;
  const BWS = /[ \t]*([;=])[ \t]*/g;
  const WITH_VALUE = /;t=[qt]/g;
  const NAME_ONLY = /;t/g;
  const extensions = line.replace(SIZE, "");
  const digits = line.length - extensions.length;
  return digits > 0 && digits <= MAX_SIZE_DIGITS && !CTL.test(line) && !extensions
    .replace(QUOTED_PAIR, "@").replace(TOKEN, "t").replace(QUOTED_STRING, "q")
    .replace(BWS, "$1").replace(WITH_VALUE, ";t").replace(NAME_ONLY, "");
}
