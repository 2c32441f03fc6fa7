// One HTTP GET with one deadline, following redirects. Espruino sockets never
// time out and report a reset as a normal close, so this module owns time
// (one timer for the whole request, redirects included) and trusts only the
// response's own framing to call it complete.
//
// Flow: get() -> [next tick] follow(url) -> hop(): connect, write the request,
// feed the parser -> a redirect's head? follow(location) : finish(). Each hop
// has its own parser; events of an earlier hop's socket find `parser` changed
// and are dropped. finish() runs once: it clears both timers, ends the socket
// and calls back.

import { EspNet, EspSocket, Timers } from "../device";
import { ErrorCode, HttpError, httpError } from "../http/errors";
import { Url, parseUrl, resolveUrl, urlText } from "../http/url";
import { buildRequest } from "../http/request";
import { ResponseParser, ResponseHead } from "../http/response-parser";
import { connect } from "../net/connect";

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
// RFC 9110 15.4: the redirects a GET follows to `Location`. 300 leaves the
// choice to the user and 304 is not a redirect here (no conditional request).
const REDIRECTS = [301, 302, 303, 307, 308];

/**
 * Fetches `url`. The callback runs exactly once, never before get() returns.
 * abort() ends the request at once without calling it.
 */
export function get(url: string, options: GetOptions, callback: GetCallback): { abort(): void } {
  const timers = options.timers;
  const start = timers.now();
  const max = options.maxRedirects === undefined ? MAX_REDIRECTS : options.maxRedirects;
  const visited: string[] = [];
  let first: Url | null = null;
  let over = false;
  let socket: EspSocket | null = null;
  let parser: ResponseParser | null = null;
  let connected = false;
  let connectMs = 0;
  let firstByteMs = 0;
  let bytes = 0;
  let final: ResponseHead | null = null;

  function ms(): number {
    return timers.now() - start;
  }

  function drop(): void {
    if (socket) socket.end();
    socket = null;
    parser = null;
  }

  function finish(err: HttpError | null, result: GetResult | null): void {
    if (over) return;
    over = true;
    // Only live timers: Espruino reuses the id of a timer that has fired, so
    // clearing a stale id could cancel someone else's timer.
    if (deadline) timers.clearTimeout(deadline);
    if (tick) timers.clearTimeout(tick);
    drop();
    callback(err, result);
  }

  function fail(code: ErrorCode, reason: string): void {
    finish(httpError(code, reason), null);
  }

  // Checks and records the next URL, then fetches it on a fresh socket.
  function follow(text: string): void {
    const parsed = parseUrl(text);
    if ((parsed as HttpError).code) return finish(parsed as HttpError, null);
    const next = parsed as Url;
    const key = urlText(next);
    if (visited.indexOf(key) >= 0) return fail("PROTOCOL", "redirect loop at " + key);
    if (visited.length > max) return fail("PROTOCOL", "more than " + max + " redirects");
    const net = next.https ? options.tls : options.net;
    if (!net) return fail("UNSUPPORTED", "no TLS in this firmware");
    visited.push(key);
    if (!first) first = next;
    drop();
    hop(next, net);
  }

  function hop(url: Url, net: EspNet): void {
    const f = first!;
    // Extra headers may carry credentials: never to another origin.
    const headers = url.host === f.host && url.port === f.port && url.https === f.https ? options.headers : [];
    let got = false;
    connected = false;
    const p = new ResponseParser({
      onHead: function (head: ResponseHead) {
        if (p === parser) onHead(url, head);
      },
      onBody: function (chunk: string) {
        if (p !== parser) return;
        bytes += chunk.length;
        if (options.onBody) options.onBody(chunk);
      },
      onComplete: function () {
        if (p === parser) complete(url);
      },
      onError: function (err: HttpError) {
        if (p === parser) finish(err, null);
      },
    });
    parser = p;
    socket = connect(net, url.https, url.host, url.port, function () {
      if (p !== parser) return;
      connected = true;
      connectMs = ms();
      socket!.write(buildRequest(url, headers));
    }, function (chunk: string) {
      if (p !== parser) return;
      if (!got) firstByteMs = ms();
      got = true;
      p.push(chunk);
    }, function (err: HttpError | null) {
      if (p !== parser) return;
      if (err) finish(err, null);
      // A reset and a server that closes without answering look the same.
      else if (!got) fail("RESET", "closed before any response");
      else p.end();
    });
  }

  function onHead(url: Url, head: ResponseHead): void {
    if (REDIRECTS.indexOf(head.status) >= 0) {
      for (let i = 0; i < head.headers.length; i++) {
        // A redirect's body is not needed: drop this socket and follow at once.
        if (head.headers[i][0].toLowerCase() === "location") return follow(resolveUrl(url, head.headers[i][1]));
      }
    }
    final = head;
    if (options.onHead) options.onHead(head);
  }

  function complete(url: Url): void {
    // The head becomes the result: one object less on a board short of RAM.
    const result = final as GetResult;
    result.url = urlText(url);
    result.bytes = bytes;
    result.timings = { connectMs: connectMs, firstByteMs: firstByteMs, totalMs: ms() };
    finish(null, result);
  }

  let deadline: unknown = timers.setTimeout(function () {
    deadline = null;
    fail(connected ? "TIMEOUT" : "CONNECT_TIMEOUT", "deadline of " + options.timeoutMs + " ms");
  }, options.timeoutMs);

  // Started on the next tick so that the callback never runs inside get().
  let tick: unknown = timers.setTimeout(function () {
    tick = null;
    follow(url);
  }, 0);

  return {
    abort: function () {
      callback = function () {};
      finish(null, null);
    },
  };
}
