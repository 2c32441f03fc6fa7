// End to end, per board profile: the status light of build/app.js in the
// simulation. Each outcome class with its printed line and LED pattern (one
// LED, and green/red where the board has two), the state repeated between
// polls or shown once, failAfter, and the joining-WiFi glow.
import { test } from "node:test";
import assert from "node:assert/strict";
import { boardIds } from "../board/profiles";
import { runApp, httpResponse, onRequest, type AppRun, type RunOptions, type VirtualClock } from "../sim/index";
import { buildApp } from "./tools/app-bundle";
import { patternsOf, glowsOf } from "./tools/app-led";
import { SIGNAL_EVERY_MS, JOIN_BLINK_MS } from "../src/app/signal";

const OUTCOME = /^(DONE|ERROR) /;
const POLL_MS = 20000;

function config(over: Record<string, unknown> = {}): Record<string, unknown> {
  return { url: "http://example.com/", ssid: "home", password: "pw-secret-1", intervalMs: POLL_MS, ...over };
}

/** A server that gives each request the next answer: a status code, or "reset". */
function answers(list: (number | "reset")[]) {
  let i = 0;
  return {
    "example.com:80": onRequest((_h, c) => {
      const a = list[Math.min(i++, list.length - 1)];
      if (a === "reset") c.reset();
      else c.write(httpResponse("answer " + a, { status: a, reason: a < 400 ? "OK" : "Server Error" })).end();
    }),
  };
}

function outcomeTimes(run: AppRun): { t: number; text: string }[] {
  return run.app.console.lines.filter((l) => OUTCOME.test(l.text)).map((l) => ({ t: l.t, text: l.text }));
}

async function start(board: string, cfg: Record<string, unknown>, opts: Partial<RunOptions>): Promise<AppRun> {
  const { code, storage } = await buildApp(board, cfg);
  return runApp({ code, storage, board, ...opts });
}

// r1 200, r2 500, r3 500, r4 reset, then a join that fails, then r5 200.
const SERVER = () => answers([200, 500, 500, "reset", 200]);
const WIFI = { joins: ["join", "wrong-password", "join"] as ("join" | "wrong-password")[], joinMs: 5000 };
const LINES = [/^DONE 200,/, /^DONE 500,/, /^DONE 500,/, /^ERROR (RESET|TRUNCATED): /, /^ERROR WIFI_DOWN: wrong password \(poll 5, up [0-9]+m[0-9]+s, next try in [0-9]+ s\)$/, /^DONE 200,/];
const LINES_LINUX = [/^DONE 200,/, /^DONE 500,/, /^DONE 500,/, /^ERROR (RESET|TRUNCATED): /, /^DONE 200,/];

for (const board of boardIds()) {
  const wifi = board !== "linux";
  const two = board === "espruino-wifi" || board === "pico-esp8266";
  // The state shown after each outcome: failAfter 2 keeps OK through the first 500.
  const shown = wifi ? [1, 1, 2, 3, 4, 1] : [1, 1, 2, 3, 1];

  test(`e2e signal ${board}: repeat (polling default), failAfter 2: each class's pattern stays until the next outcome${two ? ", OK green, the rest red" : ""}`, async () => {
    const run = await start(board, config({ failAfter: 2 }), { servers: SERVER(), wifi: WIFI });
    (run.clock as VirtualClock).advance(12 * POLL_MS);
    const outs = outcomeTimes(run).slice(0, shown.length);
    (wifi ? LINES : LINES_LINUX).forEach((re, i) => assert.match(outs[i].text, re));
    const ps = patternsOf(run);
    const g = glowsOf(run);
    outs.forEach((o, i) => {
      const next = i + 1 < outs.length ? outs[i + 1].t : o.t + POLL_MS;
      const during = ps.filter((p) => p.t >= o.t && p.t < next);
      const want = shown[i];
      assert.ok(during.length >= 2, `${o.text}: the state repeats (${during.length})`);
      for (const p of during) {
        assert.equal(p.n, want, `${o.text}: pattern at ${p.t}`);
        assert.equal(p.led, want === 1 && two ? "led2" : "led", `${o.text}: LED of the pattern at ${p.t}`);
      }
      assert.ok(during[0].t - o.t <= 2000, "shown at once (after a running pattern)");
      // Every 5 s, except while WiFi is joined again: then it glows.
      for (let k = 1; k < during.length; k++) {
        const [a, b] = [during[k - 1].t, during[k].t];
        assert.ok(b - a <= SIGNAL_EVERY_MS || g.some((x) => x.on > a && x.on < b), `every 5 s at most, or joining: ${a}..${b}`);
      }
    });
    assert.equal(run.crashed, null);
  });

  test(`e2e signal ${board}: "once" with led2 null: one pattern per outcome on the one LED, dark between${wifi ? ", the glow while joining" : ""}`, async () => {
    const run = await start(board, config({ signal: "once", led2: null }), { servers: SERVER(), wifi: WIFI, led2: null });
    (run.clock as VirtualClock).advance(12 * POLL_MS);
    const outs = outcomeTimes(run).slice(0, shown.length);
    const ps = patternsOf(run).filter((p) => p.t <= outs[outs.length - 1].t + 2000);
    const classes = wifi ? [1, 2, 2, 3, 4, 1] : [1, 2, 2, 3, 1];
    assert.deepEqual(ps.map((p) => p.n), classes);
    assert.ok(ps.every((p) => p.led === "led"));
    ps.forEach((p, i) => assert.ok(p.t - outs[i].t >= 0 && p.t - outs[i].t <= 2000, "each pattern follows its outcome"));
    const g = glowsOf(run);
    if (wifi) {
      // The first join takes 5 s: a 1 s glow every 2 s, all before the first outcome.
      const first = g.filter((x) => x.on < outs[0].t);
      assert.ok(first.length >= 2, `glows while joining: ${first.length}`);
      assert.ok(first.slice(0, -1).every((x) => x.off - x.on === JOIN_BLINK_MS), "1 s lit");
      assert.ok(g.length > first.length, "joining again after a failure glows too");
    } else assert.equal(g.length, 0, "no WiFi to join");
  });
}
