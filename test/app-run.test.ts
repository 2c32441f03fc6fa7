// The run loop on a simulated board: what is printed, what the LED shows,
// one outcome per request, polling with backoff, and nothing left behind.
import { test } from "node:test";
import assert from "node:assert/strict";
import { respond, httpResponse, silent, onRequest } from "../sim/index";
import { rig, assertQuiet, config } from "./tools/app-rig";
import { BACKOFF_CAP_MS, MIN_FREE_BLOCKS } from "../src/app/app";

const BODY = "<p>hello from the server</p>";
const OK = { "example.com:80": respond(httpResponse(BODY)) };

test("app: one request: status line, body, summary; 1 blink; nothing left running", () => {
  const r = rig({ routes: OK });
  r.app.start();
  r.clock.runUntilIdle();
  assert.equal(r.lines.length, 3);
  assert.equal(r.lines[0], "HTTP/1.1 200 OK");
  assert.equal(r.lines[1], BODY);
  assert.match(r.lines[2], new RegExp(`^DONE 200, ${BODY.length} bytes in \\d+ ms$`));
  assert.deepEqual(r.patterns(), [1]);
  assert.equal(r.net.connections.length, 1);
  assert.match(r.net.connections[0].received, /^GET \/ HTTP\/1\.1\r\nHost: example\.com\r\n/);
  assert.ok(r.kicks > 0, "the watchdog was kicked");
  assertQuiet(r);
});

test("app: the summary's time is the request's, from get() to the last byte", () => {
  const r = rig({
    routes: { "example.com:80": onRequest((_h, c) => c.write(httpResponse(BODY), { delayMs: 700 }).end()) },
  });
  r.app.start();
  r.clock.runUntilIdle();
  const ms = Number(/in (\d+) ms/.exec(r.outcomes()[0])![1]);
  assert.ok(ms >= 700 && ms < 720, `${ms} ms`);
});

test("app: status >= 400 is 2 blinks and a DONE line; the body is still printed", () => {
  const r = rig({ routes: { "example.com:80": respond(httpResponse("gone", { status: 404, reason: "Not Found" })) } });
  r.app.start();
  r.clock.runUntilIdle();
  assert.deepEqual(r.lines.slice(0, 2), ["HTTP/1.1 404 Not Found", "gone"]);
  assert.match(r.lines[2], /^DONE 404, 4 bytes in \d+ ms$/);
  assert.deepEqual(r.patterns(), [2]);
});

test("app: a failure is one ERROR line and 3 blinks", () => {
  const r = rig({ routes: { "example.com:80": "refuse" } });
  r.app.start();
  r.clock.runUntilIdle();
  assert.equal(r.lines.length, 1);
  assert.match(r.lines[0], /^ERROR REFUSED: /);
  assert.deepEqual(r.patterns(), [3]);
  assertQuiet(r);
});

test("app: a request that never completes ends at timeoutMs as TIMEOUT, 3 blinks", () => {
  const r = rig({ routes: { "example.com:80": silent() }, config: { timeoutMs: 4000 } });
  r.app.start();
  r.clock.runUntilIdle();
  assert.equal(r.outcomes().length, 1);
  assert.match(r.outcomes()[0], /^ERROR TIMEOUT: .*4000 ms/);
  assert.deepEqual(r.patterns(), [3]);
  assertQuiet(r);
});

test("app: at most printBody bytes of the body are printed (and kept); all are counted", () => {
  const body = "0123456789".repeat(300);
  const r = rig({ routes: { "example.com:80": respond(httpResponse(body)) }, config: { printBody: 25 } });
  r.app.start();
  r.clock.runUntilIdle();
  assert.equal(r.lines[1], body.substring(0, 25));
  assert.match(r.lines[2], /^DONE 200, 3000 bytes in/);
});

test("app: printBody 0 prints no body line", () => {
  const r = rig({ routes: OK, config: { printBody: 0 } });
  r.app.start();
  r.clock.runUntilIdle();
  assert.equal(r.lines.length, 2);
  assert.equal(r.lines[0], "HTTP/1.1 200 OK");
});

test("app: WiFi is joined first; a wrong password is one WIFI_DOWN line, 4 blinks (device fault), no socket", () => {
  const r = rig({ routes: OK, wifi: { joins: ["wrong-password"] } });
  r.app.start();
  r.clock.runUntilIdle();
  assert.deepEqual(r.lines, ["ERROR WIFI_DOWN: wrong password"]);
  assert.deepEqual(r.patterns(), [4]);
  assert.deepEqual(r.net.log, [], "no request while WiFi is down");
  assertQuiet(r);
});

test("app: polling: the next request starts intervalMs after the previous one ended, never two at once", () => {
  let open = 0;
  let most = 0;
  const r = rig({
    routes: {
      "example.com:80": onRequest((_h, c) => {
        most = Math.max(most, ++open);
        c.write(httpResponse(BODY), { delayMs: 3000 }).end();
        c.onClientEnd(() => open--);
      }),
    },
    config: { intervalMs: 1000 },
  });
  r.app.start();
  r.clock.advance(60000);
  const n = r.outcomes().length;
  assert.ok(n >= 14 && n <= 16, `${n} requests in 60 s at 3 s + 1 s each`);
  assert.equal(most, 1);
  assert.deepEqual(r.patterns(), new Array(r.patterns().length).fill(1));
  r.app.stop();
  assertQuiet(r);
});

test("app: consecutive failures back off (doubling, capped); one success resets it", () => {
  let refuse = true;
  const times: number[] = [];
  const r = rig({
    routes: {
      "example.com:80": onRequest((_h, c) => {
        times.push(r.clock.now());
        if (refuse) c.reset();
        else c.write(httpResponse(BODY)).end();
      }),
    },
    config: { intervalMs: 10000 },
  });
  r.app.start();
  r.clock.advance(2 * 3600 * 1000);
  const gaps = times.slice(1).map((t, i) => (t - times[i]) / 1000);
  // 20 s, 40 s, 80 s, 160 s, then the 300 s cap; each plus the 1.5 s WiFi
  // join that follows a failure.
  const want = [20, 40, 80, 160, 300, 300, 300];
  want.forEach((w, i) => assert.ok(gaps[i] >= w + 1.5 && gaps[i] < w + 2, `gap ${i}: ${gaps[i]} s`));
  assert.ok(gaps.slice(4).every((g) => g < BACKOFF_CAP_MS / 1000 + 2), gaps.join(","));
  refuse = false;
  const before = times.length;
  while (times.length === before) r.clock.advance(100);
  r.clock.advance(10000 + 100);
  assert.equal(times.length, before + 2, "after one success the next request comes intervalMs later");
  r.app.stop();
  assertQuiet(r);
});

test("app: WiFi drops mid-request and comes back: that request fails, the app rejoins and recovers by itself", () => {
  // The server answers 2 s after the request, but nothing gets through a dropped link.
  const r = rig({
    routes: {
      "example.com:80": onRequest((_h, c) =>
        r.clock.defer(() => {
          if (r.radio.joined) c.write(httpResponse(BODY)).end();
        }, 2000)),
    },
    wifi: { dropAfterMs: 1000, backAfterMs: 20000 },
    config: { intervalMs: 5000, timeoutMs: 8000 },
  });
  r.app.start();
  r.clock.advance(120000);
  const outs = r.outcomes();
  assert.ok(outs.length >= 5);
  assert.match(outs[0], /^ERROR TIMEOUT/, "the link dropped 1 s into the first request");
  assert.ok(outs.some((o) => o.startsWith("ERROR ")), "a request failed while the link was down");
  assert.match(outs[outs.length - 1], /^DONE 200/, "and the app is back to success");
  assert.ok(r.radio.steps.filter((s) => s.text.startsWith("joining")).length >= 2, "it joined again");
  r.app.stop();
  assertQuiet(r);
});

test("app: an exception inside a callback is an INTERNAL line and the loop keeps going", () => {
  const r = rig({ routes: OK, printThrowsAt: 1, config: { intervalMs: 1000 } });
  r.app.start();
  r.clock.advance(10000);
  const outs = r.outcomes();
  assert.match(outs[0], /^ERROR INTERNAL: Error: console is gone \(poll 1, up 0m0s, next try in 2 s\)$/);
  assert.ok(outs.length >= 3 && outs.slice(1).every((o) => o.startsWith("DONE 200")), outs.join("|"));
  assert.deepEqual(r.patterns().slice(0, 2), [4, 1]);
  r.app.stop();
  assertQuiet(r);
});

test("app: below MIN_FREE_BLOCKS free the request is skipped as LOW_MEMORY; it goes ahead once memory is back", () => {
  const r = rig({ routes: OK, free: MIN_FREE_BLOCKS - 1, config: { intervalMs: 1000 } });
  r.app.start();
  r.clock.advance(2000);
  assert.deepEqual(r.outcomes(), [`ERROR LOW_MEMORY: only ${MIN_FREE_BLOCKS - 1} blocks free (poll 1, up 0m1s, next try in 2 s)`]);
  assert.equal(r.net.log.length, 0, "no socket was opened");
  r.memory.free = 3000;
  r.clock.advance(5000);
  assert.match(r.outcomes()[1], /^DONE 200/);
  assert.deepEqual(r.patterns().slice(0, 2), [4, 1]);
  r.app.stop();
});

test("app: firmware without net: one UNSUPPORTED line, the 4-blink state repeated, nothing else ever, no exception", () => {
  const r = rig({ routes: OK, noNet: true, config: { intervalMs: 1000 } });
  r.app.start();
  r.clock.advance(59000);
  assert.deepEqual(r.lines, ['ERROR UNSUPPORTED: this firmware has no require("net")']);
  assert.deepEqual(r.patterns(), new Array(12).fill(4), "the state shows every 5 s");
  assert.equal(r.radio.steps.length, 0, "WiFi is not even tried");
  r.app.stop();
  assertQuiet(r);
});

test("app: https without TLS in the firmware: one UNSUPPORTED line, 4 blinks; with TLS it is fetched over tls", () => {
  const without = rig({ routes: OK, config: { url: "https://example.com/" } });
  without.app.start();
  without.clock.runUntilIdle();
  assert.deepEqual(without.lines, ['ERROR UNSUPPORTED: this firmware has no require("tls")']);
  assert.deepEqual(without.patterns(), [4]);
  assertQuiet(without);

  const withTls = rig({ tlsRoutes: { "example.com:443": respond(httpResponse(BODY)) }, config: { url: "https://example.com/" } });
  withTls.app.start();
  withTls.clock.runUntilIdle();
  assert.match(withTls.outcomes()[0], /^DONE 200/);
  assert.equal(withTls.tls!.connections.length, 1);
  assert.equal(withTls.net.connections.length, 0);
});

test("app: stop() mid-request ends the socket and every timer; start() again runs afresh", () => {
  const r = rig({
    routes: { "example.com:80": onRequest((_h, c) => c.write(httpResponse(BODY), { delayMs: 5000 }).end()) },
    config: { intervalMs: 1000 },
  });
  r.app.start();
  r.clock.advance(3000);
  assert.equal(r.net.openSockets(), 1);
  r.app.stop();
  assertQuiet(r);
  r.clock.advance(60000);
  assert.deepEqual(r.outcomes(), [], "nothing of the stopped run reports");
  r.app.start();
  r.clock.advance(9000);
  assert.deepEqual(r.outcomes().map((o) => o.substring(0, 8)), ["DONE 200"]);
  r.app.stop();
  assertQuiet(r);
});

test("app: start() twice in a row (boot after save runs start over a live run) leaves one run", () => {
  const r = rig({ routes: OK, config: { intervalMs: 1000 } });
  r.app.start();
  r.clock.advance(500);
  r.app.start();
  r.clock.advance(30000);
  const times = r.net.connections.length;
  const outs = r.outcomes().length;
  assert.equal(times, outs, "one outcome per request");
  // One run: a request about every intervalMs (two runs would make twice as many).
  assert.ok(outs >= 25 && outs <= 30, String(outs));
  r.app.stop();
  assertQuiet(r);
});

test("app: 1,000 polls: live timers, sockets and listeners do not grow", () => {
  const r = rig({ routes: OK, config: { intervalMs: 100 } });
  r.app.start();
  const samples: number[][] = [];
  for (let i = 0; i < 1000; i++) {
    r.clock.advance(100 + 10);
    if (i % 100 === 99) samples.push([r.clock.liveTimers(), r.net.openSockets(), r.net.liveListeners()]);
  }
  assert.ok(r.outcomes().length >= 900, String(r.outcomes().length));
  assert.ok(r.outcomes().every((o) => o.startsWith("DONE 200")));
  for (const s of samples) assert.ok(s[0] <= 3 && s[1] <= 1 && s[2] <= 4, JSON.stringify(samples));
  assert.equal(r.wifi!.listenerCount(), 1, "one 'disconnected' listener, added once");
  r.app.stop();
  assertQuiet(r);
});

test("app: the password appears in no printed line on any failure path", () => {
  const r = rig({ routes: OK, wifi: { joins: ["wrong-password", "no-ap", "no-answer", "join"] }, config: { intervalMs: 1000 } });
  r.app.start();
  r.clock.advance(10 * 60000);
  assert.ok(r.outcomes().length >= 4);
  r.app.stop();
  assertQuiet(r);
  assert.ok(!JSON.stringify(config()).includes("***"));
});
