// require("http-get") as users run it: the shipped http-get.min.js, cached
// with Modules.addCached by a user program on a simulated board. Every
// outcome is printed by the program itself (test/tools/module-bundle.ts
// REPORT); after each run the callback has run once and nothing is left open.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  respond, httpResponse, closeWithoutResponse, resetMidBody, silent, onRequest, type AppRun, type Route, type ScriptedNet,
} from "../sim/index";
import { runWithModule, reports, REPORT } from "./tools/module-bundle";

const URL = "http://example.com/data";

/** One get() with `options` (JS source) against `servers`; the single report it printed. */
async function fetchOnce(options: string, servers: Record<string, Route>, more: Parameters<typeof runWithModule>[1] = {}, url = URL) {
  const run = await runWithModule(`${REPORT}require("http-get").get(${JSON.stringify(url)}, ${options}, report);`, { servers, ...more });
  return { run, out: settled(run) };
}

/** The one report; the run left no timer, socket or exception behind. */
function settled(run: AppRun): Record<string, any> {
  assert.deepEqual(run.uncaught, []);
  const out = reports(run);
  assert.equal(out.length, 1, "the callback ran exactly once: " + run.printed.join(" | "));
  const s = run.stats();
  assert.equal(s.liveTimers, 0, "no timer left");
  assert.equal(s.openSockets, 0, "no socket left open");
  return out[0];
}

const ok = (body: string, headers: [string, string][] = []) => ({ "example.com:80": respond(httpResponse(body, { headers })) });

test("a response: status as a number, the body collected, headers by lower-case name and header() in any case", async () => {
  const { out } = await fetchOnce('{ keep: ["Content-Type", "X-Twice"] }', ok('{"t":21.5}', [["Content-Type", "application/json"], ["X-Twice", "a"], ["x-twice", "b"]]));
  assert.equal(out.status, 200);
  assert.equal(out.statusText, "OK");
  assert.equal(out.body, '{"t":21.5}');
  assert.equal(out.bytes, 10);
  assert.equal(out.type, "application/json");
  assert.equal(out.headers["x-twice"], "a, b", "repeated fields joined (RFC 9110 5.3)");
  assert.equal(out.url, URL);
  assert.equal(out.timings, "number");
});

test("keep: by default the usual fields are in res.headers and others are not; a list of one's own replaces the default", async () => {
  const fields: [string, string][] = [["Content-Type", "text/plain"], ["ETag", '"v1"'], ["Set-Cookie", "s=1"], ["X-Trace", "t".repeat(6000)]];
  const byDefault = (await fetchOnce("{}", ok("x", fields))).out;
  assert.deepEqual(byDefault.headers, { "content-type": "text/plain", etag: '"v1"', "content-length": "1" });
  assert.equal(byDefault.body, "x");
  const own = (await fetchOnce('{ keep: ["SET-COOKIE"] }', ok("x", fields))).out;
  assert.deepEqual(own.headers, { "set-cookie": "s=1", "content-length": "1" });
  assert.equal(own.type, undefined, "Content-Type is not kept when the list leaves it out");
});

test("a status of 400 or more is a response, not an error", async () => {
  const { out } = await fetchOnce("{}", { "example.com:80": respond(httpResponse("no such thing", { status: 404, reason: "Not Found" })) });
  assert.equal(out.err, undefined);
  assert.equal(out.status, 404);
  assert.equal(out.statusText, "Not Found");
  assert.equal(out.body, "no such thing");
});

test("extra headers are sent; a header that could add a line is refused before anything is sent", async () => {
  const sent = await fetchOnce('{ headers: { Accept: "application/json", "X-Count": 3 } }', ok("x"));
  assert.match((sent.run.net as ScriptedNet).connections[0].received, /\r\nAccept: application\/json\r\nX-Count: 3\r\n\r\n$/);
  const bad = await fetchOnce('{ headers: { "X-A": "1\\r\\nHost: evil" } }', ok("x"));
  assert.equal(bad.out.err.code, "UNSUPPORTED");
  assert.match(bad.out.err.message, /control character/);
  assert.equal((bad.run.net as ScriptedNet).connections.length, 0, "nothing was sent");
  const own = await fetchOnce('{ headers: { host: "other" } }', ok("x"));
  assert.match(own.out.err.message, /set by the client/);
});

test("maxBody: a body of exactly maxBody is collected, one byte more is TOO_LARGE, however it is framed", async () => {
  const body = "b".repeat(100);
  assert.equal((await fetchOnce("{ maxBody: 100 }", ok(body))).out.body, body);
  for (const framing of ["length", "chunked", "close"] as const) {
    const raw = httpResponse(body + "!", { framing });
    const { out } = await fetchOnce("{ maxBody: 100 }", { "example.com:80": respond(raw, { pieces: [40, 40, 40] }) });
    assert.equal(out.err.code, "TOO_LARGE", framing);
    assert.match(out.err.message, /over maxBody \(100 bytes\)/, framing);
  }
});

test("maxBody defaults to 4096 bytes", async () => {
  assert.equal((await fetchOnce("{}", ok("d".repeat(4096)))).out.bytes, 4096);
  assert.equal((await fetchOnce("{}", ok("d".repeat(4097)))).out.err.code, "TOO_LARGE");
});

test("onData: a 256 KiB body streams through in socket-sized pieces, nothing is kept, res.body is absent", async () => {
  const size = 256 * 1024;
  const server = onRequest((_head, c) => c.write(httpResponse("z".repeat(size))));
  const program = `${REPORT}var n = 0, pieces = 0, biggest = 0;
require("http-get").get("${URL}", { onData: function (d) { n += d.length; pieces++; if (d.length > biggest) biggest = d.length; } },
  function (err, res) { report(err, res); print("counted " + n + " in " + pieces + " pieces, at most " + biggest); });`;
  const run = await runWithModule(program, { servers: { "example.com:80": server } });
  const out = settled(run);
  assert.equal(out.bytes, size);
  assert.equal(out.hasBody, false);
  const counted = run.printed.find((l) => l.startsWith("counted "))!;
  const m = /^counted (\d+) in (\d+) pieces, at most (\d+)$/.exec(counted)!;
  assert.equal(+m[1], size);
  assert.ok(+m[2] >= size / 536, counted);
  assert.ok(+m[3] <= 536, counted);
});

test("onHead gets the head before the body, with header()", async () => {
  const program = `${REPORT}require("http-get").get("${URL}", {
  onHead: function (h) { print("head " + h.status + " " + h.header("content-length") + " " + h.url); },
  onData: function (d) { print("data " + d); } }, report);`;
  const run = await runWithModule(program, { servers: ok("hello") });
  settled(run);
  assert.deepEqual(run.printed.slice(0, 2), [`head 200 5 ${URL}`, "data hello"]);
});

test("redirects are followed; res.url is where the response came from; more than maxRedirects is PROTOCOL", async () => {
  const servers = {
    "example.com:80": respond(httpResponse("", { status: 302, reason: "Found", headers: [["Location", "http://other.example/final"]] })),
    "other.example:80": respond(httpResponse("landed")),
  };
  const followed = await fetchOnce("{}", servers);
  assert.equal(followed.out.body, "landed");
  assert.equal(followed.out.url, "http://other.example/final");
  const none = await fetchOnce("{ maxRedirects: 0 }", servers);
  assert.deepEqual(none.out.err, { code: "PROTOCOL", message: "more than 0 redirects" });
  const loop = await fetchOnce("{}", { "example.com:80": respond(httpResponse("", { status: 301, headers: [["Location", "/data"]] })) });
  assert.deepEqual(loop.out.err, { code: "PROTOCOL", message: "redirect loop at " + URL });
});

/** Every error class the client reports, each from the situation that causes it. */
const ERRORS: { code: string; url?: string; options?: string; servers?: Record<string, Route>; more?: Parameters<typeof runWithModule>[1] }[] = [
  { code: "WIFI_DOWN", more: { board: "esp8266" } },
  { code: "DNS", url: "http://nowhere.example/" },
  { code: "REFUSED", servers: { "example.com:80": "refuse" } },
  { code: "CONNECT_TIMEOUT", options: "{ timeout: 3000 }", servers: { "example.com:80": "blackhole" } },
  { code: "TIMEOUT", options: "{ timeout: 3000 }", servers: { "example.com:80": silent() } },
  { code: "RESET", servers: { "example.com:80": closeWithoutResponse() } },
  { code: "TRUNCATED", servers: { "example.com:80": resetMidBody("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc") } },
  { code: "PROTOCOL", servers: { "example.com:80": respond("SSH-2.0-OpenSSH_9.6\r\n") } },
  { code: "TOO_LARGE", servers: { "example.com:80": respond("HTTP/1.1 200 OK\r\n" + "X-Pad: " + "p".repeat(60000) + "\r\n\r\n") } },
  { code: "TLS", url: "https://example.com/", more: { tlsServers: { "example.com:443": (c) => c.fail(-13) } } },
  { code: "UNSUPPORTED", url: "ftp://example.com/" },
  { code: "UNSUPPORTED", url: "https://example.com/", more: { firmware: { tls: false } } },
  { code: "LOW_MEMORY", servers: { "example.com:80": (c) => c.fail(-2) } },
];

test("every error class arrives as err {code, message} and res null, once", async () => {
  for (const e of ERRORS) {
    const { out } = await fetchOnce(e.options || "{}", e.servers || {}, e.more, e.url || URL);
    assert.equal(out.err && out.err.code, e.code, JSON.stringify(out));
    assert.equal(typeof out.err.message, "string");
    assert.ok(out.err.message.length > 0);
    assert.equal(out.res, null);
  }
});

test("abort(): the callback gets ABORTED at once, the socket is closed, and nothing comes after", async () => {
  const program = `${REPORT}var req = require("http-get").get("${URL}", {}, report);
setTimeout(function () { req.abort(); req.abort(); }, 500);`;
  const run = await runWithModule(program, { servers: { "example.com:80": silent() } });
  const out = settled(run);
  assert.deepEqual(out.err, { code: "ABORTED", message: "aborted" });
  assert.equal(run.clock.now() < 1000, true, "ended at the abort, not at the deadline");
});

test("the promise form: resolves with res, rejects with err, and can be aborted", async () => {
  const program = `${REPORT}var http = require("http-get");
http.get("${URL}").then(function (res) { report(null, res); });
http.get("http://nowhere.example/", { timeout: 2000 }).then(null, function (err) { report(err, null); });
var p = http.get("http://slow.example/");
p.then(null, function (err) { report(err, null); });
setTimeout(function () { p.abort(); }, 100);`;
  const run = await runWithModule(program, { servers: { ...ok("promised"), "slow.example:80": silent() } });
  assert.deepEqual(run.uncaught, []);
  const out = reports(run);
  assert.deepEqual(out.map((o) => (o.err ? o.err.code : o.body)).sort(), ["ABORTED", "DNS", "promised"]);
  assert.equal(run.stats().openSockets, 0);
  assert.equal(run.stats().liveTimers, 0);
});

test("get(url, callback) without options works too", async () => {
  const run = await runWithModule(`${REPORT}require("http-get").get("${URL}", report);`, { servers: ok("short") });
  assert.equal(settled(run).body, "short");
});
