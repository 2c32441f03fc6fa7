// The public API of the http-get module, for JavaScript and TypeScript users
// alike: the build ships these declarations beside the module as
// build/modules/http-get.d.ts, and keeps every property name declared here
// as it is when it minifies (all other internal names are shortened).
// Types only: nothing here becomes code.

import type { ErrorCode } from "../http/errors";

/** `err.code`: the app's codes, plus ABORTED for a request ended by abort(). */
export type HttpGetErrorCode = ErrorCode | "ABORTED";

export interface HttpGetError {
  code: HttpGetErrorCode;
  /** One line for a human, the same on every board. */
  message: string;
}

export interface HttpGetHead {
  /** The status code as a number (Espruino's own http gives a string). */
  status: number;
  /** The reason phrase, byte for byte ("OK"; may be empty). */
  statusText: string;
  /** The kept header fields (options.keep), names in lower case; a repeated field's values joined with ", ". */
  headers: { [name: string]: string };
  /** The URL that gave this response, after redirects. */
  url: string;
  /** A header field's value by name, ignoring case; undefined when absent. */
  header(name: string): string | undefined;
}

export interface HttpGetTimings {
  /** Milliseconds from get() to the final hop's connect, first byte, and the end. */
  connectMs: number;
  firstByteMs: number;
  totalMs: number;
}

export interface HttpGetResponse extends HttpGetHead {
  /** Body bytes received (decoded from chunked framing). */
  bytes: number;
  /** The whole body (one character per byte); absent when options.onData took it. */
  body?: string;
  timings: HttpGetTimings;
}

export interface HttpGetOptions {
  /** One deadline in ms for DNS, connect, first byte, the whole body and every redirect (default 10000). */
  timeout?: number;
  /** Extra request headers, such as {"Accept": "application/json"}; sent only to the first URL's scheme, host and port. */
  headers?: { [name: string]: string };
  /** Redirects to follow (default 5); one more is the error PROTOCOL. */
  maxRedirects?: number;
  /** Without onData: the most body bytes collected into res.body (default 4096); a longer body is the error TOO_LARGE. */
  maxBody?: number;
  /**
   * The response header fields kept in res.headers, names in any case
   * (default Content-Type, Content-Length, Location, Date, ETag,
   * Last-Modified). Content-Length, Transfer-Encoding and Location are
   * always kept; every other field is checked and dropped as it streams, so
   * a long head costs only what is kept.
   */
  keep?: string[];
  /** The final response's head, before its body. */
  onHead?: (head: HttpGetHead) => void;
  /** The body, piece by piece as it arrives; res.body is then absent and nothing is kept. */
  onData?: (chunk: string) => void;
}

export type HttpGetCallback = (err: HttpGetError | null, res: HttpGetResponse | null) => void;

/** What get() returns with a callback. */
export interface HttpGetRequest {
  /** Ends the request at once; the callback gets the error ABORTED (if it was not called yet). */
  abort(): void;
}

/** What get() returns without a callback, where the firmware has Promise. */
export interface HttpGetPromise extends Promise<HttpGetResponse>, HttpGetRequest {}

export interface HttpGet {
  /**
   * Fetches `url` (http:// or https:// where the firmware has TLS). The
   * callback runs exactly once, never before get() returns: `err` null and
   * `res` for any response (a status of 400 or more included), or `err` and
   * `res` null.
   */
  get(url: string, options: HttpGetOptions | null | undefined, callback: HttpGetCallback): HttpGetRequest;
  get(url: string, callback: HttpGetCallback): HttpGetRequest;
  /** The promise form: resolves with `res`, rejects with `err`. */
  get(url: string, options?: HttpGetOptions | null): HttpGetPromise;
}
