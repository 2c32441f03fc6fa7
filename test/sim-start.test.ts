// `npm start`: the display functions, and the command itself against its
// embedded demo server (no network, no board).

import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SCENARIOS } from "../sim/scenarios";
import { drawTimeline, describeChanges, logLine, stamp } from "../sim/start-view";

const ROOT = join(__dirname, "..");

/** Runs `npm start -- ...args` as the user would (via tsx); at most 60 s. */
function start(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", join(ROOT, "sim", "start.ts"), ...args], { cwd: ROOT, timeout: 60000 });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

test("log lines: time, tag, text; later lines of a multi-line print are indented", () => {
  assert.equal(stamp(42), "[    42 ms]");
  assert.equal(logLine(5, "app", "a\r\nb\r\n"), "[     5 ms] app   a\n                  b");
});

test("the LED timeline shows even a short blink in a long run", () => {
  const states = [{ t: 0, on: false }, { t: 5000, on: true }, { t: 5150, on: false }];
  const row = drawTimeline(states, 10000, 20);
  assert.equal(row, "··········█·········");
  assert.equal(drawTimeline([{ t: 0, on: true }], 100, 4), "████");
  assert.equal(describeChanges(states), "off at 0 ms, on at 5000 ms, off at 5150 ms");
  assert.equal(describeChanges([]), "the LED was never written");
});

// Each runs the command in its own process, mostly starting up: side by side.
describe("npm start", { concurrency: 3 }, () => {
  test("npm start with no options: the demo server's page, the request, the LED, then it exits", async () => {
    const r = await start(["--board", "linux"]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /url +http:\/\/127\.0\.0\.1:\d+\/hello {2}\(the embedded demo server\)/);
    assert.match(r.stdout, />> +GET \/hello HTTP\/1\.1/);
    assert.match(r.stdout, /app +.*\b200\b/);
    assert.match(r.stdout, /led +● on/);
    assert.match(r.stdout, /^LED +[·█]+ {2}0\.\.\d+ ms$/m);
    assert.ok(!r.stdout.includes("demo-password"), "the password is never shown");
  });

  test("npm start shows the WiFi steps of the chosen board", async () => {
    const r = await start(["--board", "pico-esp8266"]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /wifi +AT module reset on Serial2/);
    assert.match(r.stdout, /wifi +joined, IP/);
  });

  test("a bad option is one line on stderr and exit status 1", async () => {
    const cases = [["--bogus"], ["--board", "nope"], ["--url"], ["--scenario=nope"]];
    const runs = await Promise.all(cases.map(start));
    cases.forEach((args, i) => {
      const r = runs[i];
      assert.equal(r.status, 1, args.join(" "));
      assert.equal(r.stderr.trim().split("\n").filter((l) => l.startsWith("start:")).length, 1, r.stderr);
      assert.equal(r.stdout, "");
    });
  });

  test("scenarios show a maker's first failures; --help lists every one", async () => {
    const help = await start(["--help"]);
    for (const sc of SCENARIOS) assert.ok(help.stdout.includes(`${sc.name} (${sc.about})`), sc.name);
    const wrong = await start(["--scenario=wrong-password", "--board", "esp32"]);
    assert.equal(wrong.status, 0, wrong.stderr);
    assert.match(wrong.stdout, /app +ERROR WIFI_DOWN: wrong password\n/);
  });

  test("npm start -- --config F: the user's own settings (here an LED) against the demo server when F has no url", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sim-start-"));
    const file = join(dir, "mine.json");
    writeFileSync(file, JSON.stringify({ ssid: "home", password: "long-enough", led: "D5" }));
    const r = await start(["--config", file, "--board=esp32"]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^board +esp32: .*, LED D5$/m);
    assert.match(r.stdout, /url +http:\/\/127\.0\.0\.1:\d+\/hello {2}\(the embedded demo server\)/);
    assert.match(r.stdout, /app +DONE 200, /);
  });
});
