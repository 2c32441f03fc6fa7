// One HTTP GET with one deadline, following redirects. Espruino sockets never
// time out and report a reset as a normal close, so this module owns time
// (one timer for the whole request, redirects included) and trusts only the
// response's own framing to call it complete.
//
// Flow: get() -> [next tick: arm the deadline] follow(url): connect, write
// the request, feed the parser -> a redirect's head? follow(location) :
// stream the body -> finish(). Each hop has its own parser; follow() and
// finish() stop the previous one, so a stale hop's bytes are ignored and its
// socket events find the parser changed. finish() runs once: it clears the
// timer, ends the socket and calls back.

import { EspSocket, EspNet, EspProcess, Timers } from "../device";
import { HttpError, httpError, E_PROTOCOL, E_UNSUPPORTED, E_TIMEOUT, E_CONNECT_TIMEOUT } from "../http/errors";
import { Url, parseUrl, resolveUrl, origin } from "../http/url";
import { buildRequest } from "../http/request";
import { ResponseParser, ResponseHead, bodyBytes, endParser } from "../http/response-parser";
import { LENGTH, stopParser } from "../http/parser-states";
import { connect, streamTo } from "../net/connect";
import { createSlot, Slot } from "../timer";

export interface GetOptions {
  /** One deadline for DNS, connect, first byte and the whole body, over every redirect. */
  timeoutMs: number;
  /** Extra headers (already checked); sent only to the first URL's scheme, host and port. */
  headers: [string, string][];
  /** require("net") */
  net: EspNet;
  /** require("tls") where the firmware has it; without it https gives UNSUPPORTED. */
  tls?: EspNet;
  /** Espruino's `process`: a failed TLS handshake's exception is caught there. */
  process?: EspProcess;
  timers: Timers;
  /** The final response's head (redirects are followed, not reported), with its `url`. */
  onHead?: (head: ResponseHead) => void;
  /**
   * Decoded body bytes of the final response, as they arrive. Returns true
   * (exactly) once it needs no more: the rest is only counted
   * (GetResult.bytes), and it is not called again. Each body piece then
   * costs one short call.
   */
  onBody?: (chunk: string) => boolean | void;
  /** Redirects to follow; default 5. */
  maxRedirects?: number;
  /**
   * Lower-case names of the response fields to keep in the head (and in the
   * result's headers), besides Content-Length, Transfer-Encoding and
   * Location; every other field is checked and skipped as it streams.
   */
  keep?: string[];
}

export interface GetResult {
  status: number;
  reason: string;
  version: string;
  /** The kept fields of the final response (GetOptions.keep). */
  headers: [string, string][];
  /** The URL that gave the final response, after redirects. */
  url: string;
  /** Body bytes of the final response. */
  bytes: number;
  /** Milliseconds since get() was called, for the final hop: connected, first byte, done. */
  timings: { connectMs: number; firstByteMs: number; totalMs: number };
}

export type GetCallback = (err: HttpError | null, result: GetResult | null) => void;

const MAX_REDIRECTS = 5;

/**
 * One get(): its options, its callback (null once called), the current hop.
 * A plain object that is also the parser's handlers: its methods are shared
 * functions (on Espruino a function made inside another is a copy of its
 * source text, made again at every call), so only the socket and timer
 * callbacks are closures here.
 */
interface Request {
  options_: GetOptions;
  cb_: GetCallback | null;
  start_: number;
  /** The next tick, then the deadline: one timer at a time. */
  timer_: Slot;
  max_: number;
  /** Normalised URLs fetched so far: loops are found by them. */
  seen_: string[];
  /** The origin of the first URL: extra headers go there only. */
  firstOrigin_?: string;
  /** The current hop: its URL parsed and as normalised text, socket and parser (null once dropped). */
  url_?: Url;
  urlText_?: string;
  socket_?: EspSocket | null;
  parser_?: ResponseParser | null;
  /** The current hop's milestones (firstByteMs -1 until then); `up`: its connect callback came. */
  up_?: boolean;
  connectMs_?: number;
  firstByteMs_?: number;
  /**
   * Where the socket's data goes once the piece being read is done: the
   * parser, from the final head on, or its counter once the caller needs no
   * more. Switched once, after the piece (the head and the start of the
   * body are often one piece, and a switch costs about 0.2 M instructions).
   */
  next_?: ((chunk: string) => void) | null;
  head_?: ResponseHead;
  abort(): void;
  onHead(this: Request, head: ResponseHead): void;
  onBody?(chunk: string): boolean | void;
  onSkip(this: Request, counter: (chunk: string) => void): void;
  onEnd(this: Request, err: HttpError | null): void;
}

/**
 * A body the parser's tally() has counted whole: complete however the
 * connection ends after it (a close, a reset, or the deadline on one the
 * server keeps open). @inline.
 */
function counted(p: ResponseParser): boolean {
  return p.state_ === LENGTH && p.left_ < 1;
}

/** @inline: called at every milestone of a request (a call costs about 29 K instructions on Espruino). */
function ms(r: Request): number {
  return r.options_.timers.now() - r.start_;
}

/**
 * Stops the hop's parser and ends its socket. @inline: one expression, so
 * that its two callers hold it (a function costs about 5 variable blocks
 * while loaded, one more per parameter).
 */
function drop(r: Request): void {
  return void (r.parser_ && stopParser(r.parser_), r.socket_ && r.socket_.end(), r.socket_ = r.parser_ = null);
}

// Runs once: the callback is forgotten as it is called. Complete, the
// result is the final head (onEnd made it one).
function finish(r: Request, err: HttpError | null): void {
  const cb = r.cb_;
  r.cb_ = null;
  r.timer_();
  drop(r);
  if (cb) cb(err, err ? null : r.head_ as GetResult);
}

// Checks and records the next URL, then fetches it on a fresh socket with a
// parser of its own.
function follow(r: Request, location: string): void {
  const url = parseUrl(location);
  if ("code" in url) return finish(r, url);
  const hopOrigin = origin(url);
  const text = hopOrigin + url.path;
  const net = url.https ? r.options_.tls : r.options_.net;
  const err = r.seen_.indexOf(text) >= 0 ? httpError(E_PROTOCOL, "redirect loop at " + text)
    : r.seen_.length > r.max_ ? httpError(E_PROTOCOL, "more than " + r.max_ + " redirects")
    : !net ? httpError(E_UNSUPPORTED, "no TLS in this firmware") : null;
  if (err) return finish(r, err);
  r.seen_.push(text);
  drop(r);
  r.firstOrigin_ = r.firstOrigin_ || hopOrigin;
  r.urlText_ = text;
  r.url_ = url;
  r.up_ = false;
  r.firstByteMs_ = -1;
  r.socket_ = hop(r, r.parser_ = new ResponseParser(r, r.options_), net!, url, hopOrigin);
}

/**
 * The socket of one hop: sends the request once connected, feeds the parser
 * until the final head, reports the end. Events of a dropped hop find
 * r.parser_ changed and do nothing. @once: follow() is its one caller (a
 * function costs about 5 variable blocks while loaded, one per parameter).
 */
function hop(r: Request, p: ResponseParser, net: EspNet, url: Url, hopOrigin: string): EspSocket | null {
  return connect({
    net: net,
    url: url,
    process: r.options_.process,
    onConnect: function () {
      if (p !== r.parser_) return;
      r.up_ = true;
      r.connectMs_ = ms(r);
      // Extra headers may carry credentials: never to another origin.
      const head = buildRequest(url, hopOrigin === r.firstOrigin_ ? r.options_.headers : []);
      r.socket_!.write(head);
    },
    onData: function (chunk: string) {
      if (p === r.parser_ && r.firstByteMs_! < 0) r.firstByteMs_ = ms(r);
      p.push(chunk);
      const next = r.next_;
      const socket = r.socket_!;
      if (next && p === r.parser_) {
        r.next_ = null;
        streamTo(socket, next);
      }
    },
    onDone: function (err: HttpError | null) {
      if (p !== r.parser_) return;
      // The connection is over: nothing left to end.
      r.socket_ = null;
      if (err && !counted(p)) finish(r, err);
      else endParser(p);
    },
  });
}

// The parser's handlers, called on the request (`this`).

/** A redirect starts the next hop; a final head streams its body. */
function onHead(this: Request, head: ResponseHead): void {
  const fields = head.headers;
  const status = head.status;
  // RFC 9110 15.4: the redirects a GET follows to `Location` (301, 302,
  // 303, 307, 308). 300 leaves the choice to the user and 304 is not a
  // redirect here (no conditional request). Comparisons, not a pattern:
  // a 200 is told by the first (a pattern is made and run for about 0.15 M
  // instructions on Espruino).
  if (status > 300 && status < 309 && status !== 304 && status !== 305 && status !== 306) {
    let at = -1;
    for (let i = 0; at < 0 && i < fields.length; i++) if (fields[i][0].toLowerCase() === "location") at = i;
    // A redirect's body is not needed: drop this socket and follow at once.
    if (at >= 0) {
      const next = resolveUrl(this.url_!, fields[at][1]);
      return follow(this, next);
    }
  }
  this.head_ = head;
  // The head becomes the result: it says where it came from from the start.
  (head as GetResult).url = this.urlText_!;
  // From the next piece on the socket's data goes to the parser with no call
  // in between: the body is most of a download's cost on the board.
  const p = this.parser_!;
  this.next_ = p.push.bind(p);
  if (this.options_.onHead) this.options_.onHead(head);
}

/** The caller needs no more of the body: a piece now costs one short call, counting. */
function onSkip(this: Request, counter: (chunk: string) => void): void {
  const socket = this.socket_!;
  if (this.next_) this.next_ = counter;
  else streamTo(socket, counter);
}

function onEnd(this: Request, err: HttpError | null): void {
  // The head becomes the result: one object less on a board short of RAM.
  const result = this.head_ as GetResult;
  const p = this.parser_!;
  if (!err) {
    result.bytes = bodyBytes(p);
    result.timings = { connectMs: this.connectMs_!, firstByteMs: this.firstByteMs_!, totalMs: ms(this) };
  }
  // The parser has stopped itself: drop() has only the socket to end.
  this.parser_ = null;
  finish(this, err);
}

/** Ends the request at once without calling back. */
function abort(this: Request): void {
  this.cb_ = null;
  finish(this, null);
}

/**
 * Fetches `url`. The callback runs exactly once, never before get() returns.
 * abort() ends the request at once without calling it.
 */
export function get(url: string, options: GetOptions, callback: GetCallback | null): { abort(): void } {
  const max = options.maxRedirects!;
  const timer = createSlot(options.timers);
  const r: Request = {
    options_: options,
    cb_: callback,
    start_: options.timers.now(),
    timer_: timer,
    max_: max >= 0 ? max : MAX_REDIRECTS,
    seen_: [],
    abort: abort,
    onHead: onHead,
    // The final response's body goes from the parser straight to the caller;
    // without onBody the parser only counts it.
    onBody: options.onBody,
    onSkip: onSkip,
    onEnd: onEnd,
  };
  // Started on the next tick so that the callback never runs inside get().
  r.timer_(function () {
    r.timer_(function () {
      const p = r.parser_;
      if (p && counted(p)) endParser(p);
      else finish(r, httpError(r.up_ ? E_TIMEOUT : E_CONNECT_TIMEOUT, "deadline of " + options.timeoutMs + " ms"));
    }, options.timeoutMs - ms(r));
    follow(r, url);
  }, 0);
  return r;
}
