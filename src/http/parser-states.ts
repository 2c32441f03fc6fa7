// The response parser's states, as the legend at the top of
// src/http/response-parser.ts describes them, and the two ways it reaches
// DONE with an outcome: finish (complete, or an error) and fail.

import type { ResponseParser } from "./response-parser";
import { HttpError, httpError, CodeNumber } from "./errors";

export const STATUS = 0;
export const FIELDS = 1;
export const TRAILER = 2;
export const SIZE = 3;
export const DATA_END = 4;
export const LENGTH = 5;
export const DATA = 6;
export const DONE = 7;

// The parser is dropped after this, and with it what it holds.
export function finish(p: ResponseParser, err?: HttpError): void {
  p.stop();
  if (err) p.handlers_.onError(err);
  else p.handlers_.onComplete();
}

export function fail(p: ResponseParser, code: CodeNumber, reason: string): void {
  finish(p, httpError(code, reason));
}
