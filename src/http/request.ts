// The request head, byte for byte (RFC 9112 3 and RFC 9110 7.2). Everything a
// user can put in it is checked so that it cannot add lines of its own.

import { Url, hostHeader } from "./url";
import { HttpError, httpError } from "./errors";

/** Project name and version (package.json); a test keeps them in step. */
export const USER_AGENT = "pico-http-get/0.1.0";

// RFC 9110 5.1: a field name is a token.
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
// RFC 9110 5.5: field values hold no CR, LF or NUL (nor other controls but HTAB).
const BAD_VALUE = /[\x00-\x08\x0a-\x1f\x7f]/;
// Routing and framing headers the client owns: Host names the server,
// Connection: close ends the body, and a GET carries no body to frame.
const RESERVED = ["host", "connection", "content-length", "transfer-encoding"];

/** null when every extra header is safe to send; otherwise the first problem. */
export function checkExtraHeaders(headers: [string, string][]): HttpError | null {
  for (let i = 0; i < headers.length; i++) {
    const name = headers[i][0];
    const value = headers[i][1];
    // Quoted as JSON: the name may hold the very CR or LF being refused.
    if (!TOKEN.test(name)) return httpError("UNSUPPORTED", "header name " + JSON.stringify(name) + " is not a token");
    if (RESERVED.indexOf(name.toLowerCase()) >= 0) return httpError("UNSUPPORTED", "header '" + name + "' is set by the client and cannot be overridden");
    if (BAD_VALUE.test(value)) return httpError("UNSUPPORTED", "header '" + name + "' has a control character (CR, LF, ...) in its value");
  }
  return null;
}

/**
 * The `GET` request head for `url`; `headers` must have passed
 * checkExtraHeaders. An extra `User-Agent` or `Accept` replaces the default
 * one rather than sending the field twice (RFC 9110 5.3).
 */
export function buildRequest(url: Url, headers: [string, string][]): string {
  let agent = "User-Agent: " + USER_AGENT + "\r\n";
  let accept = "Accept: */*\r\n";
  let extra = "";
  for (let i = 0; i < headers.length; i++) {
    const name = headers[i][0].toLowerCase();
    // Whole-name comparison: Espruino's indexOf can report a match for a
    // needle that runs past the end of the string.
    if (name === "user-agent") agent = "";
    if (name === "accept") accept = "";
    extra += headers[i][0] + ": " + headers[i][1] + "\r\n";
  }
  return "GET " + url.path + " HTTP/1.1\r\nHost: " + hostHeader(url) + "\r\n" +
    agent + accept + "Connection: close\r\n" + extra + "\r\n";
}
