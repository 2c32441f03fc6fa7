// Every failure class, as each board's socket layer reports it
// (sim/net-errors.ts): linux and esp32 throw at connect,
// esp8266 sends error events, the AT-command path calls back first and then
// reports -6. Whatever the board, the caller sees one error class.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  NetVariant, respond, onRequest, httpResponse, silent, closeWithoutResponse,
  resetWithoutResponse, resetMidBody,
} from "../sim/index";
import { run, errorOf, RunSpec } from "./tools/client-run";
import * as errors from "../src/http/errors";
import { socketVariants } from "../board/profiles";

const VARIANTS: NetVariant[] = socketVariants().map((v) => v.variant);

test("each error constant E_X prints as code X, and no two constants share a code", () => {
  const constants = Object.keys(errors).filter((k) => /^E_/.test(k));
  assert.ok(constants.length >= 13, constants.join(" "));
  const seen = new Set<string>();
  for (const name of constants) {
    const err = errors.httpError((errors as unknown as Record<string, number>)[name], "why");
    assert.deepEqual(err, { code: name.substring(2), reason: "why" }, name);
    seen.add(err.code);
  }
  assert.equal(seen.size, constants.length);
});

function code(spec: RunSpec): string {
  return errorOf(run(spec)).code;
}

// variant => class, for each failure that differs per board
const PER_BOARD: [string, Partial<RunSpec>, Record<NetVariant, string>][] = [
  ["no network at all", { network: "none" }, { linux: "WIFI_DOWN", esp32: "WIFI_DOWN", esp8266: "WIFI_DOWN", at: "WIFI_DOWN" }],
  ["unknown host", { url: "http://nowhere.example/" }, { linux: "DNS", esp32: "DNS", esp8266: "DNS", at: "REFUSED" }],
  ["WiFi dropped: names stop resolving", { network: "down" }, { linux: "DNS", esp32: "DNS", esp8266: "DNS", at: "REFUSED" }],
  ["connection refused", { routes: { "example.com:80": "refuse" } }, { linux: "REFUSED", esp32: "REFUSED", esp8266: "REFUSED", at: "REFUSED" }],
  ["reset before any byte", { routes: { "example.com": resetWithoutResponse() } }, { linux: "RESET", esp32: "RESET", esp8266: "RESET", at: "RESET" }],
  ["close before any byte", { routes: { "example.com": closeWithoutResponse() } }, { linux: "RESET", esp32: "RESET", esp8266: "RESET", at: "RESET" }],
  ["reset in the middle of the body", { routes: { "example.com": resetMidBody("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nabc") } },
    { linux: "TRUNCATED", esp32: "TRUNCATED", esp8266: "RESET", at: "TRUNCATED" }],
];

for (const [name, spec, expected] of PER_BOARD) {
  for (const variant of VARIANTS) {
    test(`errors: ${name} on ${variant} is ${expected[variant]}`, () => {
      assert.equal(code({ url: "http://example.com/", ...spec, variant }), expected[variant]);
    });
  }
}

test("errors: the AT path's -6 after the connect callback names both causes", () => {
  const err = errorOf(run({ url: "http://example.com/", variant: "at", routes: { "example.com:80": "refuse" } }));
  assert.match(err.reason, /host not found or refused/);
});

test("errors: a host that never answers the SYN", () => {
  // linux/esp32: no event ever, so the deadline decides.
  const linux = run({ url: "http://example.com/", timeoutMs: 3000, routes: { "example.com": "blackhole" } });
  assert.equal(errorOf(linux).code, "CONNECT_TIMEOUT");
  assert.equal(linux.at, 3000);
  assert.match(errorOf(linux).reason, /3000 ms/);
  // esp8266: its own -3 timeout comes first when our deadline is longer.
  assert.equal(code({ url: "http://example.com/", variant: "esp8266", timeoutMs: 30000, routes: { "example.com": "blackhole" } }), "CONNECT_TIMEOUT");
  // AT module: its 10 s connect timeout arrives as -6.
  const at = run({ url: "http://example.com/", variant: "at", timeoutMs: 30000, routes: { "example.com": "blackhole" } });
  assert.equal(errorOf(at).code, "REFUSED");
  assert.ok(at.at >= 10000 && at.at < 11000);
});

test("errors: a server that accepts and never answers is TIMEOUT at the deadline", () => {
  for (const variant of VARIANTS) {
    const out = run({ url: "http://example.com/", variant, timeoutMs: 5000, routes: { "example.com": silent() } });
    assert.equal(errorOf(out).code, "TIMEOUT", variant);
    assert.equal(out.at, 5000);
    assert.ok(out.net.connections[0].clientEnded, "socket ended");
  }
});

test("errors: the deadline firing mid-body is TIMEOUT, after part of the body streamed", () => {
  const out = run({
    url: "http://example.com/",
    timeoutMs: 2000,
    routes: {
      "example.com": onRequest((_h, c) => {
        c.write("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n");
        for (let i = 0; i < 10; i++) c.write("y".repeat(100), { delayMs: 500 });
        c.end();
      }),
    },
  });
  assert.equal(errorOf(out).code, "TIMEOUT");
  assert.equal(out.at, 2000);
  assert.equal(out.heads.length, 1);
  assert.ok(out.body.length >= 300 && out.body.length < 1000, `${out.body.length} bytes before the deadline`);
  assert.ok(out.net.connections[0].clientEnded);
});

test("errors: a close in the middle of the head, of a chunk, or before Content-Length is TRUNCATED", () => {
  for (const partial of [
    "HTTP/1.1 200 OK\r\nContent-Le",
    "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10\r\nabc",
    "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc",
  ]) {
    assert.equal(code({ url: "http://example.com/", routes: { "example.com": respond(partial) } }), "TRUNCATED", partial);
  }
});

test("errors: bytes that are not HTTP are PROTOCOL", () => {
  assert.equal(code({ url: "http://example.com/", routes: { "example.com": respond("SSH-2.0-OpenSSH_9.6\r\n\r\n") } }), "PROTOCOL");
  assert.equal(code({ url: "http://example.com/", routes: { "example.com": respond("HTTP/1.1 200 OK\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabc") } }), "PROTOCOL");
});

test("errors: a head far over the limit is TOO_LARGE, and reading stops there", () => {
  const huge = "HTTP/1.1 200 OK\r\n" + "X-Filler: " + "f".repeat(200) + "\r\n";
  const out = run({
    url: "http://example.com/",
    routes: {
      "example.com": onRequest((_h, c) => {
        for (let i = 0; i < 320; i++) c.write(i === 0 ? huge : huge.substring(17), { delayMs: 1 });
        c.write("\r\n").end();
      }),
    },
  });
  assert.equal(errorOf(out).code, "TOO_LARGE");
  assert.ok(out.at < 300, `stopped at ${out.at} ms, before the server finished`);
});

test("errors: TLS failures are TLS, also as Espruino for Linux reports them (-8 before any byte)", () => {
  for (const failCode of [-13, -14, -8, -11]) {
    const out = run({
      url: "https://secure.example/",
      tlsRoutes: { "secure.example:443": (c) => c.fail(failCode, 5) },
    });
    assert.equal(errorOf(out).code, "TLS", String(failCode));
  }
  // Once the response is flowing, a reset is a reset.
  const late = run({
    url: "https://secure.example/",
    tlsRoutes: { "secure.example:443": onRequest((_h, c) => c.write("HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\nab").fail(-9, 5)) },
  });
  assert.equal(errorOf(late).code, "RESET");
});

test("errors: out of memory and out of sockets are LOW_MEMORY", () => {
  assert.equal(code({ url: "http://example.com/", routes: { "example.com": (c) => c.fail(-2) } }), "LOW_MEMORY");
  assert.equal(code({ url: "http://example.com/", routes: { "example.com": (c) => c.fail(-7) } }), "LOW_MEMORY");
});

test("errors: other socket error codes map to a class with the code in the reason", () => {
  // After the first byte every failure but memory and TLS is a broken connection.
  for (const n of [-3, -8, -9, -11, -99]) {
    const err = errorOf(run({ url: "http://example.com/", variant: "esp8266", routes: { "example.com": onRequest((_h, c) => c.write("HTTP/1.1 200 OK\r\n").fail(n, 5)) } }));
    assert.equal(err.code, "RESET", String(n));
  }
  // Before the first byte: the connection was not made (a reset stays a reset).
  const table: [number, string][] = [[-3, "CONNECT_TIMEOUT"], [-4, "REFUSED"], [-5, "REFUSED"], [-8, "REFUSED"], [-9, "RESET"], [-10, "REFUSED"], [-11, "REFUSED"], [-15, "REFUSED"], [-99, "REFUSED"]];
  for (const [n, expected] of table) {
    const err = errorOf(run({ url: "http://example.com/", variant: "esp8266", routes: { "example.com": (c) => c.fail(n, 5) } }));
    assert.equal(err.code, expected, String(n));
    assert.match(err.reason, new RegExp(`\\(${n}\\)`));
  }
});

test("errors: an exception in a socket handler ends the request as INTERNAL: socket ended, nothing parsed after it", () => {
  const body = "x".repeat(2000);
  const raw = httpResponse(body);
  for (const throwIn of ["head", "body"] as const) {
    // The body comes in 536-byte pieces, 10 ms apart: the later ones find the request over.
    const out = run({ url: "http://example.com/", throwIn, routes: { "example.com": respond(raw, { pieces: [raw.length - body.length + 100, 536, 536, 536, 536] }) } });
    const err = errorOf(out);
    assert.equal(err.code, "INTERNAL");
    assert.match(err.reason, new RegExp(`on${throwIn === "head" ? "Head" : "Body"} failed`));
    assert.deepEqual(out.events, throwIn === "head" ? ["head 200 OK", "error INTERNAL"] : ["head 200 OK", "body 100", "error INTERNAL"], throwIn);
  }
});
