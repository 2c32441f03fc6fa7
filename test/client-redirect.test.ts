// Redirects: which are followed, where Location leads, how many hops, loops,
// and which headers travel. Only the final response reaches onHead/onBody.
import { test } from "node:test";
import assert from "node:assert/strict";
import { respond, onRequest, httpResponse, Route } from "../sim/index";
import { run, resultOf, errorOf } from "./tools/client-run";

function redirect(status: number, location: string, body = "moved"): Route {
  return respond(httpResponse(body, { status, reason: "Moved", headers: [["Location", location]] }));
}

const FINAL = respond(httpResponse("final page", { headers: [["Content-Type", "text/plain"]] }));

for (const status of [301, 302, 303, 307, 308]) {
  test(`redirect: ${status} is followed; only the final response is reported`, () => {
    const out = run({
      url: "http://a.example/old",
      routes: { "a.example": onRequest((head, c) => {
        const r = head.startsWith("GET /old ") ? httpResponse("moved", { status, headers: [["Location", "/new"]] }) : httpResponse("final page");
        c.write(r).end();
      }) },
    });
    const r = resultOf(out);
    assert.equal(r.status, 200);
    assert.equal(r.url, "http://a.example/new");
    assert.equal(out.body, "final page");
    assert.deepEqual(out.events, ["head 200 OK", "body 10", "done"]);
    assert.equal(out.net.connections.length, 2);
  });
}

test("redirect: 300, 304, 305, 306 and a 3xx without Location are final responses", () => {
  for (const status of [300, 304, 305, 306]) {
    const final = run({ url: "http://a.example/", routes: { "a.example": redirect(status, "/other") } });
    assert.equal(resultOf(final).status, status);
    assert.equal(final.net.connections.length, 1);
  }
  const bare = run({ url: "http://a.example/", routes: { "a.example": respond(httpResponse("x", { status: 302 })) } });
  assert.equal(resultOf(bare).status, 302);
  assert.equal(bare.body, "x");
});

test("redirect: a chain across hosts, scheme-relative and relative Locations", () => {
  const out = run({
    url: "http://a.example/start/here",
    routes: {
      "a.example": onRequest((head, c) => {
        // Relative first, then scheme-relative to another host and port.
        const target = head.startsWith("GET /start/here ") ? "next?step=2" : "//b.example:8080/x";
        c.write(httpResponse("", { status: 302, headers: [["Location", target]] })).end();
      }),
      "b.example:8080": redirect(307, "http://c.example/final"),
      "c.example": FINAL,
    },
  });
  const r = resultOf(out);
  assert.equal(r.url, "http://c.example/final");
  assert.deepEqual(out.net.connections.map((c) => `${c.host}:${c.port} ${c.received.split("\r\n")[0]}`), [
    "a.example:80 GET /start/here HTTP/1.1",
    "a.example:80 GET /start/next?step=2 HTTP/1.1",
    "b.example:8080 GET /x HTTP/1.1",
    "c.example:80 GET /final HTTP/1.1",
  ]);
  assert.match(out.net.connections[2].received, /\r\nHost: b\.example:8080\r\n/);
});

test("redirect: a loop is PROTOCOL, detected before the hop limit", () => {
  const out = run({
    url: "http://a.example/ping",
    routes: { "a.example": onRequest((head, c) => {
      c.write(httpResponse("", { status: 302, headers: [["Location", head.startsWith("GET /ping ") ? "/pong" : "http://A.EXAMPLE:80/ping#again"]] })).end();
    }) },
  });
  const err = errorOf(out);
  assert.equal(err.code, "PROTOCOL");
  assert.match(err.reason, /loop/);
  assert.equal(out.net.connections.length, 2);
});

test("redirect: a redirect to itself is a loop", () => {
  const err = errorOf(run({ url: "http://a.example/x", routes: { "a.example": redirect(301, "") } }));
  assert.match(err.reason, /loop/);
});

function hops(n: number): Route {
  return onRequest((head, c) => {
    const i = Number(/GET \/(\d+) /.exec(head)![1]);
    c.write(i < n ? httpResponse("", { status: 302, headers: [["Location", `/${i + 1}`]] }) : httpResponse("done")).end();
  });
}

test("redirect: 5 hops are followed, a 6th is PROTOCOL", () => {
  const five = run({ url: "http://a.example/0", routes: { "a.example": hops(5) } });
  assert.equal(resultOf(five).url, "http://a.example/5");
  const six = run({ url: "http://a.example/0", routes: { "a.example": hops(6) } });
  const err = errorOf(six);
  assert.equal(err.code, "PROTOCOL");
  assert.match(err.reason, /more than 5 redirects/);
  assert.equal(six.net.connections.length, 6);
});

test("redirect: maxRedirects changes the limit; 0 follows none", () => {
  assert.equal(resultOf(run({ url: "http://a.example/0", maxRedirects: 1, routes: { "a.example": hops(1) } })).url, "http://a.example/1");
  assert.equal(errorOf(run({ url: "http://a.example/0", maxRedirects: 0, routes: { "a.example": hops(1) } })).code, "PROTOCOL");
});

test("redirect: extra headers go to the first origin only", () => {
  const out = run({
    url: "http://a.example/",
    headers: [["Authorization", "Bearer secret"], ["X-Device", "7"]],
    routes: {
      "a.example:80": onRequest((head, c) => {
        if (head.startsWith("GET /end ")) return void c.write(httpResponse("end")).end();
        const next = head.startsWith("GET / ") ? "/same" : "http://a.example:81/";
        c.write(httpResponse("", { status: 302, headers: [["Location", next]] })).end();
      }),
      "a.example:81": redirect(302, "http://b.example/"),
      "b.example": redirect(302, "http://a.example/end"),
    },
  });
  resultOf(out);
  const sent = out.net.connections.map((c) => `${c.port} ${c.received.split("\r\n")[0]} ${/Bearer secret/.test(c.received) && /X-Device: 7/.test(c.received)}`);
  assert.deepEqual(sent, [
    "80 GET / HTTP/1.1 true",
    "80 GET /same HTTP/1.1 true",
    "81 GET / HTTP/1.1 false",
    "80 GET / HTTP/1.1 false",
    "80 GET /end HTTP/1.1 true",
  ]);
});

test("redirect: http to https goes through TLS, and needs it", () => {
  const routes = { "a.example": redirect(301, "https://a.example/") };
  const tls = run({ url: "http://a.example/", routes, tlsRoutes: { "a.example:443": FINAL } });
  assert.equal(resultOf(tls).url, "https://a.example/");
  const none = run({ url: "http://a.example/", routes });
  assert.equal(errorOf(none).code, "UNSUPPORTED");
});

test("redirect: a Location that is not an http(s) URL is refused", () => {
  const err = errorOf(run({ url: "http://a.example/", routes: { "a.example": redirect(302, "ftp://files.example/x") } }));
  assert.equal(err.code, "UNSUPPORTED");
  assert.match(err.reason, /http:\/\/ or https:\/\//);
});

test("redirect: the redirect's own body is not waited for", () => {
  const out = run({
    url: "http://a.example/",
    timeoutMs: 60000,
    routes: {
      // A redirect that announces a body and never sends it.
      "a.example": onRequest((_h, c) => c.write("HTTP/1.1 302 Found\r\nLocation: http://b.example/\r\nContent-Length: 5000\r\n\r\n")),
      "b.example": FINAL,
    },
  });
  resultOf(out);
  assert.ok(out.at < 100, `done at ${out.at} ms`);
  assert.ok(out.net.connections[0].clientEnded);
});

test("redirect: whatever follows the redirect's head on its socket is ignored", () => {
  const out = run({
    url: "http://a.example/",
    routes: {
      "a.example": respond("HTTP/1.1 302 Found\r\nLocation: http://b.example/\r\nTransfer-Encoding: chunked\r\n\r\nnot a chunk\r\n"),
      "b.example": FINAL,
    },
  });
  assert.equal(resultOf(out).url, "http://b.example/");
  assert.deepEqual(out.events, ["head 200 OK", "body 10", "done"]);
});

test("redirect: one deadline covers the whole chain", () => {
  const slowHop = (next: string): Route => onRequest((_h, c) => c.write(httpResponse("", { status: 302, headers: [["Location", next]] }), { delayMs: 400 }).end());
  const out = run({
    url: "http://a.example/",
    timeoutMs: 1000,
    routes: { "a.example": slowHop("http://b.example/"), "b.example": slowHop("http://c.example/"), "c.example": slowHop("http://d.example/"), "d.example": FINAL },
  });
  assert.equal(errorOf(out).code, "TIMEOUT");
  assert.equal(out.at, 1000);
  assert.equal(out.net.connections.length, 3);
});
