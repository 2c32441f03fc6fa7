// The request head, byte for byte (RFC 9112 3 and RFC 9110 7.2). Everything a
// user can put in it is checked so that it cannot add lines of its own.

import { Url, hostHeader } from "./url";
import { HttpError, httpError, E_UNSUPPORTED } from "./errors";
import { CTL } from "./head";

/** Project name and version (package.json); a test keeps them in step. */
export const USER_AGENT = "pico-http-get/0.1.0";

/**
 * null when every extra header is safe to send; otherwise the first problem.
 * The settings check runs it (src/app/settings.ts): the client trusts its
 * result. @once: the module checks its caller's headers in one place.
 */
export function checkExtraHeaders(headers: [string, string][]): HttpError | null {
  // Routing and framing headers the client owns: Host names the server,
  // Connection: close ends the body, and a GET carries no body to frame.
  const RESERVED = ["host", "connection", "content-length", "transfer-encoding"];
  let why = "";
  for (let i = 0; !why && i < headers.length; i++) {
    const name = headers[i][0];
    // RFC 9110 5.1: a field name is a token (5.6.2: 1*tchar). Quoted as JSON:
    // the name may hold the very CR or LF being refused.
    why = !/^[-!#$%&'*+\x2e^\x60\x7c~\w]+$/.test(name) ? "header name " + JSON.stringify(name) + " is not a token"
      : RESERVED.indexOf(name.toLowerCase()) >= 0 ? "header '" + name + "' is set by the client and cannot be overridden"
      // RFC 9110 5.5: field values hold no CR, LF or NUL (nor other controls but HTAB).
      : CTL.test(headers[i][1]) ? "header '" + name + "' has a control character (CR, LF, ...) in its value" : "";
  }
  return why ? httpError(E_UNSUPPORTED, why) : null;
}

/**
 * The `GET` request head for `url`; `headers` must have passed
 * checkExtraHeaders. An extra `User-Agent` or `Accept` replaces the default
 * one rather than sending the field twice. @once: sent from one place.
 */
export function buildRequest(url: Url, headers: [string, string][]): string {
  // An extra field of these names replaces the client's own (RFC 9110 5.3: a
  // field is not sent twice). Matched on "\n" + the extra lines: a whole name
  // at a line start, so Accept-Language is not Accept. Without extra lines
  // the client's own are one literal, and no pattern is made or run: on
  // Espruino each pattern and each joining of strings costs (about 0.15 M
  // instructions for the patterns).
  let extra = "";
  for (let i = 0; i < headers.length; i++) extra += headers[i][0] + ": " + headers[i][1] + "\r\n";
  const own = !extra ? "\r\nUser-Agent: " + USER_AGENT + "\r\nAccept: */*\r\nConnection: close\r\n\r\n"
    : "\r\n" + (/\nuser-agent:/i.test("\n" + extra) ? "" : "User-Agent: " + USER_AGENT + "\r\n") +
    (/\naccept:/i.test("\n" + extra) ? "" : "Accept: */*\r\n") + "Connection: close\r\n" + extra + "\r\n";
  return "GET " + url.path + " HTTP/1.1\r\nHost: " + hostHeader(url) + own;
}
