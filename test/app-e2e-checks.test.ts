// End to end, per board profile: `expect` and `value` in build/app.js in the
// simulation. Every check kind passing and failing with its CHECK line and a
// bad-answer pattern, a body that is not JSON, the VALUE line, a short JSON
// body cut at every position and a 16 KiB one at random positions, and
// nothing left behind.
import { test } from "node:test";
import assert from "node:assert/strict";
import { boardIds } from "../board/profiles";
import { runApp, httpResponse, onRequest, type AppRun, type VirtualClock } from "../sim/index";
import { buildApp } from "./tools/app-bundle";
import { patternsOf } from "./tools/app-led";

const POLL_MS = 3000;
const EXPECT = {
  status: [[200, 299]],
  contains: "BUILD PASSED",
  json: [
    { path: "status.indicator", oneOf: ["none", "minor"] },
    { path: "main.temp", below: 30 },
    { path: "main.temp", above: 0 },
    { path: "build.state", equals: "passed" },
    { path: "build.url", exists: true },
  ],
};
const CONFIG = { url: "http://example.com/", ssid: "home", password: "pw-checks-9", intervalMs: POLL_MS, signal: "once", expect: EXPECT, value: "main.temp" };

interface Doc {
  status: { indicator: string };
  main: { temp: number };
  build: { state: string; url?: string; note: string };
  filler?: unknown[];
}

function doc(over: (d: Doc) => void = () => {}): string {
  const d: Doc = { status: { indicator: "none" }, main: { temp: 21.5 }, build: { state: "passed", url: "https://ci/1", note: "BUILD PASSED \"ok\" {x}" } };
  over(d);
  return JSON.stringify(d);
}

/** Each case: the body (and status), the CHECK line expected ("" for none), the VALUE line. */
const CASES: { name: string; status?: number; body: string; check: string; value: string }[] = [
  { name: "all hold", body: doc(), check: "", value: "VALUE main.temp = 21.5" },
  { name: "contains fails", body: doc((d) => (d.build.note = "BUILD FAILED")), check: 'the body does not contain "BUILD PASSED"', value: "VALUE main.temp = 21.5" },
  { name: "oneOf fails", body: doc((d) => (d.status.indicator = "major")), check: 'status.indicator is "major", not one of ["none","minor"]', value: "VALUE main.temp = 21.5" },
  { name: "below fails", body: doc((d) => (d.main.temp = 31.5)), check: "main.temp is 31.5, not below 30", value: "VALUE main.temp = 31.5" },
  { name: "above fails", body: doc((d) => (d.main.temp = -2)), check: "main.temp is -2, not above 0", value: "VALUE main.temp = -2" },
  { name: "equals fails", body: doc((d) => (d.build.state = "failed")), check: 'build.state is "failed", not "passed"', value: "VALUE main.temp = 21.5" },
  { name: "exists fails", body: doc((d) => delete d.build.url), check: "build.url is missing: no build.url in the body", value: "VALUE main.temp = 21.5" },
  { name: "a body not JSON", body: "<html>BUILD PASSED</html>", check: "the body is not JSON", value: "VALUE main.temp: the body is not JSON" },
  { name: "status fails", status: 404, body: doc(), check: "status 404 is not 200-299", value: "VALUE main.temp = 21.5" },
];

function big(fail: boolean): string {
  return doc((d) => {
    d.filler = [];
    while (JSON.stringify(d.filler).length < 16 * 1024) d.filler.push({ id: d.filler.length, name: "item \"" + d.filler.length + "\" [a,b]", tags: ["x", "y\\"] });
    if (fail) d.status.indicator = "critical";
  });
}

function random(seed: number): (n: number) => number {
  return (n) => (seed = (seed * 1103515245 + 12345) % 2147483648) % n;
}

/** Serves the answers in order, each cut into the given pieces. */
function serve(answers: { raw: string; pieces?: number[] }[]) {
  let i = 0;
  return {
    "example.com:80": onRequest((_h, c) => {
      const a = answers[Math.min(i++, answers.length - 1)];
      c.write(a.raw, { pieces: a.pieces }).end();
    }),
  };
}

/** The lines each outcome printed after DONE, and its pattern. */
function results(run: AppRun): { done: string; after: string[]; n: number }[] {
  const lines = run.app.console.lines.filter((l) => l.kind === "print");
  const ps = patternsOf(run);
  const out: { done: string; after: string[]; n: number }[] = [];
  lines.forEach((l, k) => {
    if (!/^(DONE|ERROR) /.test(l.text)) return;
    const after: string[] = [];
    for (let j = k + 1; j < lines.length && /^(CHECK|VALUE) /.test(lines[j].text); j++) after.push(lines[j].text);
    const p = ps.find((x) => x.t >= l.t);
    out.push({ done: l.text, after, n: p ? p.n : 0 });
  });
  return out;
}

for (const board of boardIds()) {
  test(`e2e checks ${board}: every check kind passing and failing, not JSON, the VALUE line, and a 16 KiB body at random cuts`, async () => {
    const { code, storage } = await buildApp(board, CONFIG);
    const rand = random(board.length);
    const answers: { raw: string; pieces?: number[] }[] = CASES.map((c) => ({ raw: httpResponse(c.body, { status: c.status ?? 200 }) }));
    for (const fail of [false, true]) {
      const raw = httpResponse(big(fail));
      const pieces = [];
      for (let n = 0; n < raw.length; n += pieces[pieces.length - 1]) pieces.push(1 + rand(700));
      answers.push({ raw, pieces });
    }
    const run = runApp({ code, storage, board, servers: serve(answers) });
    (run.clock as VirtualClock).advance((answers.length + 3) * (POLL_MS + 2000));
    const rs = results(run).slice(0, answers.length);
    assert.equal(rs.length, answers.length, JSON.stringify(rs));
    CASES.forEach((c, k) => {
      assert.match(rs[k].done, new RegExp(`^DONE ${c.status ?? 200}, `), c.name);
      assert.deepEqual(rs[k].after, c.check ? ["CHECK failed: " + c.check, c.value] : [c.value], c.name);
      assert.equal(rs[k].n, c.check ? 2 : 1, `${c.name}: blinks`);
    });
    const [pass, fail] = rs.slice(CASES.length);
    assert.deepEqual(pass.after, ["VALUE main.temp = 21.5"], "16 KiB, all hold");
    assert.equal(pass.n, 1);
    assert.deepEqual(fail.after, ['CHECK failed: status.indicator is "critical", not one of ["none","minor"]', "VALUE main.temp = 21.5"]);
    assert.equal(fail.n, 2);
    assert.equal(run.crashed, null);
    assert.deepEqual(run.uncaught, []);
  });
}

test("e2e checks esp8266: a short JSON body cut at every position gives the same lines; nothing is left behind", async () => {
  const { code, storage } = await buildApp("esp8266", CONFIG);
  const raw = httpResponse(CASES[2].body);
  const head = raw.length - CASES[2].body.length;
  const answers = [];
  for (let k = 0; k <= CASES[2].body.length; k++) answers.push({ raw, pieces: [head + k] });
  const run = runApp({ code, storage, board: "esp8266", servers: serve(answers) });
  const c = run.clock as VirtualClock;
  c.advance(POLL_MS + 2000);
  const first = run.stats();
  c.advance((answers.length - 1) * POLL_MS + 2000);
  const rs = results(run).slice(0, answers.length);
  assert.equal(rs.length, answers.length);
  rs.forEach((r, k) => assert.deepEqual(r.after, ["CHECK failed: " + CASES[2].check, CASES[2].value], `cut at ${k}`));
  const s = run.stats();
  assert.ok(s.liveTimers <= first.liveTimers + 1, "timers");
  assert.equal(s.openSockets, 0);
  assert.ok(s.memory.free >= first.memory.free - 20, `free ${s.memory.free} vs ${first.memory.free}`);
});
