// Streaming HTTP/1.1 response parser (RFC 9112) for one request per connection.
// push() takes the byte stream in pieces cut anywhere (one char per byte);
// end() says the connection closed. Exactly one of onComplete / onError
// follows, and nothing after it; bytes after a complete response are ignored.
// An exception while a piece is handled ends the response as INTERNAL.
//
// States (p.state_); the first five read lines (readLine, which hands a whole
// line to the state's handler in its switch), the others pass body bytes on
// (readBody):
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

import { HttpError, httpError, CodeNumber, E_INTERNAL, E_PROTOCOL, E_TOO_LARGE, E_TRUNCATED } from "./errors";
import { ResponseHead, CTL, parseField, statusLineOk, REASON_AT } from "./head";
import { sizeLineOk, MAX_SIZE_DIGITS } from "./chunked";

export type { ResponseHead } from "./head";

export interface ResponseHandlers {
  onHead(head: ResponseHead): void;
  /**
   * Decoded body bytes (chunk framing removed), as they arrive; never empty.
   * Without it the body is only counted. Returns true (exactly: a sink that happens to return a count or a
   * string keeps getting the body) once it needs no more of the body: the
   * rest is then only counted (bytes()), and onSkip follows.
   */
  onBody?(chunk: string): boolean | void;
  /** The body is only counted from here on: the pieces may go to count_() instead of push(). */
  onSkip?(): void;
  onComplete(): void;
  onError(err: HttpError): void;
}

export interface ParserLimits {
  /** Bytes of one head, and of the trailer section, counted as they pass, skipped lines included (default 16384, as Node's). */
  maxHead?: number;
  /** Bytes of a line held whole, with its CRLF: the status line, a kept field line, a chunk-size line (default 1024). */
  maxLine?: number;
  /** Bytes of the kept field lines of one head together (default 2048). */
  maxKept?: number;
  /** Bytes of a framing field line, Content-Length or Transfer-Encoding (default 128). */
  maxFraming?: number;
}

export interface ParserOptions extends ParserLimits {
  /** Lower-case names of the fields to keep in the head, besides the framing fields and Location. */
  keep?: string[];
}

// Sized for a board with a few thousand variable blocks: only kept lines are
// held, so a long head costs its kept fields, not its length.
const DEFAULT_MAX_HEAD = 16384;
const DEFAULT_MAX_LINE = 1024;
const DEFAULT_MAX_KEPT = 2048;
const DEFAULT_MAX_FRAMING = 128;

const STATUS = 0;
const FIELDS = 1;
const TRAILER = 2;
const SIZE = 3;
const DATA_END = 4;
const LENGTH = 5;
const DATA = 6;
const DONE = 7;

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

export class ResponseParser {
  // Internal state for the handlers below; the bundler shortens the
  // `_`-suffixed names (tools/short-names.ts).
  /** State: STATUS ... DONE. */
  state_ = STATUS;
  /** The unfinished line kept between pieces. */
  pending_ = "";
  /** Bytes of the current head (or trailer section) so far. */
  headBytes_ = 0;
  /** Body or chunk bytes still expected (LENGTH, DATA); 0 in every other state. */
  left_ = 0;
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
  /** Lower-case names of the fields kept. */
  keep_: string[];
  /** Bytes of the kept field lines of the current head. */
  keptBytes_!: number;

  constructor(handlers: ResponseHandlers, options?: ParserOptions) {
    this.handlers_ = handlers;
    this.onBody_ = handlers.onBody;
    this.limits_ = options = options || {};
    // RFC 9112 6.1 / 6.3: the fields that frame the body, and RFC 9110
    // 10.2.2 Location, which a redirect needs, are always kept (in this
    // order: onFieldLine tells the framing fields by their place). Literals
    // here, not module constants: an array kept for as long as the code is
    // loaded costs variable blocks all that time.
    this.keep_ = ["content-length", "transfer-encoding", "location"].concat(options.keep || []);
  }

  /** Feeds the next piece of the byte stream. */
  push(data: string): void {
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
      for (let i = 0; i < data.length && this.state_ < DONE;) i = (this.state_ < LENGTH ? readLine : readBody)(this, data, i);
    } catch (e) {
      // An exception here (a handler's, or a case this code gets wrong on one
      // interpreter) would leave parsing going on in a state nobody knows:
      // it ends the response instead. One thrown by a consumer after the
      // outcome has nothing left to end.
      if (this.state_ < DONE) fail(this, E_INTERNAL, "" + e);
    }
  }

  /**
   * push() for a body nobody reads any more (after onSkip): a piece inside
   * the body or a chunk is only counted, one statement and no call; any
   * other piece goes through push(). On Espruino a function's whole text is
   * lexed at every call, so this one stays this short.
   */
  count_(data: string): void {
    if ((this.left_ -= data.length) < 1) this.rest_(data);
  }

  /** A piece count_() could not take: its count undone, then push(). */
  rest_(data: string): void {
    this.left_ += data.length;
    this.push(data);
  }

  /** Body bytes passed on so far (chunk framing not counted). */
  bytes(): number {
    return this.announced_ - this.left_;
  }

  /** Stops the parser without a callback: everything after is ignored. */
  stop(): void {
    // What was announced but never came is not counted: bytes() stays true.
    this.announced_ -= this.left_;
    this.state_ = DONE;
    this.left_ = 0;
  }

  /** The connection closed: completes a close-delimited body; anything else was cut short. */
  end(): void {
    if (this.state_ < DONE) {
      if (this.state_ === LENGTH && this.length_ === Infinity) finish(this);
      // RFC 9112 8: a message cut short by the close is incomplete. On Espruino a
      // reset looks like a normal close, so this is never a short success.
      else fail(this, E_TRUNCATED, "closed in the " + (this.state_ < TRAILER ? "head" : "body"));
    }
  }
}

// The consumer needs no more of the body: it is counted from here on.
function skip(p: ResponseParser): void {
  p.onBody_ = null;
  if (p.handlers_.onSkip) p.handlers_.onSkip();
}

// The parser is dropped after this, and with it what it holds.
function finish(p: ResponseParser, err?: HttpError): void {
  p.stop();
  if (err) p.handlers_.onError(err);
  else p.handlers_.onComplete();
}

function fail(p: ResponseParser, code: CodeNumber, reason: string): void {
  finish(p, httpError(code, reason));
}

/**
 * Reads up to the end of a line from data[i..]; a whole line goes, without
 * its CRLF, to the handler of the state (onLine), which returns what is
 * wrong with it (PROTOCOL), if anything. Head and trailer bytes are counted
 * against maxHead as they arrive. Returns the new position.
 */
function readLine(p: ResponseParser, data: string, i: number): number {
  const nl = data.indexOf("\n", i);
  const end = nl + 1 || data.length;
  let line = p.pending_ + data.slice(i, end);
  const colon = line.indexOf(":");
  // A field line nobody keeps (kept says so from its name) is not held: of
  // an unfinished one only the name, the colon, a NUL if the part dropped
  // had a control byte (RFC 9110 5.5; the line is then refused as it ends)
  // and the last byte (perhaps the CR of the line end) stay. Whole, it goes
  // to its handler like any line, and is checked and dropped there.
  const skipped = p.state_ && p.state_ < SIZE && colon >= 0 && !kept(p, line.slice(0, colon));
  const value = line.slice(colon + 1);
  const cr = line.length - 2;
  let wrong: string | void;
  p.pending_ = "";
  if (skipped && nl < 0) line = line.slice(0, colon + 1) + (CTL.test(value.slice(0, -1)) ? "\x00" : "") + value.slice(-1);
  const long = (nl < 0 || !skipped) && line.length > (p.limits_.maxLine || DEFAULT_MAX_LINE);
  if (long || p.state_ < SIZE && (p.headBytes_ += end - i) > (p.limits_.maxHead || DEFAULT_MAX_HEAD)) fail(p, E_TOO_LARGE, (long ? "line" : "head") + " too long");
  else if (nl < 0) p.pending_ = line;
  // RFC 9112 2.2: lines end with CRLF; a bare LF is refused here and a bare
  // CR by each line's own rule (no controls), since a parser that read them
  // differently would frame the message differently. charAt, not line[cr]:
  // for the line "\n" cr is -1, and Espruino throws on a negative index.
  else {
    wrong = line.charAt(cr) !== "\r" ? "line end" : onLine(p, line.slice(0, cr));
    if (wrong) fail(p, E_PROTOCOL, "bad " + wrong);
  }
  return end;
}

/** Whether the field `name` (as sent) is kept: trailers never are, nothing here reads them. */
function kept(p: ResponseParser, name: string): boolean {
  return p.state_ === FIELDS && p.keep_.indexOf(name.toLowerCase()) >= 0;
}

/** Passes on up to p.left_ body bytes from data[i..]; returns the new position. */
function readBody(p: ResponseParser, data: string, i: number): number {
  let n = data.length - i;
  if (n > p.left_) n = p.left_;
  p.left_ -= n;
  if (p.onBody_ && p.onBody_(i || n < data.length ? data.slice(i, i + n) : data) === true) skip(p);
  if (!p.left_) {
    // RFC 9112 7.1: chunk-data ends with CRLF, taken here when it is in this
    // piece (a line through readLine costs more on Espruino).
    if (p.state_ === DATA) {
      if (data.substr(i + n, 2) === "\r\n") {
        p.state_ = SIZE;
        return i + n + 2;
      }
      p.state_ = DATA_END;
    } else if (p.state_ === LENGTH) finish(p);
  }
  return i + n;
}

/** A whole line, without its CRLF, to the handler of the state that reads it. */
function onLine(p: ResponseParser, line: string): string | void {
  switch (p.state_) {
    case STATUS: return onStatusLine(p, line);
    case FIELDS: return line ? onFieldLine(p, line) : onHeadEnd(p);
    case TRAILER: return onTrailerLine(p, line);
    case SIZE: return onSizeLine(p, line);
    default: return onDataEnd(p, line);
  }
}

/** The status line starts a head; its version and status decide what the head means. */
function onStatusLine(p: ResponseParser, line: string): string | void {
  // RFC 9112 2.2: empty lines before a message are ignored (also between an
  // interim 1xx response and the next one).
  if (!line) return;
  const version = line.slice(5, 8);
  p.length_ = Infinity;
  p.coding_ = p.keptBytes_ = 0;
  // HTTP/1.x as this client speaks it, plus the 0.9 label llhttp also
  // accepts; compared whole (Espruino's multi-character indexOf can match
  // past the end of a string, an array's indexOf compares whole values). A
  // literal here, not a module constant: an array kept for as long as the
  // code is loaded costs variable blocks all that time.
  if (!statusLineOk(line) || ["1.1", "1.0", "0.9"].indexOf(version) < 0) return "status line";
  p.head_ = { version: version, status: +line.slice(9, 12), reason: line.slice(REASON_AT), headers: [] };
  p.state_ = FIELDS;
}

/** A header field line: checked always, kept only when its name is asked for, read when it frames the body. */
function onFieldLine(p: ResponseParser, line: string): string | void {
  const field = parseField(line);
  if (!field) return "header line";
  const name = field[0].toLowerCase();
  const value = field[1];
  // The name's place in p.keep_, which starts with the framing fields:
  // 0 Content-Length, 1 Transfer-Encoding, -1 a field nobody keeps.
  const at = p.keep_.indexOf(name);
  if (at < 0) return;
  // What is kept is bounded, whatever the server sends.
  if ((p.keptBytes_ += line.length) > (p.limits_.maxKept || DEFAULT_MAX_KEPT)) return void fail(p, E_TOO_LARGE, "kept fields too long");
  if (at < 2 && line.length > (p.limits_.maxFraming || DEFAULT_MAX_FRAMING)) return void fail(p, E_TOO_LARGE, field[0] + " too long");
  // RFC 9110 8.6 / RFC 9112 6.3: an invalid Content-Length (1*DIGIT), or
  // several that differ, leave the framing unknown.
  if (!at) {
    if (!/^[0-9]+$/.test(value) || value.length > MAX_LENGTH_DIGITS || (p.length_ < Infinity && p.length_ !== +value)) return "Content-Length";
    p.length_ = +value;
  }
  // RFC 9112 6.1 / 6.3: the body is chunked only when chunked is the last
  // coding (names ignore case); repeated fields form one list, so the last
  // field decides.
  if (at === 1) p.coding_ = /[, \t]chunked$/i.test(" " + value) ? TE_CHUNKED : TE_OTHER;
  p.head_!.headers.push(field);
}

/** The empty line ends the head: the framing it announced decides how the body is read. */
function onHeadEnd(p: ResponseParser): string | void {
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
  // A consumer may have ended the parser from onHead (end() inside it).
  if (p.state_ === DONE) return;
  // RFC 9112 6.3: 204 and 304 never have a body; then Transfer-Encoding
  // (chunked last: chunked, otherwise until the close); then Content-Length;
  // otherwise the body runs until the connection closes (p.length_ is Infinity).
  if (status === 204 || status === 304 || !p.length_) finish(p);
  else if (p.coding_ === TE_CHUNKED) p.state_ = SIZE;
  else {
    p.left_ = p.announced_ = p.length_ < Infinity ? p.length_ : UNTIL_CLOSE;
    p.state_ = LENGTH;
  }
}

/** A chunk-size line announces the next chunk's length, or with 0 the trailer section. */
function onSizeLine(p: ResponseParser, line: string): string | void {
  // parseInt reads a hex prefix (and "-1" or "NaN"): the size, when the line
  // is valid. A line that is the size printed back (plain lower-case hex, as
  // servers send it) needs no more checks; on Espruino the regexes below are
  // most of a chunk's cost.
  const size = parseInt(line, 16);
  if (!(size >= 0 && line.length <= MAX_SIZE_DIGITS && size.toString(16) === line) && !sizeLineOk(line)) return "chunk size";
  // RFC 9112 7.1: the last chunk has size 0; the trailer section follows.
  if (!size) p.state_ = TRAILER;
  else {
    p.announced_ += p.left_ = size;
    p.state_ = DATA;
  }
}

/** The CRLF after a chunk's data, when it came in a later piece than the data. */
function onDataEnd(p: ResponseParser, line: string): string | void {
  // RFC 9112 7.1: chunk-data is followed by CRLF and nothing else.
  if (line) return "chunk end";
  p.state_ = SIZE;
}

/** A trailer field line is checked and dropped (nothing here reads trailers); the empty line ends the message. */
function onTrailerLine(p: ResponseParser, line: string): string | void {
  // RFC 9112 7.1.2: trailer fields have the field-line syntax; they are read
  // and ignored. The empty line ends the message.
  if (!line) finish(p);
  else if (!parseField(line)) return "trailer line";
}
