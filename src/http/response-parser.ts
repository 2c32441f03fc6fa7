// Streaming HTTP/1.1 response parser (RFC 9112) for one request per connection.
// push() takes the byte stream in pieces cut anywhere (one char per byte);
// end() says the connection closed. Exactly one of onComplete / onError
// follows, and nothing after it; bytes after a complete response are ignored.
// An exception while a piece is handled ends the response as INTERNAL.
//
// States (p.s); the first five read lines (readLine, one handler each in
// LINE), the others pass body bytes on (readBody):
//   STATUS    waiting for the status line; empty lines before it are skipped
//   FIELDS    header field lines, up to the empty line
//   TRAILER   trailer field lines after the last chunk, up to the empty line
//   SIZE      a chunk-size line
//   DATA_END  the CRLF that closes a chunk's data
//   LENGTH    body: p.n bytes to go (UNTIL_CLOSE when it runs until the close)
//   DATA      chunk data: p.n bytes to go
//   DONE      complete, failed or stopped: everything else is ignored
// p.n is 0 in every other state, so `piece.length < p.n` alone says that a
// piece is body and does not finish it (push's fast path).
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

// RFC 9112 6.1: what the transfer codings mean for framing (p.te).
const TE_CHUNKED = 1;
const TE_OTHER = 2;

// RFC 9110 8.6: more Content-Length digits than this cannot be a real body,
// and 20 digits can overflow the 64-bit counters of other parsers.
const MAX_LENGTH_DIGITS = 19;
// RFC 9112 6.3: a body with no length runs until the close. It is counted
// down from this (exact in a double, beyond any real download) so that p.n
// stays a count and p.c - p.n the bytes passed on.
const UNTIL_CLOSE = 9e15;

export class ResponseParser {
  // Internal state for the handlers below. The names are short because
  // property names survive minification, and code is RAM on the board.
  /** State: STATUS ... DONE. */
  s = STATUS;
  /** The unfinished line kept between pieces. */
  b = "";
  /** Bytes of the current head so far. */
  u = 0;
  /** Body or chunk bytes still expected (LENGTH, DATA); 0 in every other state. */
  n = 0;
  /** Body bytes announced so far (Content-Length, chunk sizes); c - n were passed on. */
  c = 0;
  /** Content-Length, Infinity when absent (set by the status line, as are te and hd). */
  cl!: number;
  /** 0, TE_CHUNKED or TE_OTHER. */
  te!: number;
  /** The head being read. */
  hd!: ResponseHead | null;
  h: ResponseHandlers;
  /** handlers.onBody, one lookup away on the fast path; null once it needs no more. */
  o: ((chunk: string) => boolean | void) | null | undefined;
  /** The limits as given; defaults apply where they are absent. */
  l: ParserLimits;
  /** Lower-case names of the fields kept. */
  keep_: string[];
  /** Bytes of the kept field lines of the current head. */
  keptBytes_!: number;

  constructor(handlers: ResponseHandlers, options?: ParserOptions) {
    this.h = handlers;
    this.o = handlers.onBody;
    this.l = options = options || {};
    // RFC 9112 6.1 / 6.3: the fields that frame the body, and RFC 9110
    // 10.2.2 Location, which a redirect needs, are always kept. Literals
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
      if (data.length < this.n && data) {
        this.n -= data.length;
        if (this.o && this.o(data) === true) skip(this);
        return;
      }
      for (let i = 0; i < data.length && this.s < DONE;) i = (this.s < LENGTH ? readLine : readBody)(this, data, i);
    } catch (e) {
      // An exception here (a handler's, or a case this code gets wrong on one
      // interpreter) would leave parsing going on in a state nobody knows:
      // it ends the response instead. One thrown by a consumer after the
      // outcome has nothing left to end.
      if (this.s < DONE) fail(this, E_INTERNAL, "" + e);
    }
  }

  /**
   * push() for a body nobody reads any more (after onSkip): a piece inside
   * the body or a chunk is only counted, one statement and no call; any
   * other piece goes through push(). On Espruino a function's whole text is
   * lexed at every call, so this one stays this short.
   */
  count_(data: string): void {
    if ((this.n -= data.length) < 1) this.rest_(data);
  }

  /** A piece count_() could not take: its count undone, then push(). */
  rest_(data: string): void {
    this.n += data.length;
    this.push(data);
  }

  /** Body bytes passed on so far (chunk framing not counted). */
  bytes(): number {
    return this.c - this.n;
  }

  /** Stops the parser without a callback: everything after is ignored. */
  stop(): void {
    // What was announced but never came is not counted: bytes() stays true.
    this.c -= this.n;
    this.s = DONE;
    this.n = 0;
  }

  /** The connection closed: completes a close-delimited body; anything else was cut short. */
  end(): void {
    if (this.s < DONE) {
      if (this.s === LENGTH && this.cl === Infinity) finish(this);
      // RFC 9112 8: a message cut short by the close is incomplete. On Espruino a
      // reset looks like a normal close, so this is never a short success.
      else fail(this, E_TRUNCATED, "closed in the " + (this.s < TRAILER ? "head" : "body"));
    }
  }
}

// The consumer needs no more of the body: it is counted from here on.
function skip(p: ResponseParser): void {
  p.o = null;
  if (p.h.onSkip) p.h.onSkip();
}

// The parser is dropped after this, and with it what it holds.
function finish(p: ResponseParser, err?: HttpError): void {
  p.stop();
  if (err) p.h.onError(err);
  else p.h.onComplete();
}

function fail(p: ResponseParser, code: CodeNumber, reason: string): void {
  finish(p, httpError(code, reason));
}

/**
 * Reads up to the end of a line from data[i..]; a whole line goes, without
 * its CRLF, to the handler of the state, which returns what is wrong with it
 * (PROTOCOL), if anything. Head bytes (STATUS, FIELDS) are counted against
 * maxHead as they arrive. Returns the new position.
 */
function readLine(p: ResponseParser, data: string, i: number): number {
  const nl = data.indexOf("\n", i);
  const end = nl + 1 || data.length;
  let line = p.b + data.slice(i, end);
  const colon = line.indexOf(":");
  // A field line nobody keeps (kept says so from its name) is not held: of
  // an unfinished one only the name, the colon, a NUL if the part dropped
  // had a control byte (RFC 9110 5.5; the line is then refused as it ends)
  // and the last byte (perhaps the CR of the line end) stay. Whole, it goes
  // to its handler like any line, and is checked and dropped there.
  const skipped = p.s && p.s < SIZE && colon >= 0 && !kept(p, line.slice(0, colon));
  const value = line.slice(colon + 1);
  const cr = line.length - 2;
  let wrong: string | void;
  p.b = "";
  if (skipped && nl < 0) line = line.slice(0, colon + 1) + (CTL.test(value.slice(0, -1)) ? "\x00" : "") + value.slice(-1);
  const long = (nl < 0 || !skipped) && line.length > (p.l.maxLine || DEFAULT_MAX_LINE);
  if (long || p.s < SIZE && (p.u += end - i) > (p.l.maxHead || DEFAULT_MAX_HEAD)) fail(p, E_TOO_LARGE, (long ? "line" : "head") + " too long");
  else if (nl < 0) p.b = line;
  // RFC 9112 2.2: lines end with CRLF; a bare LF is refused here and a bare
  // CR by each line's own rule (no controls), since a parser that read them
  // differently would frame the message differently. charAt, not line[cr]:
  // for the line "\n" cr is -1, and Espruino throws on a negative index.
  else {
    wrong = line.charAt(cr) !== "\r" ? "line end" : LINE[p.s](p, line.slice(0, cr));
    if (wrong) fail(p, E_PROTOCOL, "bad " + wrong);
  }
  return end;
}

/** Whether the field `name` (as sent) is kept: trailers never are, nothing here reads them. */
function kept(p: ResponseParser, name: string): boolean {
  return p.s === FIELDS && p.keep_.indexOf(name.toLowerCase()) >= 0;
}

/** Passes on up to p.n body bytes from data[i..]; returns the new position. */
function readBody(p: ResponseParser, data: string, i: number): number {
  let n = data.length - i;
  if (n > p.n) n = p.n;
  p.n -= n;
  if (p.o && p.o(i || n < data.length ? data.slice(i, i + n) : data) === true) skip(p);
  if (!p.n) {
    // RFC 9112 7.1: chunk-data ends with CRLF, taken here when it is in this
    // piece (a line through readLine costs more on Espruino).
    if (p.s === DATA) {
      if (data.substr(i + n, 2) === "\r\n") {
        p.s = SIZE;
        return i + n + 2;
      }
      p.s = DATA_END;
    } else if (p.s === LENGTH) finish(p);
  }
  return i + n;
}

type LineHandler = (p: ResponseParser, line: string) => string | void;

function onStatusLine(p: ResponseParser, line: string): string | void {
  // RFC 9112 2.2: empty lines before a message are ignored (also between an
  // interim 1xx response and the next one).
  if (!line) return;
  const version = line.slice(5, 8);
  p.cl = Infinity;
  p.te = p.keptBytes_ = 0;
  // HTTP/1.x as this client speaks it, plus the 0.9 label llhttp also
  // accepts; compared whole (Espruino's multi-character indexOf can match
  // past the end of a string, an array's indexOf compares whole values). A
  // literal here, not a module constant: an array kept for as long as the
  // code is loaded costs variable blocks all that time.
  if (!statusLineOk(line) || ["1.1", "1.0", "0.9"].indexOf(version) < 0) return "status line";
  p.hd = { version: version, status: +line.slice(9, 12), reason: line.slice(REASON_AT), headers: [] };
  p.s = FIELDS;
}

function onFieldLine(p: ResponseParser, line: string): string | void {
  const head = p.hd!;
  const status = head.status;
  const field = parseField(line);
  if (line) {
    if (!field) return "header line";
    const name = field[0].toLowerCase();
    const value = field[1];
    // 0 Content-Length, 1 Transfer-Encoding, -1 another field.
    const framing = ["content-length", "transfer-encoding"].indexOf(name);
    if (!kept(p, name)) return;
    // What is kept is bounded, whatever the server sends.
    if ((p.keptBytes_ += line.length) > (p.l.maxKept || DEFAULT_MAX_KEPT)) return void fail(p, E_TOO_LARGE, "kept fields too long");
    if (framing >= 0 && line.length > (p.l.maxFraming || DEFAULT_MAX_FRAMING)) return void fail(p, E_TOO_LARGE, field[0] + " too long");
    // RFC 9110 8.6 / RFC 9112 6.3: an invalid Content-Length (1*DIGIT), or
    // several that differ, leave the framing unknown.
    if (!framing) {
      if (!/^[0-9]+$/.test(value) || value.length > MAX_LENGTH_DIGITS || (p.cl < Infinity && p.cl !== +value)) return "Content-Length";
      p.cl = +value;
    }
    // RFC 9112 6.1 / 6.3: the body is chunked only when chunked is the last
    // coding (names ignore case); repeated fields form one list, so the last
    // field decides.
    if (framing > 0) p.te = /[, \t]chunked$/i.test(" " + value) ? TE_CHUNKED : TE_OTHER;
    head.headers.push(field);
    return;
  }
  // The empty line ends the head. RFC 9110 15.2: 1xx responses are interim
  // and the final one follows; 101 switches protocols, which a GET that asked
  // for no upgrade must not get.
  p.u = 0;
  if (status === 101) return "status 101";
  if (status < 200) return void (p.s = STATUS);
  // RFC 9112 6.1 / 6.3: Transfer-Encoding next to Content-Length is how
  // messages are smuggled; refuse rather than pick one.
  if (p.te && p.cl < Infinity) return "framing (TE and CL)";
  p.h.onHead(head);
  // A consumer may have ended the parser from onHead (end() inside it).
  if (p.s === DONE) return;
  // RFC 9112 6.3: 204 and 304 never have a body; then Transfer-Encoding
  // (chunked last: chunked, otherwise until the close); then Content-Length;
  // otherwise the body runs until the connection closes (p.cl is Infinity).
  if (status === 204 || status === 304 || !p.cl) finish(p);
  else if (p.te === TE_CHUNKED) p.s = SIZE;
  else {
    p.n = p.c = p.cl < Infinity ? p.cl : UNTIL_CLOSE;
    p.s = LENGTH;
  }
}

function onSizeLine(p: ResponseParser, line: string): string | void {
  // parseInt reads a hex prefix (and "-1" or "NaN"): the size, when the line
  // is valid. A line that is the size printed back (plain lower-case hex, as
  // servers send it) needs no more checks; on Espruino the regexes below are
  // most of a chunk's cost.
  const size = parseInt(line, 16);
  if (!(size >= 0 && line.length <= MAX_SIZE_DIGITS && size.toString(16) === line) && !sizeLineOk(line)) return "chunk size";
  // RFC 9112 7.1: the last chunk has size 0; the trailer section follows.
  if (!size) p.s = TRAILER;
  else {
    p.c += p.n = size;
    p.s = DATA;
  }
}

function onDataEnd(p: ResponseParser, line: string): string | void {
  // RFC 9112 7.1: chunk-data is followed by CRLF and nothing else.
  if (line) return "chunk end";
  p.s = SIZE;
}

function onTrailerLine(p: ResponseParser, line: string): string | void {
  // RFC 9112 7.1.2: trailer fields have the field-line syntax; they are read
  // and ignored. The empty line ends the message.
  if (!line) finish(p);
  else if (!parseField(line)) return "trailer line";
}

const LINE: LineHandler[] = [onStatusLine, onFieldLine, onTrailerLine, onSizeLine, onDataEnd];
