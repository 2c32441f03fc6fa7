// URL parsing and redirect resolution: what the client accepts, what it
// refuses and why, and where a `Location` leads.
import { test } from "node:test";
import assert from "node:assert/strict";
import { parseUrl, isError, hostHeader, urlText, resolveUrl, Url } from "../src/http/url";

function url(text: string): Url {
  const u = parseUrl(text);
  if (isError(u)) throw new Error(`${text}: ${u.reason}`);
  return u;
}

// text => { https, host, port, path }
const ACCEPTED: [string, Url][] = [
  ["http://example.com", { https: false, host: "example.com", port: 80, path: "/" }],
  ["http://example.com/", { https: false, host: "example.com", port: 80, path: "/" }],
  ["https://example.com", { https: true, host: "example.com", port: 443, path: "/" }],
  ["http://example.com:8080/a/b?c=d&e", { https: false, host: "example.com", port: 8080, path: "/a/b?c=d&e" }],
  ["http://example.com?q=1", { https: false, host: "example.com", port: 80, path: "/?q=1" }],
  ["http://example.com/p#frag", { https: false, host: "example.com", port: 80, path: "/p" }],
  ["http://example.com#frag", { https: false, host: "example.com", port: 80, path: "/" }],
  ["HTTP://Example.COM/Path", { https: false, host: "example.com", port: 80, path: "/Path" }],
  ["http://192.168.1.20:3000/status", { https: false, host: "192.168.1.20", port: 3000, path: "/status" }],
  ["https://my_host.local:65535/x", { https: true, host: "my_host.local", port: 65535, path: "/x" }],
  ["http://h/path@with:colon", { https: false, host: "h", port: 80, path: "/path@with:colon" }],
  ["http://h:080/", { https: false, host: "h", port: 80, path: "/" }],
];

for (const [text, expected] of ACCEPTED) {
  test(`url: ${text} is accepted`, () => {
    assert.deepEqual(parseUrl(text), expected);
  });
}

// text => a word the reason must contain
const REFUSED: [string, RegExp][] = [
  ["ftp://example.com/", /must be http:\/\/ or https:\/\//],
  ["ws://example.com/", /must be http:\/\/ or https:\/\//],
  ["example.com/path", /http:\/\/ or https:\/\//],
  ["http:/example.com", /http:\/\/ or https:\/\//],
  ["http://", /no valid host/],
  ["http:///path", /no valid host/],
  ["http://:80/", /no valid host/],
  ["http://user:pw@example.com/", /user info/],
  ["http://user@example.com/", /user info/],
  ["http://example.com:/", /bad port/],
  ["http://example.com:http/", /bad port/],
  ["http://example.com:-1/", /bad port/],
  ["http://example.com:0/", /bad port/],
  ["http://example.com:65536/", /bad port/],
  ["http://example.com:99999999999999999999/", /bad port/],
  ["http://[::1]:8080/", /no valid host/],
  ["http://[::1]/", /no valid host/],
  ["http://exa%6dple.com/", /no valid host/],
  ["http://a:1:2/", /bad port/],
  ["http://example.com/a b", /space or control character/],
  [" http://example.com/", /space or control character/],
  ["http://example.com/\t", /space or control character/],
  ["http://example.com/\r\nX-Injected: 1", /space or control character/],
  ["http://example.com/\n", /space or control character/],
  ["http://example.com/\x00", /space or control character/],
  ["http://example.com/\x1b[0m", /space or control character/],
  ["http://example.com/\x7f", /space or control character/],
  ["http://exa\rmple.com/", /space or control character/],
];

for (const [text, reason] of REFUSED) {
  test(`url: ${JSON.stringify(text)} is refused`, () => {
    const r = parseUrl(text);
    assert.ok(isError(r), "expected an error");
    assert.equal(r.code, "UNSUPPORTED");
    assert.match(r.reason, reason);
  });
}

test("url: no control character is accepted anywhere in a URL", () => {
  for (let c = 0; c <= 0x20; c++) {
    for (const at of ["http://h/" + String.fromCharCode(c), "http://h" + String.fromCharCode(c) + "/", "http://h/?q=" + String.fromCharCode(c)]) {
      assert.ok(isError(parseUrl(at)), JSON.stringify(at));
    }
  }
});

test("url: Host header carries the port only when it is not the scheme's default", () => {
  assert.equal(hostHeader(url("http://h/")), "h");
  assert.equal(hostHeader(url("http://h:80/")), "h");
  assert.equal(hostHeader(url("http://h:443/")), "h:443");
  assert.equal(hostHeader(url("https://h:443/")), "h");
  assert.equal(hostHeader(url("https://h:80/")), "h:80");
  assert.equal(hostHeader(url("http://10.0.0.1:8080/")), "10.0.0.1:8080");
});

test("url: urlText normalises case, default port and fragment", () => {
  assert.equal(urlText(url("HTTP://H.example:80/P?q#f")), "http://h.example/P?q");
  assert.equal(urlText(url("https://h:8443")), "https://h:8443/");
});

// base, Location => the URL it resolves to (RFC 3986 5.4 where it applies)
const RESOLVED: [string, string, string][] = [
  ["http://a.example/b/c?q", "https://x.example/y", "https://x.example/y"],
  ["http://a.example/b/c?q", "HTTP://X.example/y", "HTTP://X.example/y"],
  ["http://a.example/b/c?q", "ftp://x.example/y", "ftp://x.example/y"],
  ["http://a.example/b/c?q", "//x.example/y", "http://x.example/y"],
  ["https://a.example/b/c", "//x.example:8443/y", "https://x.example:8443/y"],
  ["http://a.example:8080/b/c?q", "/y?z", "http://a.example:8080/y?z"],
  ["http://a.example/b/c?q", "d", "http://a.example/b/d"],
  ["http://a.example/b/c?q", "d/e?f", "http://a.example/b/d/e?f"],
  ["http://a.example/b/", "d", "http://a.example/b/d"],
  ["http://a.example/", "d", "http://a.example/d"],
  ["http://a.example/b/c?q", "?y", "http://a.example/b/c?y"],
  ["http://a.example/b/c?q", "", "http://a.example/b/c?q"],
  ["http://a.example/b/c?q", "#s", "http://a.example/b/c?q"],
  ["https://a.example:443/b/c", "d", "https://a.example/b/d"],
  ["http://a.example/b/c", "../d", "http://a.example/b/../d"],
];

for (const [base, location, expected] of RESOLVED) {
  test(`url: Location ${JSON.stringify(location)} from ${base} is ${expected}`, () => {
    assert.equal(resolveUrl(url(base), location), expected);
  });
}

test("url: a resolved Location still goes through parseUrl's checks", () => {
  const next = parseUrl(resolveUrl(url("http://a/b"), "ftp://x/"));
  assert.ok(isError(next));
  const hostless = parseUrl(resolveUrl(url("http://a/b"), "//"));
  assert.ok(isError(hostless));
  assert.match(hostless.reason, /no valid host/);
});
