// The response parser's states, as the legend at the top of
// src/http/response-parser.ts describes them, and the ways it reaches DONE:
// finish (complete, or an error), fail, endParser (the connection closed)
// and stopParser (no outcome: the caller dropped it).

import type { ResponseParser } from "./response-parser";
import { HttpError, httpError, CodeNumber, E_TRUNCATED } from "./errors";

export const STATUS = 0;
export const FIELDS = 1;
export const TRAILER = 2;
export const SIZE = 3;
export const DATA_END = 4;
export const LENGTH = 5;
export const DATA = 6;
export const DONE = 7;

/**
 * Stops the parser without a callback: everything after is ignored. What
 * was announced but never came is not counted: bodyBytes() stays true.
 * @inline: one expression (a method costs about 5 variable blocks for as
 * long as the code is loaded).
 */
export function stopParser(p: ResponseParser): void {
  return void (p.left_ > 0 && (p.announced_ -= p.left_), p.state_ = DONE, p.left_ = 0);
}

// The parser is dropped after this, and with it what it holds.
export function finish(p: ResponseParser, err?: HttpError): void {
  stopParser(p);
  p.handlers_.onEnd(err || null);
}

/** Ends the response with an error. @inline: one expression, called from eight places. */
export function fail(p: ResponseParser, code: CodeNumber, reason: string): void {
  return finish(p, httpError(code, reason));
}

/**
 * The connection closed: completes a close-delimited body, and one tally()
 * counted whole (bytes past Content-Length are not counted); anything else
 * was cut short. RFC 9112 8: a message cut short by the close is
 * incomplete. On Espruino a reset looks like a normal close, so this is
 * never a short success. @inline: one expression, called where a
 * connection ends (a method costs about 5 variable blocks while loaded).
 */
export function endParser(p: ResponseParser): void {
  return void (p.state_ < DONE && (p.state_ === LENGTH && (p.length_ === Infinity || p.left_ < 1) ? finish(p)
    : fail(p, E_TRUNCATED, "closed in the " + (p.state_ < TRAILER ? "head" : "body"))));
}
