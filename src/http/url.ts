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

// RFC 9110 4.2: http and https URIs. Whitespace and control characters are
// never valid in a URI (RFC 3986 2), and CR/LF would split the request head.
const FORBIDDEN = /[\x00-\x20\x7f]/;
// RFC 3986 3.2.2: a reg-name or IPv4 address; IPv6 literals are not supported
// by Espruino's socket layer.
const HOST = /^[A-Za-z0-9._~!$&'()*+,;=%-]+$/;
const DIGITS = /^[0-9]+$/;

export function isError(x: unknown): x is HttpError {
  return typeof x === "object" && x !== null && typeof (x as HttpError).code === "string";
}

function bad(reason: string): HttpError {
  return httpError("UNSUPPORTED", reason);
}

export function parseUrl(text: string): Url | HttpError {
  if (FORBIDDEN.test(text)) return bad("URL contains whitespace or a control character");
  const sep = text.indexOf("://");
  if (sep < 0) return bad("URL must start with http:// or https://");
  const scheme = text.substring(0, sep).toLowerCase();
  if (scheme !== "http" && scheme !== "https") return bad("unsupported URL scheme '" + scheme + "'");
  const rest = text.substring(sep + 3);
  let end = rest.length;
  const slash = rest.indexOf("/");
  const query = rest.indexOf("?");
  if (slash >= 0) end = slash;
  if (query >= 0 && query < end) end = query;
  let authority = rest.substring(0, end);
  let path = rest.substring(end);
  const hash = path.indexOf("#");
  if (hash >= 0) path = path.substring(0, hash);
  if (path === "" || path.charAt(0) === "?") path = "/" + path;
  if (authority.indexOf("#") >= 0) authority = authority.substring(0, authority.indexOf("#"));
  if (authority.indexOf("@") >= 0) return bad("URL must not contain user info (name@host)");
  const https = scheme === "https";
  let port = https ? DEFAULT_PORT_HTTPS : DEFAULT_PORT_HTTP;
  const colon = authority.lastIndexOf(":");
  let host = authority;
  if (colon >= 0) {
    const digits = authority.substring(colon + 1);
    host = authority.substring(0, colon);
    if (!DIGITS.test(digits)) return bad("bad port '" + digits + "' in URL");
    port = parseInt(digits, 10);
    if (port < 1 || port > MAX_PORT) return bad("port " + digits + " is out of range");
  }
  if (host === "") return bad("URL has no host");
  if (!HOST.test(host)) return bad("bad host '" + host + "' in URL");
  return { https: https, host: host.toLowerCase(), port: port, path: path };
}

/** `host` or `host:port` when the port is not the scheme's default (RFC 9110 7.2). */
export function hostHeader(url: Url): string {
  const def = url.https ? DEFAULT_PORT_HTTPS : DEFAULT_PORT_HTTP;
  return url.port === def ? url.host : url.host + ":" + url.port;
}
