// get() on the happy paths: what the server receives, what the caller gets,
// when the socket is closed. Every run also checks (test/tools/client-run.ts)
// one callback and nothing left behind.
import { test } from "node:test";
import assert from "node:assert/strict";
import { respond, onRequest, httpResponse } from "../sim/index";
import { run, resultOf, errorOf } from "./tools/client-run";
import { USER_AGENT } from "../src/http/request";

const BODY = "<html>hello from the board's server</html>";

test("get: 200 with Content-Length: request bytes, head, body, result", () => {
  const out = run({
    url: "http://example.com/status?x=1",
    keep: ["content-type", "connection"],
    routes: { "example.com:80": respond(httpResponse(BODY, { headers: [["Content-Type", "text/html"]] })) },
  });
  const r = resultOf(out);
  assert.equal(
    out.net.connections[0].received,
    "GET /status?x=1 HTTP/1.1\r\nHost: example.com\r\nUser-Agent: " + USER_AGENT +
      "\r\nAccept: */*\r\nConnection: close\r\n\r\n",
  );
  assert.equal(r.status, 200);
  assert.equal(r.reason, "OK");
  assert.equal(r.version, "1.1");
  assert.deepEqual(r.headers, [["Content-Type", "text/html"], ["Content-Length", String(BODY.length)], ["Connection", "close"]]);
  assert.equal(r.url, "http://example.com/status?x=1");
  assert.equal(r.bytes, BODY.length);
  assert.equal(out.body, BODY);
  assert.deepEqual(out.events, ["head 200 OK", `body ${BODY.length}`, "done"]);
});

test("get: timings are milestones since get(): connect <= first byte <= total", () => {
  const out = run({
    url: "http://example.com/",
    routes: { "example.com": onRequest((_h, c) => c.write(httpResponse(BODY), { delayMs: 200 })) },
  });
  const t = resultOf(out).timings;
  assert.ok(t.connectMs > 0 && t.connectMs < 10, `connect ${t.connectMs}`);
  assert.ok(t.firstByteMs >= t.connectMs + 200, `first byte ${t.firstByteMs}`);
  assert.equal(t.totalMs, out.at);
  assert.ok(t.totalMs >= t.firstByteMs);
});

test("get: chunked body arrives decoded, in pieces, never whole", () => {
  const body = "x".repeat(3000);
  const out = run({
    url: "http://example.com/big",
    routes: { "example.com": respond(httpResponse(body, { framing: "chunked" })) },
  });
  const r = resultOf(out);
  assert.equal(r.bytes, 3000);
  assert.equal(out.body, body);
  const pieces = out.events.filter((e) => e.startsWith("body "));
  assert.ok(pieces.length >= 6, "streamed in socket-sized pieces");
});

test("get: a body that ends with the connection (no framing) completes on close", () => {
  const out = run({
    url: "http://example.com/",
    routes: { "example.com": respond("HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\n" + BODY) },
  });
  const r = resultOf(out);
  assert.equal(r.version, "1.0");
  assert.equal(out.body, BODY);
});

test("get: closes the socket itself as soon as the framed response is complete", () => {
  const out = run({
    url: "http://example.com/",
    timeoutMs: 30000,
    // The server keeps the connection open after the response.
    routes: { "example.com": respond(httpResponse(BODY), { close: false }) },
  });
  resultOf(out);
  assert.ok(out.at < 100, `done at ${out.at} ms, not at the deadline`);
  assert.ok(out.net.connections[0].clientEnded, "client called end()");
});

test("get: bytes after a complete response are not delivered", () => {
  const out = run({
    url: "http://example.com/",
    routes: { "example.com": respond(httpResponse("abc") + "HTTP/1.1 200 OK\r\n\r\nextra") },
  });
  assert.equal(out.body, "abc");
  assert.equal(resultOf(out).bytes, 3);
});

test("get: 404 and 500 are results, not errors, with their bodies", () => {
  for (const status of [404, 500]) {
    const out = run({
      url: "http://example.com/missing",
      routes: { "example.com": respond(httpResponse("not here", { status, reason: "Nope" })) },
    });
    const r = resultOf(out);
    assert.equal(r.status, status);
    assert.equal(r.reason, "Nope");
    assert.equal(out.body, "not here");
  }
});

test("get: 204 and 304 end at the head", () => {
  for (const status of [204, 304]) {
    const out = run({
      url: "http://example.com/",
      routes: { "example.com": respond(`HTTP/1.1 ${status} X\r\nConnection: close\r\n\r\n`, { close: false }) },
    });
    assert.equal(resultOf(out).bytes, 0);
    assert.ok(out.at < 100);
  }
});

test("get: extra headers are sent after the client's own", () => {
  const out = run({
    url: "http://example.com:8080/",
    headers: [["X-Api-Key", "k1"], ["Accept", "application/json"]],
    routes: { "example.com:8080": respond(httpResponse("{}")) },
  });
  resultOf(out);
  assert.equal(
    out.net.connections[0].received,
    "GET / HTTP/1.1\r\nHost: example.com:8080\r\nUser-Agent: " + USER_AGENT +
      "\r\nConnection: close\r\nX-Api-Key: k1\r\nAccept: application/json\r\n\r\n",
  );
});

test("get: https goes through require('tls') with the same socket API", () => {
  const out = run({
    url: "https://secure.example/",
    routes: { "secure.example:443": respond(httpResponse("plain")) },
    tlsRoutes: { "secure.example:443": respond(httpResponse("secret")) },
  });
  assert.equal(out.body, "secret");
  assert.equal(resultOf(out).url, "https://secure.example/");
  assert.equal(out.net.connections.length, 0, "nothing over plain TCP");
});

test("get: https without TLS in the firmware is UNSUPPORTED, without connecting", () => {
  const out = run({ url: "https://secure.example/", routes: { "secure.example:443": respond(httpResponse("x")) } });
  const err = errorOf(out);
  assert.equal(err.code, "UNSUPPORTED");
  assert.match(err.reason, /TLS/);
  assert.equal(out.net.log.length, 0);
});

test("get: a URL it cannot fetch is UNSUPPORTED, reported after get() returns", () => {
  for (const url of ["ftp://example.com/", "http://user@example.com/", "http://example.com/a b"]) {
    const out = run({ url });
    assert.equal(errorOf(out).code, "UNSUPPORTED");
    assert.equal(out.net.log.length, 0);
  }
});

test("get: abort() ends the socket and clears the deadline without calling back", () => {
  const out = run({
    url: "http://example.com/",
    abortAfterMs: 50,
    routes: { "example.com": onRequest((_h, c) => c.write(httpResponse(BODY), { delayMs: 1000 })) },
  });
  assert.equal(out.calls, 0);
  assert.ok(out.net.connections[0].clientEnded);
  assert.deepEqual(out.events, []);
});

test("get: only the framing fields, Location and the fields in `keep` reach the result", () => {
  const raw = "HTTP/1.1 200 OK\r\nSet-Cookie: a=1\r\nContent-Type: text/html\r\nX-Long: " + "x".repeat(6000) + "\r\nContent-Length: 2\r\n\r\nok";
  assert.deepEqual(resultOf(run({ url: "http://example.com/", routes: { "example.com:80": respond(raw) } })).headers, [["Content-Length", "2"]]);
  assert.deepEqual(resultOf(run({ url: "http://example.com/", keep: ["set-cookie"], routes: { "example.com:80": respond(raw) } })).headers, [["Set-Cookie", "a=1"], ["Content-Length", "2"]]);
});
