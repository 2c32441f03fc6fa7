// One deadline for the whole request, on the virtual clock: slow but steady
// servers finish, stalled ones are cut off, and nothing outlives the request.
import { test } from "node:test";
import assert from "node:assert/strict";
import { onRequest, httpResponse, Route, respond } from "../sim/index";
import { run, resultOf, errorOf } from "./tools/client-run";

const RESPONSE = httpResponse("drip, drip, drip", { framing: "chunked" });

/** Sends the response one byte at a time, everyMs apart. */
function drip(raw: string, everyMs: number): Route {
  return onRequest((_h, c) => {
    for (let i = 0; i < raw.length; i++) c.write(raw.charAt(i), { delayMs: everyMs });
    c.end();
  });
}

test("deadline: a 1-byte drip that finishes within the deadline succeeds", () => {
  const out = run({ url: "http://example.com/", timeoutMs: 10000, routes: { "example.com": drip(RESPONSE, 20) } });
  const r = resultOf(out);
  assert.equal(out.body, "drip, drip, drip");
  assert.ok(out.at > RESPONSE.length * 20 - 20 && out.at < 10000);
  assert.ok(r.timings.firstByteMs < r.timings.totalMs);
});

test("deadline: the same drip, slower than the deadline, is TIMEOUT with the body cut off", () => {
  const out = run({ url: "http://example.com/", timeoutMs: 10000, routes: { "example.com": drip(RESPONSE, 200) } });
  assert.equal(errorOf(out).code, "TIMEOUT");
  assert.equal(out.at, 10000);
});

test("deadline: a 268-byte board gets the same response in smaller pieces", () => {
  const body = "z".repeat(2000);
  const out = run({ url: "http://example.com/", variant: "esp8266", routes: { "example.com": respond(httpResponse(body)) } });
  assert.equal(out.body, body);
  assert.ok(out.net.table.all[0].log.filter((e) => e.startsWith("data ")).every((e) => Number(e.substring(5)) <= 268));
});

test("deadline: a slow head after a quick connect is TIMEOUT, a slow connect is CONNECT_TIMEOUT", () => {
  const slowHead = run({
    url: "http://example.com/",
    timeoutMs: 500,
    routes: { "example.com": onRequest((_h, c) => c.write("HTTP/1.1 200 OK\r\n", { delayMs: 100 })) },
  });
  assert.equal(errorOf(slowHead).code, "TIMEOUT");
  const slowConnect = run({ url: "http://example.com/", timeoutMs: 500, routes: { "example.com": "blackhole" } });
  assert.equal(errorOf(slowConnect).code, "CONNECT_TIMEOUT");
});

test("deadline: a response complete just before the deadline wins, one just after loses", () => {
  const at = (ms: number): Route => onRequest((_h, c) => c.write(httpResponse("ok"), { delayMs: ms }));
  // Latency 1 ms: connected at 1 ms, the response lands at 2 + ms.
  assert.equal(resultOf(run({ url: "http://example.com/", timeoutMs: 1000, routes: { "example.com": at(996) } })).status, 200);
  assert.equal(errorOf(run({ url: "http://example.com/", timeoutMs: 1000, routes: { "example.com": at(998) } })).code, "TIMEOUT");
});

// A body nobody reads is only counted, with no test per piece: it is complete
// at the close that follows it (the request says Connection: close), or, if
// the server keeps the connection open, at the deadline, still complete.
test("deadline: a counted Content-Length body is complete at the close, or at the deadline if the server never closes", () => {
  const body = "y".repeat(5000);
  const closes = onRequest((_h, c) => {
    c.write(httpResponse(body), { delayMs: 10 });
    c.end(50);
  });
  const keptOpen = onRequest((_h, c) => c.write(httpResponse(body), { delayMs: 10 }));
  for (const want of [0, 100]) {
    const closed = run({ url: "http://example.com/", timeoutMs: 2000, want, routes: { "example.com": closes } });
    assert.equal(resultOf(closed).bytes, 5000, `want ${want}`);
    assert.ok(closed.at >= 60 && closed.at < 100, `want ${want}: at ${closed.at}`);
    assert.equal(closed.body.length >= want && closed.body.length < 5000, true, `want ${want}`);
    const open = run({ url: "http://example.com/", timeoutMs: 2000, want, routes: { "example.com": keptOpen } });
    assert.equal(resultOf(open).bytes, 5000, `want ${want}`);
    assert.equal(open.at, 2000, `want ${want}`);
  }
  // Cut short and closed: TRUNCATED, as when every byte is read.
  const short = onRequest((_h, c) => {
    c.write(httpResponse(body).slice(0, -10), { delayMs: 10 });
    c.end(50);
  });
  assert.equal(errorOf(run({ url: "http://example.com/", timeoutMs: 2000, want: 0, routes: { "example.com": short } })).code, "TRUNCATED");
  // Reset after the whole body (an error on ESP8266; elsewhere a reset looks
  // like a close): complete, as when every byte is read (the last byte
  // completed it then); reset before its end: not.
  const resetAfter = onRequest((_h, c) => {
    c.write(httpResponse(body), { delayMs: 10 });
    c.reset(50);
  });
  assert.equal(resultOf(run({ url: "http://example.com/", variant: "esp8266", timeoutMs: 2000, want: 0, routes: { "example.com": resetAfter } })).bytes, 5000);
  const resetBefore = onRequest((_h, c) => {
    c.write(httpResponse(body).slice(0, -10), { delayMs: 10 });
    c.reset(50);
  });
  assert.equal(errorOf(run({ url: "http://example.com/", variant: "esp8266", timeoutMs: 2000, want: 0, routes: { "example.com": resetBefore } })).code, "RESET");
  // Never closed and short: the deadline is a TIMEOUT.
  const shortOpen = onRequest((_h, c) => c.write(httpResponse(body).slice(0, -10), { delayMs: 10 }));
  assert.equal(errorOf(run({ url: "http://example.com/", timeoutMs: 2000, want: 0, routes: { "example.com": shortOpen } })).code, "TIMEOUT");
});
