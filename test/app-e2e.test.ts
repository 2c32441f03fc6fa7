// End to end, per board profile: build/app.js, built for the board, runs
// unchanged in the simulated Espruino. For each outcome: the printed lines,
// the LED timeline (1, 2 or 3 blinks of 150 ms), exactly one outcome per
// request, and nothing left running or growing.
import { test } from "node:test";
import assert from "node:assert/strict";
import { boardIds, getProfile, wifiBoards } from "../board/profiles";
import { runApp, respond, httpResponse, onRequest, DEFAULT_IP, type AppRun, type RunOptions, type VirtualClock } from "../sim/index";
import { buildApp } from "./tools/app-bundle";
import { patterns } from "./tools/app-rig";
import { patternsOf } from "./tools/app-led";

const PASSWORD = "pw-never-printed-42";
const BODY = "<p>hello from the server</p>";
const OK = { "example.com:80": respond(httpResponse(BODY)) };

function config(over: Record<string, unknown> = {}): Record<string, unknown> {
  return { url: "http://example.com/", ssid: "home", password: PASSWORD, intervalMs: 0, ...over };
}

async function start(board: string, cfg: Record<string, unknown>, opts: Partial<RunOptions> = {}): Promise<AppRun> {
  const { code, storage } = await buildApp(board, cfg);
  return runApp({ code, storage, board, ...opts });
}

function clock(run: AppRun): VirtualClock {
  return run.clock as VirtualClock;
}

function outcomes(run: AppRun): string[] {
  return run.printed.filter((l) => /^(DONE|ERROR) /.test(l));
}

/** LED patterns as blink counts, both LEDs; also checks 150 ms lit / 150 ms dark. */
function led(run: AppRun): number[] {
  patterns(run.ledStates());
  return patternsOf(run).map((p) => p.n);
}

/** What must hold after any run: no crash, no uncaught error, no password. */
function sane(run: AppRun): void {
  assert.equal(run.crashed, null);
  assert.deepEqual(run.uncaught, []);
  for (const l of run.printed) assert.ok(!l.includes(PASSWORD), "the password was printed: " + l);
}

/** The board's own WiFi lines before a request (none where the host's network is used). */
function up(board: string): string[] {
  return board === "linux" ? [] : ["WIFI joining home", "WIFI up, IP " + DEFAULT_IP];
}

const BOARDS = boardIds();
const WIFI_BOARDS = wifiBoards();

for (const board of BOARDS) {
  test(`e2e ${board}: happy path: status line, body, summary, 1 blink, socket closed, nothing running`, async () => {
    const run = await start(board, config(), { servers: OK });
    assert.ok(clock(run).runUntilIdle(120000), "went idle");
    sane(run);
    const n = up(board).length;
    assert.deepEqual(run.printed.slice(0, n + 2), [...up(board), "HTTP/1.1 200 OK", BODY]);
    assert.equal(run.printed.length, n + 3, JSON.stringify(run.printed));
    assert.match(run.printed[n + 2], new RegExp(`^DONE 200, ${BODY.length} bytes in \\d+ ms$`));
    assert.deepEqual(led(run), [1]);
    const s = run.stats();
    assert.deepEqual([s.liveTimers, s.openSockets], [0, 0]);
  });

  test(`e2e ${board}: HTTP 404 is a DONE line and 2 blinks`, async () => {
    const run = await start(board, config(), { servers: { "example.com:80": respond(httpResponse("no", { status: 404, reason: "Not Found" })) } });
    clock(run).runUntilIdle(120000);
    sane(run);
    assert.deepEqual(run.printed.slice(0, up(board).length + 1), [...up(board), "HTTP/1.1 404 Not Found"]);
    assert.deepEqual(outcomes(run).map((o) => o.substring(0, 8)), ["DONE 404"]);
    assert.deepEqual(led(run), [2]);
  });

  test(`e2e ${board}: a refused connection is one ERROR line and 3 blinks`, async () => {
    const run = await start(board, config(), { servers: { "example.com:80": "refuse" } });
    clock(run).runUntilIdle(120000);
    sane(run);
    const n = up(board).length;
    assert.deepEqual(run.printed.slice(0, n), up(board));
    assert.equal(run.printed.length, n + 1);
    assert.match(run.printed[n], /^ERROR (REFUSED|DNS|CONNECT_TIMEOUT): /);
    assert.deepEqual(led(run), [3]);
    assert.equal(run.stats().openSockets, 0);
  });

  test(`e2e ${board}: firmware without net (like Espruino's RP2040 build): one UNSUPPORTED line, 4 blinks (device fault), no exception`, async () => {
    const run = await start(board, config({ intervalMs: 1000 }), { servers: OK, firmware: { net: false } });
    clock(run).advance(59000);
    sane(run);
    assert.deepEqual(run.printed, ['ERROR UNSUPPORTED: this firmware has no require("net")']);
    assert.deepEqual(led(run), new Array(12).fill(4), "the state shows every 5 s");
    assert.equal(run.stats().liveTimers, 1, "nothing more is tried: only the light's timer runs");
  });

  test(`e2e ${board}: https where the firmware has no TLS: one UNSUPPORTED line, 4 blinks`, async () => {
    // Where the board's own firmware has no TLS the build refuses an https:// url.
    if (!getProfile(board).tls) {
      await assert.rejects(buildApp(board, config({ url: "https://example.com/" })), /key "url" is https:\/\/, but the .* firmware has no TLS/);
      return;
    }
    const run = await start(board, config({ url: "https://example.com/" }), { tlsServers: OK, firmware: { tls: false } });
    clock(run).runUntilIdle(120000);
    sane(run);
    assert.deepEqual(run.printed, ['ERROR UNSUPPORTED: this firmware has no require("tls")']);
    assert.deepEqual(led(run), [4]);
  });

  test(`e2e ${board}: 1,000 polls: one outcome each, no growth in timers, listeners, sockets or memory`, async () => {
    const run = await start(board, config({ intervalMs: 1000 }), { servers: OK });
    const c = clock(run);
    c.advance(10000);
    const first = run.stats();
    const samples = [];
    for (let i = 0; i < 10; i++) {
      c.advance(100 * 1000);
      samples.push(run.stats());
    }
    sane(run);
    const outs = outcomes(run);
    // 1,010 s at one request per second (each takes a few ms): never faster.
    assert.ok(outs.length >= 1000 && outs.length <= 1010, String(outs.length));
    assert.ok(outs.every((o) => o.startsWith("DONE 200")));
    assert.equal(outs.length, (run.net as { connections: unknown[] }).connections.length, "one outcome per request");
    for (const s of samples) {
      assert.ok(s.liveTimers <= first.liveTimers + 2, `timers ${s.liveTimers} vs ${first.liveTimers}`);
      assert.ok(s.listeners <= first.listeners + 4, `listeners ${s.listeners} vs ${first.listeners}`);
      assert.ok(s.openSockets <= 1);
      assert.ok(s.memory.free >= first.memory.free - 60, `free ${s.memory.free} vs ${first.memory.free}`);
    }
  });
}

const NO_ANSWER_MS = 5000;

for (const board of WIFI_BOARDS) {
  test(`e2e ${board}: wrong password: ERROR WIFI_DOWN: wrong password, 4 blinks, no socket`, async () => {
    const run = await start(board, config(), { servers: OK, wifi: { joins: ["wrong-password"] } });
    clock(run).runUntilIdle(120000);
    sane(run);
    assert.deepEqual(run.printed, ["WIFI joining home", "ERROR WIFI_DOWN: wrong password"]);
    assert.deepEqual(led(run), [4]);
    assert.equal((run.net as { connections: unknown[] }).connections.length, 0);
  });

  test(`e2e ${board}: access point not found: ERROR WIFI_DOWN: network not found, 4 blinks`, async () => {
    const run = await start(board, config(), { servers: OK, wifi: { joins: ["no-ap"] } });
    clock(run).runUntilIdle(120000);
    sane(run);
    assert.deepEqual(run.printed, ["WIFI joining home", "ERROR WIFI_DOWN: network not found"]);
    assert.deepEqual(led(run), [4]);
  });

  test(`e2e ${board}: WiFi that never answers: the app's deadline (wifiTimeoutMs) fires, 4 blinks`, async () => {
    const run = await start(board, config({ wifiTimeoutMs: NO_ANSWER_MS }), { servers: OK, wifi: { joins: ["no-answer"], joinMs: 3000 } });
    const c = clock(run);
    c.advance(NO_ANSWER_MS - 1);
    assert.deepEqual(run.printed, ["WIFI joining home"], "nothing else before the deadline");
    c.advance(1);
    assert.deepEqual(run.printed, ["WIFI joining home", `ERROR WIFI_DOWN: no answer within ${NO_ANSWER_MS / 1000} s`]);
    c.runUntilIdle(120000);
    sane(run);
    assert.deepEqual(led(run), [4]);
    assert.equal(outcomes(run).length, 1, "a late answer of the firmware changes nothing");
  });

  test(`e2e ${board}: WiFi drops mid-request and comes back: the app recovers by itself`, async () => {
    let run: AppRun | undefined;
    // The server answers 2 s after the request; nothing gets through a dropped link.
    const servers = {
      "example.com:80": onRequest((_h, c) => {
        clock(run!).defer(() => {
          if (run!.radio.joined) c.write(httpResponse(BODY)).end();
        }, 2000);
      }),
    };
    run = await start(board, config({ intervalMs: 5000, timeoutMs: 8000, signal: "once" }), { servers, wifi: { dropAfterMs: 1000, backAfterMs: 30000 } });
    clock(run).advance(180000);
    sane(run);
    const outs = outcomes(run);
    assert.match(outs[0], /^ERROR /, "the request in flight when the link dropped failed");
    assert.match(outs[outs.length - 1], /^DONE 200/, "and later requests succeed again");
    assert.ok(outs.length >= 5);
    const p = led(run);
    assert.equal(p.length, outs.length, "one LED pattern per outcome");
    p.forEach((n, i) => assert.equal(n, outs[i].startsWith("DONE") ? 1 : /^ERROR WIFI_DOWN/.test(outs[i]) ? 4 : 3, outs[i]));
  });
}

test("e2e esp8266: a join that never calls back hits the default 30 s deadline", async () => {
  const run = await start("esp8266", config(), { servers: OK, wifi: { joins: ["no-answer"] } });
  const c = clock(run);
  c.advance(29999);
  assert.deepEqual(run.printed, ["WIFI joining home"]);
  c.advance(1);
  assert.deepEqual(run.printed, ["WIFI joining home", "ERROR WIFI_DOWN: no answer within 30 s"]);
});

test("e2e esp8266: the active-low LED is lit by writing low", async () => {
  const run = await start("esp8266", config(), { servers: OK });
  clock(run).runUntilIdle(120000);
  assert.equal(run.ledActiveLow, true);
  const t = run.ledTimeline();
  const firstLit = t.find((e) => e.value === false && t.indexOf(e) > 0);
  assert.ok(firstLit, "a low write after the initial off");
  assert.deepEqual(led(run), [1]);
});

for (const board of ["esp32", "pico-esp8266"]) {
  test(`e2e ${board}: power cycle after save(): the saved run is stopped and one fresh run continues`, async () => {
    const servers = { "example.com:80": onRequest((_h, c) => c.write(httpResponse(BODY), { delayMs: 1500 }).end()) };
    const run = await start(board, config({ intervalMs: 10000 }), { servers });
    const c = clock(run);
    c.advance(3000); // a request is in flight
    run.app.saves.save();
    c.advance(0);
    run.powerCycle();
    const at = outcomes(run).length;
    c.advance(115000);
    sane(run);
    const after = outcomes(run).slice(at);
    // One run: a request about every 10 s plus join and answer times, never doubled.
    assert.ok(after.length >= 8 && after.length <= 11, String(after.length));
    assert.ok(after.every((o) => o.startsWith("DONE 200")), after.join("|"));
    assert.ok(run.stats().openSockets <= 1);
  });
}

test("e2e esp32: saved as boot code, the run the code starts is the only one ('init' comes before any timer)", async () => {
  const run = await start("esp32", config({ intervalMs: 10000 }), { servers: OK });
  // At power-on Espruino runs the boot code, then 'init', then the main loop (src/jsinteractive.c, jsiSemiInit).
  run.app.E.emit("init");
  const c = clock(run);
  c.advance(115000);
  sane(run);
  assert.equal(run.printed.filter((l) => l.indexOf("WIFI joining") === 0).length, 1, run.printed.join("|"));
  const all = outcomes(run);
  assert.ok(all.length >= 10 && all.length <= 13, String(all.length));
  assert.ok(run.stats().openSockets <= 1);
});

test("e2e pico-esp8266: the AT module is wired as configured before joining", async () => {
  const run = await start("pico-esp8266", config({ at: { serial: "Serial1", rx: "B7", tx: "B6", baud: 9600 } }), { servers: OK });
  clock(run).runUntilIdle(120000);
  sane(run);
  assert.deepEqual(run.serials.Serial1.setups, [{ baud: 9600, options: { rx: "B7", tx: "B6" } }]);
  assert.match(outcomes(run)[0], /^DONE 200/);
});
