// URL parsing for the one thing this client fetches: http(s)://host[:port]/path.
// A URL ends up byte for byte in the request line and the Host header, so any
// character that could break that framing is refused here (header injection).

import { HttpError, httpError } from "./errors";

export interface Url {
  https: boolean;
  host: string;
  port: number;
  /** Path and query, never empty: "/" when the URL has none. */
  path: string;
}

const DEFAULT_PORT_HTTP = 80;
const DEFAULT_PORT_HTTPS = 443;
const MAX_PORT = 65535;

// RFC 3986 3: scheme "://" authority path-abempty ["?" query] ["#" fragment].
// Espruino's regex engine runs classes, anchors, `*`, `+` and groups, but not
// `?`, `|` or `{n}`, so optional parts are found with indexOf below.
const PARTS = /^([A-Za-z]+):\/\/([^\/?#]*)([^#]*)/;
// RFC 9110 4.2: http and https URIs. Whitespace and control characters are
// never valid in a URI (RFC 3986 2), and CR/LF would split the request head.
const FORBIDDEN = /[\x00-\x20\x7f]/;
// A host name or an IPv4 address (RFC 3986 3.2.2 reg-name, narrowed to what
// DNS accepts). IPv6 literals are refused: Espruino's socket layer has none.
const HOST = /^[A-Za-z0-9._-]+$/;
const DIGITS = /^[0-9]+$/;
// RFC 3986 3.1: a reference that starts with a scheme is absolute.
const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;

export function isError(x: unknown): x is HttpError {
  return typeof x === "object" && x !== null && typeof (x as HttpError).code === "string";
}

function bad(what: string): HttpError {
  return httpError("UNSUPPORTED", "URL " + what);
}

export function parseUrl(text: string): Url | HttpError {
  if (FORBIDDEN.test(text)) return bad("has a space or control character");
  const m = PARTS.exec(text);
  const scheme = m ? m[1].toLowerCase() : "";
  const https = scheme === "https";
  if (!https && scheme !== "http") return bad("must start with http:// or https://");
  const authority = m![2];
  // RFC 9112 3.2.1: an empty path is sent as "/". The fragment is never sent.
  const path = m![3].charAt(0) === "/" ? m![3] : "/" + m![3];
  if (authority.indexOf("@") >= 0) return bad("has user info (name@)");
  const colon = authority.indexOf(":");
  const host = colon < 0 ? authority : authority.substring(0, colon);
  if (!HOST.test(host)) return bad("has no host name or IPv4 address");
  let port = https ? DEFAULT_PORT_HTTPS : DEFAULT_PORT_HTTP;
  if (colon >= 0) {
    const digits = authority.substring(colon + 1);
    port = +digits;
    if (!DIGITS.test(digits) || port < 1 || port > MAX_PORT) return bad("has a bad port");
  }
  return { https: https, host: host.toLowerCase(), port: port, path: path };
}

/** `host` or `host:port` when the port is not the scheme's default (RFC 9110 7.2). */
export function hostHeader(url: Url): string {
  const def = url.https ? DEFAULT_PORT_HTTPS : DEFAULT_PORT_HTTP;
  return url.port === def ? url.host : url.host + ":" + url.port;
}

/** The URL as text, normalised: lower-case host, default port left out, no fragment. */
export function urlText(url: Url): string {
  return (url.https ? "https://" : "http://") + hostHeader(url) + url.path;
}

/**
 * The absolute URL a redirect's `Location` points to, resolved against the
 * URL that was fetched (RFC 9110 10.2.2, RFC 3986 5.2). Dot segments (`../`)
 * are passed on as they are; the server resolves them.
 */
export function resolveUrl(base: Url, location: string): string {
  if (SCHEME.test(location)) return location;
  const scheme = base.https ? "https:" : "http:";
  if (location.substring(0, 2) === "//") return scheme + location;
  const first = location.charAt(0);
  let path = base.path;
  const query = path.indexOf("?");
  if (query >= 0) path = path.substring(0, query);
  // RFC 3986 5.2.2: an empty reference (or a fragment) is the same document;
  // a query-only one keeps the path; any other relative path is merged with
  // the base path up to its last "/" (5.2.3).
  if (first === "" || first === "#") location = base.path;
  else if (first === "?") location = path + location;
  else if (first !== "/") location = path.substring(0, path.lastIndexOf("/") + 1) + location;
  return scheme + "//" + hostHeader(base) + location;
}
