// URL parsing for the one thing this client fetches: http(s)://host[:port]/path.
// A URL ends up byte for byte in the request line and the Host header, so any
// character that could break that framing is refused here (header injection).

import { HttpError, httpError, E_UNSUPPORTED } from "./errors";

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

export function isError(x: unknown): x is HttpError {
  return typeof x === "object" && x !== null && typeof (x as HttpError).code === "string";
}

/**
 * The parts of an http(s) URL, or why it is not one. Not put in place at
 * its one call in the module (follow()): its variables would then live in
 * the scope the hop's listeners keep for the whole request (measured on
 * Espruino for Linux: 22 variable blocks more during a request, 6 fewer
 * idle).
 */
export function parseUrl(text: string): Url | HttpError {
  // RFC 3986 3: scheme "://" authority path-abempty ["?" query] ["#" fragment].
  // The scheme is "http" and any number of "s": one "s" at most passes.
  // Espruino's regex engine runs classes, anchors, `*`, `+` and groups, but not
  // `?`, `|` or `{n}`, and it backtracks hard over starred groups in a row
  // (one pattern for the whole URL took 6 ms on a PC, ten times that on a
  // board), so the parts are cut apart one short pattern or indexOf at a time.
  const SCHEME_HTTP = /^(https*):\/\//i;
  // RFC 3986 3.2: the authority runs up to the first "/", "?" or "#".
  const AUTHORITY = /^[^\/?#]*/;
  // RFC 9110 4.2: http and https URIs. Whitespace and control characters are
  // never valid in a URI (RFC 3986 2), and CR/LF would split the request head.
  const FORBIDDEN = /[\x00-\x20\x7f]/;
  // A host name or an IPv4 address (RFC 3986 3.2.2 reg-name, narrowed to what
  // DNS accepts). IPv6 literals are refused: Espruino's socket layer has none.
  const HOST = /^[A-Za-z0-9._-]+$/;
  // RFC 3986 3.2.3: ":" port, digits only.
  const PORT = /^:[0-9]+$/;
  // No match reads as a scheme that is refused below.
  const m = SCHEME_HTTP.exec(text) || ["", "httpss"];
  const https = m[1].length > 4;
  // The fragment is never sent.
  const rest = text.slice(m[0].length).split("#")[0];
  const authority = (AUTHORITY.exec(rest) as RegExpExecArray)[0];
  const colon = (authority + ":").indexOf(":");
  const host = authority.slice(0, colon);
  // "" or ":" and what follows up to the path.
  const portPart = authority.slice(colon);
  const port = portPart ? +portPart.slice(1) : https ? DEFAULT_PORT_HTTPS : DEFAULT_PORT_HTTP;
  const path = rest.slice(authority.length);
  const wrong = FORBIDDEN.test(text) ? "has a space or control character"
    : m[1].length > 5 ? "must be http:// or https://"
    : /@/.test(host + portPart) ? "has user info"
    : !HOST.test(host) ? "has no valid host"
    : portPart && !PORT.test(portPart) || port < 1 || port > MAX_PORT ? "has a bad port" : "";
  // RFC 9112 3.2.1: an empty path is sent as "/".
  return wrong ? httpError(E_UNSUPPORTED, "URL " + wrong)
    : { https: https, host: host.toLowerCase(), port: port, path: path[0] === "/" ? path : "/" + path };
}

/** `host` or `host:port` when the port is not the scheme's default (RFC 9110 7.2). @inline: a short expression. */
export function hostHeader(url: Url): string {
  return url.host + (url.port === (url.https ? DEFAULT_PORT_HTTPS : DEFAULT_PORT_HTTP) ? "" : ":" + url.port);
}

/** `http://host[:port]`: the scheme, host and port a URL's requests go to. @inline: a short expression. */
export function origin(url: Url): string {
  return (url.https ? "https://" : "http://") + hostHeader(url);
}

/** The URL as text, normalised: lower-case host, default port left out, no fragment. */
export function urlText(url: Url): string {
  return origin(url) + url.path;
}

/**
 * The absolute URL a redirect's `Location` points to, resolved against the
 * URL that was fetched (RFC 9110 10.2.2, RFC 3986 5.2). Dot segments (`../`)
 * are passed on as they are; the server resolves them. @once: read where a
 * redirect is followed.
 */
export function resolveUrl(base: Url, location: string): string {
  // RFC 3986 5.2.3: what a merged path drops of the base path.
  const LAST_SEGMENT = /[^\/]*$/;
  // RFC 3986 3.1: a reference that starts with a scheme is absolute.
  const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;
  const first = location[0];
  const path = base.path.split("?")[0];
  // RFC 3986 5.2.2: a network-path reference keeps the scheme only; an empty
  // reference (or a fragment) is the same document; a query-only one keeps
  // the path; any other relative path is merged with the base path up to its
  // last "/" (5.2.3).
  return SCHEME.test(location) ? location
    : location.slice(0, 2) === "//" ? (base.https ? "https:" : "http:") + location
    : origin(base) + (!first || first === "#" ? base.path
      : first === "?" ? path + location
      : first === "/" ? location
      : path.replace(LAST_SEGMENT, "") + location);
}
