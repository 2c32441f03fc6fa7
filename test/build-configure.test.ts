// The settings file through the board's console: `npm run upload` writes it
// with the app, `npm run configure` rewrites it alone and restarts the app;
// both against a stand-in Espruino telnet console, which keeps what they
// wrote in a simulated Storage. The app, run in the simulation from exactly
// those files, uses the settings they wrote; no secret is ever shown.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { upload } from "../tools/upload";
import { configure } from "../tools/configure";
import { STORAGE_FILE } from "../tools/espruino-tool";
import { SETTINGS_FILE } from "../src/app/settings";
import { ROOT } from "../board/profiles";
import { runApp, respond, httpResponse, type VirtualClock, type ScriptedNet } from "../sim/index";
import { startFakeConsole, type FakeConsole } from "./tools/fake-espruino-console";
import { appFile, settingsFor } from "./tools/app-bundle";
import { readFileSync } from "node:fs";

const dir = mkdtempSync(join(tmpdir(), "build-configure-"));
const OLD_PASSWORD = "old-pass-never-shown-1";
const NEW_PASSWORD = "new-pass-never-shown-2";
const OLD = { url: "http://old.example/status", password: OLD_PASSWORD, intervalMs: 0, printBody: 64 };
const NEW = { url: "http://new.example/reading", password: NEW_PASSWORD, intervalMs: 0, printBody: 64, headers: { "X-Api-Key": "key-never-shown-3" } };

/** The app as the board would run it from what the console holds: its code, its Storage. */
function runFromBoard(fake: FakeConsole, code: string) {
  const servers = { "old.example:80": respond(httpResponse("old")), "new.example:80": respond(httpResponse("new")) };
  const run = runApp({ code, board: "linux", storage: fake.storage, servers });
  (run.clock as VirtualClock).runUntilIdle(60000);
  return { run, hosts: (run.net as ScriptedNet).connections.map((c) => /\r\nHost: ([^\r]*)/.exec(c.received)![1]) };
}

test("upload writes the settings file, UTF-8 bytes as they are, and the app runs with it", { timeout: 120000 }, async () => {
  const fake = await startFakeConsole();
  try {
    const config = { ...OLD, ssid: "café" };
    const r = await upload({
      port: `tcp://127.0.0.1:${fake.port}`, board: "linux", config: "mine.json", configObject: config,
      out: join(dir, "up.js"), typeCheck: false, onOutput: () => undefined,
    });
    assert.equal(fake.storage[SETTINGS_FILE], Buffer.from(r.build.settings!, "utf8").toString("latin1"), "the checked config's own keys, as UTF-8");
    assert.ok(fake.storage[SETTINGS_FILE].includes("caf\xc3\xa9"), "café as bytes 63 61 66 C3 A9");
    assert.deepEqual(JSON.parse(r.build.settings!), config);
    const settingsAt = fake.lines.findIndex((l) => l.indexOf(SETTINGS_FILE) >= 0);
    const loadAt = fake.lines.indexOf(`load(${JSON.stringify(STORAGE_FILE)})`);
    assert.ok(settingsAt >= 0 && loadAt > settingsAt, "the settings are written before the app starts");
    assert.equal(r.output.indexOf(OLD_PASSWORD), -1, "the password is not in the tool's output");
    const { run, hosts } = runFromBoard(fake, fake.storage[STORAGE_FILE]);
    assert.deepEqual(run.uncaught, []);
    assert.deepEqual(hosts, ["old.example"]);
    assert.match(run.printed[run.printed.length - 1], /^DONE 200, 3 bytes/);
  } finally {
    await fake.stop();
  }
});

test("configure rewrites only the settings file, says what changed by key, restarts the app, and the app runs with the new settings", { timeout: 120000 }, async () => {
  const fake = await startFakeConsole();
  try {
    const code = readFileSync(await appFile("linux"), "latin1");
    fake.storage[STORAGE_FILE] = code;
    fake.storage[SETTINGS_FILE] = settingsFor("linux", OLD);
    let shown = "";
    const r = await configure({ port: `tcp://127.0.0.1:${fake.port}`, config: "new.json", configObject: NEW, onOutput: (t) => (shown += t) });
    assert.equal(r.board.id, "linux", "the board said which it is");
    assert.deepEqual(r.changes, ["url: changed", "password: changed", "intervalMs: unchanged", "printBody: unchanged", "headers: added"]);
    assert.equal(fake.storage[SETTINGS_FILE], settingsFor("linux", NEW));
    assert.equal(fake.storage[STORAGE_FILE], code, "the app is not sent again");
    assert.deepEqual(fake.loads, [STORAGE_FILE], "the app restarted from its Storage file");
    for (const secret of [OLD_PASSWORD, NEW_PASSWORD, "key-never-shown-3"]) {
      assert.equal((shown + r.changes.join("\n")).indexOf(secret), -1, `${secret} is never shown`);
    }
    const { run, hosts } = runFromBoard(fake, code);
    assert.deepEqual(run.uncaught, []);
    assert.deepEqual(hosts, ["new.example"]);
    const sent = (run.net as ScriptedNet).connections[0].received;
    assert.match(sent, /\r\nX-Api-Key: key-never-shown-3\r\n/);
  } finally {
    await fake.stop();
  }
});

test("configure: an old file that cannot be read gives 'set' for every key; saved code is restarted with load()", { timeout: 120000 }, async () => {
  const fake = await startFakeConsole();
  try {
    fake.storage[".bootcde"] = "print('app')";
    fake.storage[SETTINGS_FILE] = '{"url": "http://old.exa';
    const r = await configure({ port: `tcp://127.0.0.1:${fake.port}`, board: "linux", config: "new.json", configObject: NEW });
    assert.deepEqual(r.changes, ["url: set", "password: set", "intervalMs: set", "printBody: set", "headers: set"]);
    assert.deepEqual(fake.loads, [""], "load(): the boot code");
    assert.equal(r.restarted, true);
  } finally {
    await fake.stop();
  }
});

test("npm run configure: a bad config is every problem, one line each, and nothing reaches the board; a good one prints keys, never a secret", { timeout: 120000 }, async () => {
  const fake = await startFakeConsole();
  const run = (args: string[]) => new Promise<{ code: number | null; out: string }>((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", join(ROOT, "tools", "configure.ts")].concat(args), { cwd: ROOT });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    child.on("close", (code) => resolve({ code, out }));
  });
  try {
    const bad = join(dir, "bad.json");
    writeFileSync(bad, JSON.stringify({ url: "ftp://x/", timeoutMs: 5, password: NEW_PASSWORD }));
    const refused = await run(["--port", `tcp://127.0.0.1:${fake.port}`, "--board", "linux", "--config", bad]);
    assert.equal(refused.code, 1);
    const lines = refused.out.trim().split("\n");
    assert.equal(lines.length, 2, refused.out);
    assert.match(lines[0], /^configure: .*bad\.json: key "url" is not usable: URL must be http:\/\/ or https:\/\/$/);
    assert.match(lines[1], /bad\.json: key "timeoutMs" must be a whole number from 100 to 600000$/);
    assert.equal(fake.connections, 0, "nothing was sent");
    fake.storage[STORAGE_FILE] = "print('app')";
    const good = join(dir, "good.json");
    writeFileSync(good, JSON.stringify(NEW));
    const done = await run(["--port", `tcp://127.0.0.1:${fake.port}`, "--config", good]);
    assert.equal(done.code, 0, done.out);
    assert.match(done.out, /^configure: url: set\nconfigure: password: set\n/, "no old file: each key is set");
    assert.match(done.out, /configure: http-get\.json written on the linux at tcp:\/\/127\.0\.0\.1:[0-9]+; the app restarted with it\n$/);
    for (const secret of [NEW_PASSWORD, "key-never-shown-3", "new.example"]) assert.equal(done.out.indexOf(secret), -1, `${secret} is never shown`);
  } finally {
    await fake.stop();
  }
});
