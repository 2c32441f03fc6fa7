// One HTTP GET with one deadline, following redirects. Espruino sockets never
// time out and report a reset as a normal close, so this module owns time
// (one timer for the whole request, redirects included) and trusts only the
// response's own framing to call it complete.
//
// Flow: get() -> [next tick: arm the deadline] follow(url) -> hop(): connect,
// write the request, feed the parser -> a redirect's head? follow(location) :
// finish(). Each hop has its own parser; events of an earlier hop's socket or
// parser find `parser` changed and are dropped. finish() runs once: it clears
// the timer, ends the socket and calls back.

import { EspNet, EspSocket, Timers } from "../device";
import { HttpError, httpError, E_PROTOCOL, E_UNSUPPORTED, E_TIMEOUT, E_CONNECT_TIMEOUT } from "../http/errors";
import { Url, parseUrl, resolveUrl, origin } from "../http/url";
import { buildRequest } from "../http/request";
import { ResponseParser, ResponseHead } from "../http/response-parser";
import { connect } from "../net/connect";
import { createSlot } from "../timer";

export interface GetOptions {
  /** One deadline for DNS, connect, first byte and the whole body, over every redirect. */
  timeoutMs: number;
  /** Extra headers (already checked); sent only to the first URL's scheme, host and port. */
  headers: [string, string][];
  /** require("net") */
  net: EspNet;
  /** require("tls") where the firmware has it; without it https gives UNSUPPORTED. */
  tls?: EspNet;
  timers: Timers;
  /** The final response's head (redirects are followed, not reported). */
  onHead?: (head: ResponseHead) => void;
  /** Decoded body bytes of the final response, as they arrive. */
  onBody?: (chunk: string) => void;
  /** Redirects to follow; default 5. */
  maxRedirects?: number;
}

export interface GetResult {
  status: number;
  reason: string;
  version: string;
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
// RFC 9110 15.4: the redirects a GET follows to `Location`: 301, 302, 303,
// 307, 308. 300 leaves the choice to the user and 304 is not a redirect here
// (no conditional request).
const REDIRECT = /30[12378]/;

/**
 * Fetches `url`. The callback runs exactly once, never before get() returns.
 * abort() ends the request at once without calling it.
 */
export function get(url: string, options: GetOptions, callback: GetCallback | null): { abort(): void } {
  const timers = options.timers;
  const start = timers.now();
  let max = options.maxRedirects!;
  if (!(max >= 0)) max = MAX_REDIRECTS;
  // The next tick, then the deadline: one timer at a time.
  const timer = createSlot(timers);
  const visited: string[] = [];
  // The origin of the first URL: extra headers go there only.
  let home: string;
  // The current hop's socket and parser (undefined once dropped), whether it
  // connected, and the milestones of the current hop.
  let socket: EspSocket | null | undefined;
  let parser: ResponseParser | null | undefined;
  let connected: boolean;
  let connectMs: number;
  let firstByteMs: number;
  let bytes = 0;

  function ms(): number {
    return timers.now() - start;
  }

  function drop(): void {
    if (socket) socket.end();
    socket = parser = null;
  }

  // Runs once: the callback is forgotten as it is called.
  function finish(err: HttpError | null, result?: GetResult): void {
    const cb = callback;
    callback = null;
    timer();
    drop();
    if (cb) cb(err, result || null);
  }

  // Checks and records the next URL, then fetches it on a fresh socket with
  // a parser of its own: events that find another parser are stale.
  function follow(text: string): void {
    const url = parseUrl(text) as Url;
    const here = origin(url);
    // The URL normalised (urlText): loops are found by it.
    const key = here + url.path;
    const net = url.https ? options.tls : options.net;
    const err = (url as unknown as HttpError).code ? url as unknown as HttpError
      : visited.indexOf(key) >= 0 ? httpError(E_PROTOCOL, "redirect loop at " + key)
      : visited.length > max ? httpError(E_PROTOCOL, "more than " + max + " redirects")
      : !net ? httpError(E_UNSUPPORTED, "no TLS in this firmware") : null;
    if (err) return finish(err);
    visited.push(key);
    drop();
    home = home || here;
    connected = false;
    const p = parser = hopParser(url, key);
    socket = hopSocket(p, net!, url, here);
  }

  // The parser of one hop: a redirect's head starts the next hop, the final
  // response streams to the caller and becomes the result.
  function hopParser(url: Url, key: string): ResponseParser {
    let final: ResponseHead;
    const p: ResponseParser = new ResponseParser({
      onHead: function (head: ResponseHead) {
        if (p !== parser) return;
        const fields = head.headers;
        if (REDIRECT.test(head.status as unknown as string)) {
          for (let i = 0; i < fields.length; i++) {
            // A redirect's body is not needed: drop this socket and follow at once.
            if (fields[i][0].toLowerCase() === "location") return follow(resolveUrl(url, fields[i][1]));
          }
        }
        final = head;
        if (options.onHead) options.onHead(head);
      },
      onBody: function (chunk: string) {
        if (p !== parser) return;
        bytes += chunk.length;
        if (options.onBody) options.onBody(chunk);
      },
      onComplete: function () {
        if (p !== parser) return;
        // The head becomes the result: one object less on a board short of RAM.
        const result = final as GetResult;
        result.url = key;
        result.bytes = bytes;
        result.timings = { connectMs: connectMs, firstByteMs: firstByteMs, totalMs: ms() };
        finish(null, result);
      },
      onError: function (err: HttpError) {
        if (p === parser) finish(err);
      },
    });
    return p;
  }

  // The socket of one hop: sends the request once connected, feeds the parser.
  function hopSocket(p: ResponseParser, net: EspNet, url: Url, here: string): EspSocket | null {
    let got: boolean;
    return connect(net, url.https, url.host, url.port, function () {
      if (p !== parser) return;
      connected = true;
      connectMs = ms();
      // Extra headers may carry credentials: never to another origin.
      socket!.write(buildRequest(url, here === home ? options.headers : []));
    }, function (chunk: string) {
      if (p !== parser) return;
      if (!got) firstByteMs = ms();
      got = true;
      p.push(chunk);
    }, function (err: HttpError | null) {
      if (p !== parser) return;
      if (err) finish(err);
      else p.end();
    });
  }

  // Started on the next tick so that the callback never runs inside get().
  timer(function () {
    timer(function () {
      finish(httpError(connected ? E_TIMEOUT : E_CONNECT_TIMEOUT, "deadline of " + options.timeoutMs + " ms"));
    }, options.timeoutMs - ms());
    follow(url);
  }, 0);

  return {
    abort: function () {
      callback = null;
      finish(null);
    },
  };
}
