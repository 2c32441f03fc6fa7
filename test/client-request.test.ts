// The request head, byte for byte, and the checks on extra headers.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { parseUrl, isError, Url } from "../src/http/url";
import { buildRequest, checkExtraHeaders, USER_AGENT } from "../src/http/request";

function url(text: string): Url {
  const u = parseUrl(text);
  if (isError(u)) throw new Error(u.reason);
  return u;
}

const UA = "User-Agent: " + USER_AGENT + "\r\n";

test("request: the plain GET, byte for byte", () => {
  assert.equal(
    buildRequest(url("http://example.com"), []),
    "GET / HTTP/1.1\r\n" +
      "Host: example.com\r\n" +
      "User-Agent: pico-http-get/0.1.0\r\n" +
      "Accept: */*\r\n" +
      "Connection: close\r\n" +
      "\r\n",
  );
});

test("request: path and query go into the request line as given", () => {
  assert.equal(
    buildRequest(url("http://example.com/a/b.json?x=1&y=%20#frag"), []),
    "GET /a/b.json?x=1&y=%20 HTTP/1.1\r\nHost: example.com\r\n" + UA + "Accept: */*\r\nConnection: close\r\n\r\n",
  );
});

test("request: Host carries a port that is not the default, never a scheme or slashes", () => {
  assert.match(buildRequest(url("http://10.0.0.2:8080/"), []), /^GET \/ HTTP\/1\.1\r\nHost: 10\.0\.0\.2:8080\r\n/);
  assert.match(buildRequest(url("https://h.example/"), []), /\r\nHost: h\.example\r\n/);
  assert.match(buildRequest(url("https://h.example:8443/"), []), /\r\nHost: h\.example:8443\r\n/);
  assert.match(buildRequest(url("http://h.example:443/"), []), /\r\nHost: h\.example:443\r\n/);
});

test("request: extra headers follow Connection, in order, before the empty line", () => {
  assert.equal(
    buildRequest(url("http://h/"), [["X-Api-Key", "abc 123"], ["Accept-Language", "en"]]),
    "GET / HTTP/1.1\r\nHost: h\r\n" + UA + "Accept: */*\r\nConnection: close\r\n" +
      "X-Api-Key: abc 123\r\nAccept-Language: en\r\n\r\n",
  );
});

test("request: an extra User-Agent or Accept replaces the default instead of doubling it", () => {
  assert.equal(
    buildRequest(url("http://h/"), [["user-agent", "thermostat/2"], ["Accept", "application/json"]]),
    "GET / HTTP/1.1\r\nHost: h\r\nConnection: close\r\nuser-agent: thermostat/2\r\nAccept: application/json\r\n\r\n",
  );
  // Accept-Language is not Accept.
  assert.match(buildRequest(url("http://h/"), [["Accept-Language", "de"]]), /\r\nAccept: \*\/\*\r\n/);
});

test("request: the User-Agent names the project and the version in package.json", () => {
  const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
  assert.equal(USER_AGENT, `${pkg.name}/${pkg.version}`);
});

test("request: every request has exactly one empty line, at its end", () => {
  const r = buildRequest(url("http://h/x?y"), [["A", "b"]]);
  assert.equal(r.indexOf("\r\n\r\n"), r.length - 4);
  assert.equal(r.split("\n").length, r.split("\r\n").length, "no bare LF");
});

// header => the word its refusal names
const BAD_HEADERS: [[string, string], RegExp][] = [
  [["Host", "evil.example"], /cannot be overridden/],
  [["host", "evil.example"], /cannot be overridden/],
  [["Connection", "keep-alive"], /cannot be overridden/],
  [["CONNECTION", "upgrade"], /cannot be overridden/],
  [["Content-Length", "5"], /cannot be overridden/],
  [["Transfer-Encoding", "chunked"], /cannot be overridden/],
  [["", "x"], /not a token/],
  [["X Key", "x"], /not a token/],
  [["X-Key:", "x"], /not a token/],
  [["X-Key\r\nEvil", "x"], /not a token/],
  [["X(Key)", "x"], /not a token/],
  [["X-Key", "a\r\nEvil: 1"], /control character/],
  [["X-Key", "a\nb"], /control character/],
  [["X-Key", "a\rb"], /control character/],
  [["X-Key", "a\x00b"], /control character/],
  [["X-Key", "a\x7f"], /control character/],
];

for (const [h, reason] of BAD_HEADERS) {
  test(`request: extra header ${JSON.stringify(h)} is refused`, () => {
    const err = checkExtraHeaders([["X-Fine", "ok"], h]);
    assert.ok(err);
    assert.equal(err.code, "UNSUPPORTED");
    assert.match(err.reason, reason);
  });
}

test("request: tokens with every allowed symbol, values with tabs and spaces pass", () => {
  assert.equal(checkExtraHeaders([["!#$%&'*+-.^_`|~09azAZ", "a\tb c"], ["X-Empty", ""]]), null);
  assert.equal(checkExtraHeaders([]), null);
});
