// The fault matrix (test/tools/proof-matrix.ts) played on the built app,
// build/app.js as uploaded, in the simulation, on boards whose firmware
// reports failures differently (Espruino WiFi: AT-command sockets; ESP32:
// synchronous throws; ESP8266: asynchronous errors and 268-byte pieces; a
// Pico with an ESP8266 AT module: AT sockets and the module's own WiFi).
// For every row and board: the outcome, every printed line, the LED pattern,
// exactly one outcome per request, nothing left over (timers, listeners,
// sockets: the same as after a clean request), and the next poll.
import { test } from "node:test";
import assert from "node:assert/strict";
import { runApp, type AppRun, type VirtualClock, type RunStats } from "../sim/index";
import { buildApp } from "./tools/app-bundle";
import { wifiBoards } from "../board/profiles";
import { MATRIX, Row, Env, HOST, URL_PATH, INTERVAL_MS, TIMEOUT_MS } from "./tools/proof-matrix";
import { patternsOf } from "./tools/app-led";

const BOARDS = wifiBoards();
const PASSWORD = "matrix-secret-pw";
/** After an outcome: a joining glow still lit, then the longest LED pattern (4 blinks) and its dark gap, are over. */
const REST_MS = 4000;
/** Virtual time allowed for WiFi, a request and the longest backoff. */
const LIMIT_MS = 10 * 60 * 1000;
const OUTCOME = /^(DONE|ERROR) /;

function config(row: Row): Record<string, unknown> {
  return {
    url: `http://${HOST}${URL_PATH}`, ssid: "home", password: PASSWORD,
    // One pattern per outcome ("once"), so each row's pattern stands alone.
    intervalMs: INTERVAL_MS, timeoutMs: TIMEOUT_MS, printBody: 512, signal: "once", ...row.config,
  };
}

interface Lines {
  t: number;
  text: string;
}

/** What a polling board adds to an outcome line: which poll, the uptime, and after a failure the next try. */
const WHEN = / \(poll [0-9]+, up [0-9hms]+(, next try in [0-9]+ s)?\)$/;

/**
 * The request's lines: the WiFi lines left out (test/app-e2e-console.test.ts
 * reads them), each outcome's WHEN checked (a next try after a failure only) and cut off.
 */
function printedWithTimes(run: AppRun): Lines[] {
  return run.app.console.lines.filter((l) => l.kind === "print" && !l.text.startsWith("WIFI ")).map((l) => {
    const when = WHEN.exec(l.text);
    if (OUTCOME.test(l.text)) assert.ok(when && !!when[1] === l.text.startsWith("ERROR"), "the outcome line's poll note: " + l.text);
    return { t: l.t, text: when ? l.text.substring(0, when.index) : l.text };
  });
}

function outcomes(run: AppRun): Lines[] {
  return printedWithTimes(run).filter((l) => OUTCOME.test(l.text));
}

function advanceUntil(clock: VirtualClock, done: () => boolean, limitMs: number): void {
  const until = clock.now() + limitMs;
  while (!done() && clock.now() < until) clock.advance(10);
}

interface Played {
  first: Lines[];
  /** The outcome patterns (blink counts, either LED) up to REST_MS after the first outcome. */
  blinks: number[];
  rest: RunStats;
  second: Lines | undefined;
  secondCount: number;
  run: AppRun;
}

async function play(row: Row, board: string): Promise<Played> {
  const { code, storage } = await buildApp(board, config(row));
  let run: AppRun | undefined;
  const env: Env = {
    linkUp: () => run!.radio.joined,
    later: (fn, ms) => run!.clock.defer(fn, ms),
  };
  run = runApp({ code, storage, board, servers: row.servers(env), wifi: row.wifi, start: false });
  const clock = run.clock as VirtualClock;
  run.start();
  advanceUntil(clock, () => outcomes(run!).length >= 1, LIMIT_MS);
  const t1 = outcomes(run)[0]?.t ?? clock.now();
  clock.advance(t1 + REST_MS - clock.now());
  const first = printedWithTimes(run);
  const blinks = patternsOf(run).filter((p) => p.t <= t1 + REST_MS).map((p) => p.n);
  const rest = run.stats();
  advanceUntil(clock, () => outcomes(run!).length >= 2, LIMIT_MS);
  clock.advance(REST_MS);
  const all = outcomes(run);
  return { first, blinks, rest, second: all[1], secondCount: all.length, run };
}

function matches(actual: string, want: string | RegExp): boolean {
  return typeof want === "string" ? actual === want : want.test(actual);
}

const clean = new Map<string, Promise<Played>>();
/** A clean request's resting state on this board: what every row must come back to. */
function baseline(board: string): Promise<Played> {
  let p = clean.get(board);
  if (!p) clean.set(board, (p = play(MATRIX[0], board)));
  return p;
}

for (const row of MATRIX) {
  test(`fault matrix: ${row.name}`, async () => {
    for (const board of BOARDS) {
      const where = `${row.name} [${board}]`;
      const p = await play(row, board);
      const base = await baseline(board);
      const texts = p.first.map((l) => l.text);
      const want = (row.linesOn && row.linesOn[board]) || row.lines;
      const outcome = (row.outcomeOn && row.outcomeOn[board]) || row.outcome;
      assert.equal(p.run.crashed, null, where);
      assert.deepEqual(p.run.uncaught, [], where);
      // The outcome, and exactly one per request.
      const outs = texts.filter((t) => OUTCOME.test(t));
      assert.equal(outs.length, 1, `${where}: outcomes ${JSON.stringify(outs)}`);
      assert.ok(outs[0].startsWith(outcome + (outcome.startsWith("DONE") ? "," : ":")), `${where}: ${outs[0]}`);
      // Every printed line.
      assert.equal(texts.length, want.length, `${where}: printed ${JSON.stringify(texts)}`);
      want.forEach((w, i) => assert.ok(matches(texts[i], w), `${where}: line ${i} ${JSON.stringify(texts[i])} should match ${w}`));
      // The LED.
      assert.deepEqual(p.blinks, [(row.blinksOn && row.blinksOn[board]) || row.blinks], `${where}: blinks`);
      // Nothing left over: at rest the board holds what it holds after a clean request.
      assert.equal(p.rest.openSockets, 0, `${where}: open sockets`);
      assert.equal(p.rest.liveTimers, base.rest.liveTimers, `${where}: live timers`);
      assert.equal(p.rest.listeners, base.rest.listeners, `${where}: listeners`);
      // It goes on polling: one more request, one more outcome, no sooner than the interval.
      assert.ok(p.second, `${where}: no second poll`);
      assert.equal(p.secondCount, 2, `${where}: outcomes after the second poll`);
      assert.ok(p.second!.t - p.first[p.first.length - 1].t >= INTERVAL_MS, `${where}: polled again too soon`);
      const next = (row.nextOn && row.nextOn[board]) || row.next || outcome;
      assert.ok(p.second!.text.startsWith(next), `${where}: second poll gave ${p.second!.text}`);
      for (const l of p.run.printed) assert.ok(l.indexOf(PASSWORD) < 0, `${where}: the password was printed`);
    }
  });
}
