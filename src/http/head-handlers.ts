// The handlers of the head's states (STATUS, FIELDS; the legend is at the top
// of src/http/response-parser.ts): the status line, the field lines, and the
// empty line that ends the head and decides how the body is read. Each gets
// a whole line without its CRLF and returns what is wrong with it, if
// anything (PROTOCOL).

import type { ResponseParser } from "./response-parser";
import { E_TOO_LARGE } from "./errors";
import { fieldName, statusLineOk, REASON_AT } from "./head";
import { DEFAULT_MAX_KEPT, DEFAULT_MAX_FRAMING } from "./parser-options";
import { STATUS, FIELDS, SIZE, LENGTH, DONE, finish, fail } from "./parser-states";
import { CONTENT_LENGTH_AT, TRANSFER_ENCODING_AT, FRAMING_FIELDS } from "./skipped-fields";
import { skip } from "./counters";

// RFC 9112 6.1: what the transfer codings mean for framing (p.coding_).
const TE_CHUNKED = 1;
const TE_OTHER = 2;

// RFC 9110 8.6: more Content-Length digits than this cannot be a real body,
// and 20 digits can overflow the 64-bit counters of other parsers.
const MAX_LENGTH_DIGITS = 19;
// RFC 9112 6.3: a body with no length runs until the close. It is counted
// down from this (exact in a double, beyond any real download) so that p.left_
// stays a count and p.announced_ - p.left_ the bytes passed on.
const UNTIL_CLOSE = 9e15;

/**
 * The status line starts a head; its version and status decide what the
 * head means. @once: from onLine (headLines sends it there too).
 */
export function onStatusLine(p: ResponseParser, line: string): string | void {
  // RFC 9112 2.2: empty lines before a message are ignored (also between an
  // interim 1xx response and the next one).
  if (!line) return;
  const version = line.slice(5, 8);
  p.length_ = Infinity;
  p.coding_ = p.keptBytes_ = 0;
  // HTTP/1.x as this client speaks it, plus the 0.9 label llhttp also
  // accepts; compared whole (Espruino's multi-character indexOf can match
  // past the end of a string). Three comparisons, not a list: an array made
  // at each call costs more, and one kept for as long as the code is loaded
  // costs variable blocks all that time.
  if (!statusLineOk(line) || version !== "1.1" && version !== "1.0" && version !== "0.9") return "status line";
  p.head_ = { version: version, status: +line.slice(9, 12), reason: line.slice(REASON_AT), headers: [] };
  p.state_ = FIELDS;
}

/**
 * A header field line: checked always, kept only when its name is asked
 * for, read when it frames the body. @once: from onLine (headLines takes
 * the lines whole in their piece).
 */
export function onFieldLine(p: ResponseParser, line: string): string | void {
  const name = fieldName(line);
  if (!name) return "header line";
  // The name's place in p.keep_ (-1: a field nobody keeps, dropped here).
  // What a kept field needs is in a function of its own: on Espruino a
  // function's whole text is lexed at each call, and most fields are dropped.
  const at = p.keep_.indexOf(name.toLowerCase());
  if (at >= 0) return keepField(p, line, name, at);
}

/** A field line somebody keeps, named `name` (at: its place in p.keep_): bounded, read when it frames the body, kept. */
export function keepField(p: ResponseParser, line: string, name: string, at: number): string | void {
  const size = line.length;
  // What is kept is bounded, whatever the server sends.
  if ((p.keptBytes_ += size) > (p.limits_.maxKept || DEFAULT_MAX_KEPT)) return void fail(p, E_TOO_LARGE, "kept fields too long");
  if (at < FRAMING_FIELDS && size > (p.limits_.maxFraming || DEFAULT_MAX_FRAMING)) return void fail(p, E_TOO_LARGE, name + " too long");
  // RFC 9110 5.6.3: OWS (SP, HTAB) before and after the value is not part
  // of it. The usual value has one SP before it and none after: a slice.
  // Any other goes through two patterns: Espruino's engine leaves the
  // trailing OWS of "a " with /^[ \t]+|[ \t]+$/g (2v29). Not trim(): Node's
  // strips 0xA0 too, an obs-text byte a value may end with. Only a kept
  // field's value is read: each pattern costs about 0.1 M instructions on
  // Espruino, made and run, the slice and its tests about half of both.
  const raw = line.slice(name.length + 1);
  const second = raw.charAt(1);
  const last = raw.charAt(raw.length - 1);
  const value = raw.charAt(0) === " " && second !== " " && second !== "\t" && last !== " " && last !== "\t" ? raw.slice(1)
    : raw.replace(/^[ \t]+/, "").replace(/[ \t]+$/, "");
  // RFC 9110 8.6 / RFC 9112 6.3: an invalid Content-Length (1*DIGIT), or
  // several that differ, leave the framing unknown.
  if (at === CONTENT_LENGTH_AT) {
    if (!/^[0-9]+$/.test(value) || value.length > MAX_LENGTH_DIGITS || (p.length_ < Infinity && p.length_ !== +value)) return "Content-Length";
    p.length_ = +value;
  }
  // RFC 9112 6.1 / 6.3: the body is chunked only when chunked is the last
  // coding (names ignore case); repeated fields form one list, so the last
  // field decides.
  if (at === TRANSFER_ENCODING_AT) p.coding_ = /[, \t]chunked$/i.test(" " + value) ? TE_CHUNKED : TE_OTHER;
  p.head_!.headers.push([name, value]);
}

/**
 * The empty line ends the head: the framing it announced decides how the
 * body is read. @once: from onLine (headLines sends it there too).
 */
export function onHeadEnd(p: ResponseParser): string | void {
  const head = p.head_!;
  const status = head.status;
  // RFC 9110 15.2: 1xx responses are interim and the final one follows; 101
  // switches protocols, which a GET that asked for no upgrade must not get.
  p.headBytes_ = 0;
  if (status === 101) return "status 101";
  if (status < 200) return void (p.state_ = STATUS);
  // RFC 9112 6.1 / 6.3: Transfer-Encoding next to Content-Length is how
  // messages are smuggled; refuse rather than pick one.
  if (p.coding_ && p.length_ < Infinity) return "framing (TE and CL)";
  p.handlers_.onHead(head);
  // A consumer may have ended the parser from onHead (endParser() inside it).
  if (p.state_ === DONE) return;
  // RFC 9112 6.3: 204 and 304 never have a body; then Transfer-Encoding
  // (chunked last: chunked, otherwise until the close); then Content-Length;
  // otherwise the body runs until the connection closes (p.length_ is Infinity).
  if (status === 204 || status === 304 || !p.length_) return void finish(p);
  if (p.coding_ === TE_CHUNKED) p.state_ = SIZE;
  else {
    p.left_ = p.announced_ = p.length_ < Infinity ? p.length_ : UNTIL_CLOSE;
    p.state_ = LENGTH;
  }
  // Nobody reads this body: it is only counted, from the start.
  if (!p.onBody_) skip(p);
}
