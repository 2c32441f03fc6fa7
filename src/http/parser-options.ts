// What a caller gives the response parser (src/http/response-parser.ts):
// the handlers it reports to, the limits on what it reads, the fields it keeps.

import type { HttpError } from "./errors";
import type { ResponseHead } from "./head";

export interface ResponseHandlers {
  onHead(head: ResponseHead): void;
  /**
   * Decoded body bytes (chunk framing removed), as they arrive; never empty.
   * Without it the body is only counted. Returns true (exactly: a sink that happens to return a count or a
   * string keeps getting the body) once it needs no more of the body: the
   * rest is then only counted (bodyBytes()), and onSkip follows.
   */
  onBody?(chunk: string): boolean | void;
  /**
   * The body is only counted from here on: the pieces may go to `counter`
   * (count() or tally(), counters.ts, bound to the parser) instead of
   * push(). After tally() the body completes at endParser() only. Without onBody
   * it comes at the head's end: nothing of the body is handed over.
   */
  onSkip?(counter: (data: string) => void): void;
  /**
   * The end, once: `err` null when the response is complete, else what
   * went wrong. One handler, not two: each function costs about 5 variable
   * blocks for as long as the code is loaded.
   */
  onEnd(err: HttpError | null): void;
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
export const DEFAULT_MAX_HEAD = 16384;
export const DEFAULT_MAX_LINE = 1024;
export const DEFAULT_MAX_KEPT = 2048;
export const DEFAULT_MAX_FRAMING = 128;
