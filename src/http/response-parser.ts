// Streaming HTTP/1.1 response parser (RFC 9112) for one request per connection.
// push() takes the byte stream in pieces cut anywhere (one char per byte);
// end() says the connection closed. Exactly one of onComplete / onError
// follows, and nothing after it; bytes after a complete response are ignored.
//
// States (p.s), one handler each in HANDLERS:
//   STATUS    waiting for the status line; empty lines before it are skipped
//   FIELDS    header field lines, up to the empty line
//   SIZE      a chunk-size line
//   DATA_END  the CRLF that closes a chunk's data
//   TRAILER   trailer field lines after the last chunk, up to the empty line
//   LENGTH    body framed by Content-Length: p.n bytes to go
//   DATA      chunk data: p.n bytes to go
//   CLOSE     body that runs until the connection closes
//   DONE      complete or failed: everything else is ignored
// The first five read lines: only the unfinished line is kept between pieces,
// capped at maxLine. The others pass body bytes on with at most one substring
// per piece, never a loop over characters.

import { HttpError, ErrorCode } from "./errors";
import { ResponseHead, parseStatusLine, parseField } from "./head";
import { parseChunkSize } from "./chunked";

export type { ResponseHead } from "./head";

export interface ResponseHandlers {
  onHead(head: ResponseHead): void;
  /** Decoded body bytes (chunk framing removed), as they arrive; never empty. */
  onBody(chunk: string): void;
  onComplete(): void;
  onError(err: HttpError): void;
}

export interface ParserLimits {
  /** Bytes in one response head: status line, field lines, empty lines, CRLFs (default 4096). */
  maxHead?: number;
  /** Bytes in one line with its CRLF: head, chunk-size or trailer line (default 1024). */
  maxLine?: number;
}

// Sized for a board with a few thousand variable blocks: a 4 KiB head is
// already a large share of an ESP8266's memory.
const DEFAULT_MAX_HEAD = 4096;
const DEFAULT_MAX_LINE = 1024;

const STATUS = 0;
const FIELDS = 1;
const SIZE = 2;
const DATA_END = 3;
const TRAILER = 4;
const LENGTH = 5;
const DATA = 6;
const CLOSE = 7;
const DONE = 8;

// RFC 9112 6.1: what the transfer codings mean for framing.
const TE_NONE = 0;
const TE_CHUNKED = 1;
const TE_OTHER = 2;

// RFC 9110 8.6: Content-Length = 1*DIGIT. More digits than this cannot be a
// real body, and 20 digits can overflow the 64-bit counters of other parsers.
const CONTENT_LENGTH = /^[0-9]+$/;
const MAX_LENGTH_DIGITS = 19;
// RFC 9112 6.1: chunked as the last transfer coding (coding names ignore case).
const CHUNKED_LAST = /[, \t]chunked$/i;

export class ResponseParser {
  // Internal state for the handlers below. The names are short because
  // property names survive minification, and code is RAM on the board.
  /** State: STATUS ... DONE. */
  s = STATUS;
  /** The unfinished line kept between pieces. */
  b = "";
  /** Bytes of the current head so far. */
  u = 0;
  /** Body or chunk bytes still expected (LENGTH, DATA). */
  n!: number;
  /** Content-Length, -1 when absent (set by the status line, as are te and hd). */
  cl!: number;
  /** TE_NONE, TE_CHUNKED or TE_OTHER. */
  te!: number;
  /** The head being read. */
  hd!: ResponseHead | null;
  h: ResponseHandlers;
  /** maxHead and maxLine. */
  mh: number;
  ml: number;

  constructor(handlers: ResponseHandlers, limits?: ParserLimits) {
    this.h = handlers;
    limits = limits || {};
    this.mh = limits.maxHead || DEFAULT_MAX_HEAD;
    this.ml = limits.maxLine || DEFAULT_MAX_LINE;
  }

  /** Feeds the next piece of the byte stream. */
  push(data: string): void {
    let i = 0;
    while (i < data.length && this.s < DONE) i = HANDLERS[this.s](this, data, i);
  }

  /** The connection closed: completes a close-delimited body; anything else was cut short. */
  end(): void {
    if (this.s === CLOSE) finish(this, null);
    // RFC 9112 8: a message cut short by the close is incomplete. On Espruino a
    // reset looks like a normal close, so this is never a short success.
    else if (this.s < DONE) fail(this, "TRUNCATED", "closed in the " + (this.s < SIZE ? "head" : "body"));
  }
}

type Handler = (p: ResponseParser, data: string, i: number) => number;

function finish(p: ResponseParser, err: HttpError | null): void {
  p.s = DONE;
  p.b = "";
  p.hd = null;
  if (err) p.h.onError(err);
  else p.h.onComplete();
}

function fail(p: ResponseParser, code: ErrorCode, reason: string): void {
  finish(p, { code: code, reason: reason });
}

function bad(p: ResponseParser, what: string): void {
  fail(p, "PROTOCOL", "bad " + what);
}

/**
 * A handler for a state that reads lines: it hands each whole line, without
 * CRLF, to `take`, after counting head lines (STATUS, FIELDS) against maxHead.
 */
function lines(take: (p: ResponseParser, line: string) => void): Handler {
  return function (p, data, i) {
    const nl = data.indexOf("\n", i);
    const end = nl < 0 ? data.length : nl + 1;
    let line = data.substring(i, end);
    if (p.b) line = p.b + line;
    if (line.length > p.ml) fail(p, "TOO_LARGE", "line too long");
    else if (nl < 0) p.b = line;
    // RFC 9112 2.2: lines end with CRLF; a bare CR or bare LF is refused, since
    // a parser that reads them differently would frame the message differently.
    else if (line.length < 2 || line.indexOf("\r") !== line.length - 2) bad(p, "line end");
    else if (p.s < SIZE && (p.u += line.length) > p.mh) fail(p, "TOO_LARGE", "head too long");
    else {
      p.b = "";
      take(p, line.substring(0, line.length - 2));
    }
    return end;
  };
}

function onStatusLine(p: ResponseParser, line: string): void {
  // RFC 9112 2.2: empty lines before a message are ignored (also between an
  // interim 1xx response and the next one).
  if (line === "") return;
  p.hd = parseStatusLine(line);
  p.cl = -1;
  p.te = TE_NONE;
  if (p.hd) p.s = FIELDS;
  else bad(p, "status line");
}

function onFieldLine(p: ResponseParser, line: string): void {
  if (line === "") return endHead(p, p.hd!);
  const field = parseField(line);
  if (!field) return bad(p, "header line");
  const name = field[0].toLowerCase();
  const value = field[1];
  if (name === "content-length") {
    // RFC 9110 8.6 / RFC 9112 6.3: an invalid Content-Length, or several that
    // differ, leave the framing unknown.
    if (!CONTENT_LENGTH.test(value) || value.length > MAX_LENGTH_DIGITS || (p.cl >= 0 && p.cl !== +value)) {
      return bad(p, "Content-Length");
    }
    p.cl = +value;
  }
  if (name === "transfer-encoding") {
    // RFC 9112 6.1 / 6.3: the body is chunked only when chunked is the last
    // coding; repeated fields form one list, so the last field decides.
    p.te = CHUNKED_LAST.test(" " + value) ? TE_CHUNKED : TE_OTHER;
  }
  p.hd!.headers.push(field);
}

function endHead(p: ResponseParser, head: ResponseHead): void {
  const status = head.status;
  p.u = 0;
  // RFC 9110 15.2: 1xx responses are interim and the final one follows;
  // 101 switches protocols, which a GET that asked for no upgrade must not get.
  if (status === 101) return bad(p, "status 101 (no upgrade asked for)");
  if (status < 200) {
    p.s = STATUS;
    return;
  }
  // RFC 9112 6.1 / 6.3: Transfer-Encoding next to Content-Length is how
  // messages are smuggled; refuse rather than pick one.
  if (p.te && p.cl >= 0) return bad(p, "framing (TE and CL)");
  p.hd = null;
  p.h.onHead(head);
  if (p.s === DONE) return;
  // RFC 9112 6.3: 204 and 304 never have a body; then Transfer-Encoding
  // (chunked last: chunked, otherwise until the close); then Content-Length;
  // otherwise the body runs until the connection closes.
  if (status === 204 || status === 304 || p.cl === 0) finish(p, null);
  else if (p.te === TE_CHUNKED) p.s = SIZE;
  else if (p.te || p.cl < 0) p.s = CLOSE;
  else {
    p.n = p.cl;
    p.s = LENGTH;
  }
}

function onSizeLine(p: ResponseParser, line: string): void {
  const size = parseChunkSize(line);
  if (size < 0) bad(p, "chunk size");
  // RFC 9112 7.1: the last chunk has size 0; the trailer section follows.
  else if (size === 0) p.s = TRAILER;
  else {
    p.n = size;
    p.s = DATA;
  }
}

function onDataEnd(p: ResponseParser, line: string): void {
  // RFC 9112 7.1: chunk-data is followed by CRLF and nothing else.
  if (line) bad(p, "chunk end");
  else p.s = SIZE;
}

function onTrailerLine(p: ResponseParser, line: string): void {
  // RFC 9112 7.1.2: trailer fields have the field-line syntax; they are read
  // and ignored. The empty line ends the message.
  if (line === "") finish(p, null);
  else if (!parseField(line)) bad(p, "trailer line");
}

/** Passes on up to p.n body bytes from data[i..]; returns the new position. */
function counting(p: ResponseParser, data: string, i: number): number {
  let n = data.length - i;
  if (n > p.n) n = p.n;
  p.n -= n;
  p.h.onBody(i > 0 || n < data.length ? data.substring(i, i + n) : data);
  return i + n;
}

function onLengthData(p: ResponseParser, data: string, i: number): number {
  i = counting(p, data, i);
  if (!p.n && p.s === LENGTH) finish(p, null);
  return i;
}

function onChunkData(p: ResponseParser, data: string, i: number): number {
  i = counting(p, data, i);
  if (!p.n && p.s === DATA) p.s = DATA_END;
  return i;
}

function onCloseData(p: ResponseParser, data: string, i: number): number {
  p.h.onBody(i > 0 ? data.substring(i) : data);
  return data.length;
}

const HANDLERS: Handler[] = [
  lines(onStatusLine),
  lines(onFieldLine),
  lines(onSizeLine),
  lines(onDataEnd),
  lines(onTrailerLine),
  onLengthData,
  onChunkData,
  onCloseData,
];
