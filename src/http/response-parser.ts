// Streaming HTTP/1.1 response parser (RFC 9112) for one request per connection.
// push() takes the byte stream in pieces cut anywhere (one char per byte);
// endParser() says the connection closed. onEnd follows once, with null or the
// error, and nothing after it; bytes after a complete response are ignored.
// An exception while a piece is handled ends the response as INTERNAL.
//
// States (p.state_); the first five read lines (readLine, which hands a whole
// line to the state's handler in its switch), the others pass body bytes on
// (readBody; at a chunk's end chunkEnd takes its CRLF and a plain next size
// line in the same piece, with no line held):
//   STATUS    waiting for the status line; empty lines before it are skipped
//   FIELDS    header field lines, up to the empty line
//   TRAILER   trailer field lines after the last chunk, up to the empty line
//   SIZE      a chunk-size line
//   DATA_END  the CRLF that closes a chunk's data
//   LENGTH    body: p.left_ bytes to go (UNTIL_CLOSE when it runs until the close)
//   DATA      chunk data: p.left_ bytes to go
//   DONE      complete, failed or stopped: everything else is ignored
// p.left_ is 0 in every other state, so `piece.length < p.left_` alone says
// that a piece is body and does not finish it (push's fast path).
// A field line's name says whether it is kept (the framing fields, Location,
// the caller's `keep`); one that is not is checked as it passes and never
// held, trailers included, so memory goes to what is kept, not to what the
// server sends. Only the unfinished line is held between pieces, capped at
// maxLine. Body bytes pass with at most one substring per piece, never a
// loop over characters.
// Here: the parser, its line and body readers, the dispatch and the body's
// handlers. Beside it: the state constants and the outcome (parser-states.ts),
// the head's handlers (head-handlers.ts), which fields are kept and how the
// others pass (skipped-fields.ts), the counters that take a body nobody reads
// (counters.ts), what a caller passes in (parser-options.ts).

import { E_INTERNAL, E_PROTOCOL, E_TOO_LARGE } from "./errors";
import { DEFAULT_MAX_HEAD, DEFAULT_MAX_LINE, ParserLimits, ParserOptions, ResponseHandlers } from "./parser-options";
import { ResponseHead, fieldName } from "./head";
import { sizeLineOk, plainSize } from "./chunked";
import { STATUS, FIELDS, TRAILER, SIZE, DATA_END, LENGTH, DATA, DONE, finish, fail } from "./parser-states";
import { alwaysKept, skippedPart } from "./skipped-fields";
import { onStatusLine, onFieldLine, onHeadEnd, keepField } from "./head-handlers";
import { skip } from "./counters";

// The parser's API besides the class: bodyBytes (counters.ts) and endParser
// (parser-states.ts).
export { bodyBytes } from "./counters";
export { endParser } from "./parser-states";

export type { ResponseHead } from "./head";
export type { ResponseHandlers, ParserLimits, ParserOptions } from "./parser-options";

export class ResponseParser {
  // Internal state for the handlers; the bundler shortens the
  // `_`-suffixed names (tools/short-names.ts). On Espruino a property is
  // found by walking the object's properties in the order they were made:
  // the one read for every piece of a body comes first.
  /** Body or chunk bytes still expected (LENGTH, DATA); 0 in every other state. */
  left_ = 0;
  /** State: STATUS ... DONE. */
  state_ = STATUS;
  /** The unfinished line kept between pieces. */
  pending_ = "";
  /** Bytes of the current head (or trailer section) so far. */
  headBytes_ = 0;
  /** Body bytes announced so far (Content-Length, chunk sizes); announced_ - left_ were passed on. */
  announced_ = 0;
  /** Content-Length, Infinity when absent (set by the status line, as are coding_ and head_). */
  length_!: number;
  /** 0, TE_CHUNKED or TE_OTHER. */
  coding_!: number;
  /** The head being read. */
  head_!: ResponseHead | null;
  handlers_: ResponseHandlers;
  /** handlers.onBody, one lookup away on the fast path; null once it needs no more. */
  onBody_: ((chunk: string) => boolean | void) | null | undefined;
  /** The limits as given; defaults apply where they are absent. */
  limits_: ParserLimits;
  /**
   * maxLine and maxHead with their defaults, found once: read for every
   * line, where each `limits_.x || DEFAULT` costs about 40 K instructions
   * on Espruino (a property the options lack is looked for to the end).
   */
  maxLine_: number;
  maxHead_: number;
  /** Lower-case names of the fields kept. */
  keep_: string[];
  /** Bytes of the kept field lines of the current head. */
  keptBytes_!: number;

  constructor(handlers: ResponseHandlers, options?: ParserOptions) {
    this.handlers_ = handlers;
    this.onBody_ = handlers.onBody;
    this.limits_ = options = options || {};
    this.keep_ = alwaysKept().concat(options.keep || []);
    this.maxLine_ = options.maxLine || DEFAULT_MAX_LINE;
    this.maxHead_ = options.maxHead || DEFAULT_MAX_HEAD;
  }

  /**
   * Feeds the next piece of the byte stream. `from`: where in it to go on,
   * for rest() only (0 by default).
   */
  push(data: string, from?: number): void {
    try {
      // The bulk of a body (Content-Length, close-delimited, or inside a chunk):
      // a piece that does not finish it passes on whole, with one test and one
      // call. On Espruino every token per 536-byte piece costs, and this is
      // most of a download.
      if (data.length < this.left_ && data) {
        this.left_ -= data.length;
        if (this.onBody_ && this.onBody_(data) === true) skip(this);
        return;
      }
      // `from! | 0`: 0 when it is absent (undefined | 0 is 0).
      for (let i = from! | 0, n = data.length; i < n && this.state_ < DONE;) i = (this.state_ < TRAILER ? headLines : this.state_ < LENGTH ? readLine : readBody)(this, data, i);
    } catch (e) {
      // An exception here (a handler's, or a case this code gets wrong on one
      // interpreter) would leave parsing going on in a state nobody knows:
      // it ends the response instead. One thrown by a consumer after the
      // outcome has nothing left to end.
      if (this.state_ < DONE) fail(this, E_INTERNAL, "" + e);
    }
  }
}

/**
 * Reads up to the end of a line from data[i..]; a whole line goes, without
 * its CRLF, to the handler of the state (onLine), which returns what is
 * wrong with it (PROTOCOL), if anything. Head and trailer bytes are counted
 * against maxHead as they arrive. Returns the new position. The usual line
 * (whole in this piece, nothing held before it, no longer than maxLine) is
 * taken first, with no string made but the line. Only the unfinished line
 * is held between pieces, capped at maxLine; for a field line nobody keeps
 * (FIELDS and TRAILER), only what skippedPart leaves of it, so such a line
 * may be of any length. A held line made whole comes back here (`held`:
 * its bytes were counted).
 */
function readLine(p: ResponseParser, data: string, i: number, held?: boolean): number {
  const end = data.indexOf("\n", i) + 1;
  const last = end || data.length;
  const bytes = last - i;
  let wrong: string | void;
  let line: string;
  let skipped = "";
  // Counted as they arrive, once (a held line was counted as it came).
  if (!held && p.state_ < SIZE && (p.headBytes_ += bytes) > p.maxHead_) fail(p, E_TOO_LARGE, "head too long");
  // RFC 9112 2.2: lines end with CRLF; a bare LF is refused here and a bare
  // CR by each line's own rule (no controls), since a parser that read them
  // differently would frame the message differently. For the line "\n"
  // data[end - 2] is the end of the line before: the length tells.
  else if (end && !p.pending_ && (held || bytes <= p.maxLine_)) {
    if (wrong = bytes < 2 || data.charAt(end - 2) !== "\r" ? "line end" : onLine(p, data.slice(i, end - 2))) fail(p, E_PROTOCOL, "bad " + wrong);
  } else {
    line = p.pending_ + data.slice(i, last);
    p.pending_ = "";
    // In FIELDS and TRAILER: for a field line nobody keeps, what of it is
    // held (skipped-fields.ts); "" for any other line, held as it is.
    if ((!end || line.length > p.maxLine_) && p.state_ && p.state_ < SIZE) {
      skipped = skippedPart(p, line);
      if (skipped && !end) line = skipped;
    }
    if ((!end || !skipped) && line.length > p.maxLine_) fail(p, E_TOO_LARGE, "line too long");
    else if (end) readLine(p, line, 0, true);
    else p.pending_ = line;
  }
  return last;
}

/**
 * STATUS and FIELDS: the lines of a head as servers send them, taken in one
 * loop from data[i..]: whole in this piece, ending in CRLF, no longer than
 * maxLine; the status line, then the field lines, valid (fieldName) and
 * dropped or kept (keepField), up to the empty line, which ends the head.
 * The status line and the empty line go through onLine, which holds their
 * handlers: on Espruino that costs about 0.37 M instructions a request
 * (callgrind, 2v29 for Linux), and saves two functions, 13 variable blocks
 * for as long as the code is loaded. Any other line (one the piece cuts, a bad
 * field line) and a line held from the piece before go to readLine, with
 * all of its checks; so do the lines of a head past maxHead. Returns the
 * new position. On Espruino each line taken here costs about 0.2 M
 * instructions less than through readLine and the dispatch (2v29 for
 * Linux), and a head has ten or more.
 */
function headLines(p: ResponseParser, data: string, i: number): number {
  let wrong: string | void | false;
  while (!p.pending_ && p.state_ < TRAILER) {
    const end = data.indexOf("\n", i) + 1;
    const bytes = end - i;
    // No LF gives a count below 1.
    if (bytes < 2 || bytes > p.maxLine_ || data.charAt(end - 2) !== "\r" || p.headBytes_ + bytes > p.maxHead_) break;
    p.headBytes_ += bytes;
    // The status line and the empty line, once a head, go through onLine,
    // where their handlers are put in place.
    if (p.state_ === STATUS || bytes === 2) {
      wrong = onLine(p, data.slice(i, end - 2));
    } else {
      const line = data.slice(i, end - 2);
      const name = fieldName(line);
      // Not a field line: readLine reads it again and says so.
      if (!name) return readLine(p, data, i, true);
      const at = p.keep_.indexOf(name.toLowerCase());
      wrong = at >= 0 && keepField(p, line, name, at);
    }
    i = end;
    if (wrong) fail(p, E_PROTOCOL, "bad " + wrong);
  }
  return p.state_ < TRAILER && i < data.length ? readLine(p, data, i) : i;
}

/** Passes on up to p.left_ body bytes from data[i..]; returns the new position. */
function readBody(p: ResponseParser, data: string, i: number): number {
  let n = data.length - i;
  if (n > p.left_) n = p.left_;
  p.left_ -= n;
  if (p.onBody_ && p.onBody_(i || n < data.length ? data.slice(i, i + n) : data) === true) skip(p);
  if (p.left_) return i + n;
  if (p.state_ === DATA) return chunkEnd(p, data, i + n);
  if (p.state_ === LENGTH) finish(p);
  return i + n;
}

/**
 * A chunk's data ended at data[i]. RFC 9112 7.1: chunk-data ends with CRLF;
 * when the next chunk-size line follows it whole in this piece and is plain
 * (plainSize), both are taken here: one indexOf and one parseInt per chunk,
 * no line held. Anything else (extensions, upper case, a line split between
 * pieces, a wrong chunk end) is left at i in state DATA_END, for readLine
 * and all of its checks. Returns the new position. @once: readBody's.
 */
function chunkEnd(p: ResponseParser, data: string, i: number): number {
  // With no LF in the piece the text is "" (lf + 1 is 0), never the text before i.
  const lf = data.indexOf("\n", i + 2);
  const text = data.slice(i, lf + 1 || i);
  const size = parseInt(text, 16);
  if (plainSize(text, size)) {
    // The last chunk (size 0) is followed by the trailer section.
    p.announced_ += p.left_ = size;
    p.state_ = size ? DATA : TRAILER;
    return lf + 1;
  }
  p.state_ = DATA_END;
  return i;
}

/**
 * A whole line, without its CRLF, to the handler of the state that reads
 * it: a line cut between pieces, too long for headLines or a chunk-size line
 * that is not plain. The build puts the handlers called only from here in
 * place: this runs a few times a request, and a function costs about 5
 * variable blocks for as long as the code is loaded.
 */
function onLine(p: ResponseParser, line: string): string | void {
  switch (p.state_) {
    case FIELDS:
      if (line) return onFieldLine(p, line);
      return onHeadEnd(p);
    case STATUS: return onStatusLine(p, line);
    case TRAILER: return onTrailerLine(p, line);
    case SIZE: return onSizeLine(p, line);
    default: return onDataEnd(p, line);
  }
}

/**
 * A chunk-size line announces the next chunk's length, or with 0 the
 * trailer section. @once: onLine is its one caller.
 */
function onSizeLine(p: ResponseParser, line: string): string | void {
  // The plain lines servers send are taken by chunkEnd; what reaches this
  // (a line split between pieces, extensions) is checked whole. parseInt
  // reads its hex prefix, the size once the line is valid.
  const ok = sizeLineOk(line);
  if (!ok) return "chunk size";
  const size = parseInt(line, 16);
  // RFC 9112 7.1: the last chunk has size 0; the trailer section follows.
  if (!size) p.state_ = TRAILER;
  else {
    p.announced_ += p.left_ = size;
    p.state_ = DATA;
  }
}

/** The CRLF after a chunk's data, when it came in a later piece than the data. @once: from onLine. */
function onDataEnd(p: ResponseParser, line: string): string | void {
  // RFC 9112 7.1: chunk-data is followed by CRLF and nothing else.
  if (line) return "chunk end";
  p.state_ = SIZE;
}

/**
 * A trailer field line is checked and dropped (nothing here reads
 * trailers); the empty line ends the message. @once: from onLine.
 */
function onTrailerLine(p: ResponseParser, line: string): string | void {
  // RFC 9112 7.1.2: trailer fields have the field-line syntax; they are read
  // and ignored. The empty line ends the message.
  if (!line) finish(p);
  else if (!fieldName(line)) return "trailer line";
}
