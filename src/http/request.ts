// The request head, byte for byte (RFC 9112 3 and RFC 9110 7.2). Everything a
// user can put in it is checked so that it cannot add lines of its own.

import { Url, hostHeader } from "./url";
import { HttpError, httpError } from "./errors";

export const USER_AGENT = "pico-http-get/0.1";

// RFC 9110 5.1: a field name is a token.
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
// RFC 9110 5.5: field values hold no CR, LF or NUL (nor other controls but HTAB).
const BAD_VALUE = /[\x00-\x08\x0a-\x1f\x7f]/;
// Framing and routing headers the client owns.
const RESERVED = ["host", "connection", "content-length", "transfer-encoding"];

/** null when every extra header is safe to send; otherwise the first problem. */
export function checkExtraHeaders(headers: [string, string][]): HttpError | null {
  for (let i = 0; i < headers.length; i++) {
    const name = headers[i][0];
    const value = headers[i][1];
    if (!TOKEN.test(name)) return httpError("UNSUPPORTED", "header name '" + name + "' is not a token");
    if (RESERVED.indexOf(name.toLowerCase()) >= 0) return httpError("UNSUPPORTED", "header '" + name + "' is set by the client and cannot be overridden");
    if (BAD_VALUE.test(value)) return httpError("UNSUPPORTED", "header '" + name + "' has a control character (CR, LF, ...) in its value");
  }
  return null;
}

/** `GET` request head for `url`; `headers` must have passed checkExtraHeaders. */
export function buildRequest(url: Url, headers: [string, string][]): string {
  let head = "GET " + url.path + " HTTP/1.1\r\n" +
    "Host: " + hostHeader(url) + "\r\n" +
    "User-Agent: " + USER_AGENT + "\r\n" +
    "Accept: */*\r\n" +
    "Connection: close\r\n";
  for (let i = 0; i < headers.length; i++) head += headers[i][0] + ": " + headers[i][1] + "\r\n";
  return head + "\r\n";
}
