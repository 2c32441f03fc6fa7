// Every command: `--help` (usage, every option, an example), `--key=value`
// as well as `--key value`, a repeated or unknown option as one line, and no
// stack trace for what a user can get wrong.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CommandSpec, failureLine, HelpRequest, helpText, parseFlags } from "../tools/cli";
import { BUILD_HELP, writeOutput } from "../tools/build";
import { UPLOAD_HELP } from "../tools/upload";
import { BUILD_MODULE_HELP } from "../tools/build-module";
import { START_HELP } from "../sim/start";
import { BENCH_HELP } from "../bench/bench";
import { ROOT, UsageError } from "../board/profiles";

const COMMANDS: [string, string, CommandSpec][] = [
  ["build", "tools/build.ts", BUILD_HELP],
  ["build:module", "tools/build-module.ts", BUILD_MODULE_HELP],
  ["upload", "tools/upload.ts", UPLOAD_HELP],
  ["start", "sim/start.ts", START_HELP],
  ["bench", "bench/bench.ts", BENCH_HELP],
];

function run(script: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", join(ROOT, script)].concat(args), { cwd: ROOT });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

test("--help on every command shows its usage, every option and an example, and exits 0", { timeout: 60000 }, async () => {
  const runs = await Promise.all(COMMANDS.map(([, script]) => run(script, ["--help"])));
  COMMANDS.forEach(([name, , spec], i) => {
    const r = runs[i];
    assert.equal(r.code, 0, name + r.stderr);
    assert.equal(r.stdout, helpText(spec));
    assert.match(r.stdout, new RegExp(`^usage: ${spec.usage.replace(/ --$/, "")} --`), name);
    for (const o of spec.options) assert.match(r.stdout, new RegExp(`\\n  --${o.name}${o.value ? " " + o.value : ""} +\\S`), `${name} --${o.name}`);
    assert.match(r.stdout, /\nexamples?:\n  (npm start|npm run \w+)/, name);
  });
});

test("every command takes --key=value as --key value, and refuses a repeated or unknown option", () => {
  for (const [name, , spec] of COMMANDS) {
    for (const o of spec.options) {
      const v = o.value ? "x=1" : undefined;
      const spaced = parseFlags(v ? [`--${o.name}`, v] : [`--${o.name}`], spec);
      assert.deepEqual(spaced, { [o.name]: v ?? true }, name);
      if (v) assert.deepEqual(parseFlags([`--${o.name}=${v}`], spec), spaced, `${name} --${o.name}=`);
      const twice = v ? [`--${o.name}=a`, `--${o.name}`, "b"] : [`--${o.name}`, `--${o.name}`];
      assert.throws(() => parseFlags(twice, spec), (e: Error) => e instanceof UsageError && e.message === `option --${o.name} is given twice: give it once`);
      if (v) assert.throws(() => parseFlags([`--${o.name}=`], spec), new RegExp(`^Error: option --${o.name} needs a value \\(--${o.name} ${o.value}\\)$`));
    }
    assert.throws(() => parseFlags(["--nope=1"], spec), /^Error: unknown option '--nope=1' \(known: .*--help explains them\)$/);
    assert.throws(() => parseFlags(["--help"], spec), (e: unknown) => e instanceof HelpRequest && e.text === helpText(spec));
  }
});

test("an unexpected failure is one line without a stack trace", () => {
  const line = failureLine("build", new TypeError("x is not a function\n    at f (a.js:1:2)"));
  assert.equal(line, "build: failed: x is not a function (run again with DEBUG=1 to see where)");
  assert.equal(failureLine("upload", new UsageError("option --port is required")), "upload: option --port is required");
});

test("--out a folder or a place that cannot be written is one line", { timeout: 60000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), "cli-out-"));
  const file = join(dir, "not-a-folder");
  writeFileSync(file, "");
  assert.throws(() => writeOutput(dir, "x"), new RegExp(`^Error: --out ${dir} is a folder: give a file name such as ${dir}/app\\.js$`));
  assert.throws(() => writeOutput(join(file, "app.js"), "x"), new RegExp(`^Error: cannot write ${file}/app\\.js: a part of the path is a file, not a folder \\(choose another place with --out FILE\\)$`));
  const config = join(dir, "config.json");
  writeFileSync(config, JSON.stringify({ url: "http://127.0.0.1/" }));
  const r = await run("tools/build.ts", ["--board=linux", `--config=${config}`, "--out", dir]);
  assert.equal(r.code, 1);
  assert.equal(r.stderr, `build: --out ${dir} is a folder: give a file name such as ${dir}/app.js\n`);
});

test("every npm script goes through tools/run.cjs, which says in one line when the packages are not installed", () => {
  const scripts = (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;
  for (const [name, line] of Object.entries(scripts)) {
    if (name !== "test") assert.match(line, /^node tools\/run\.cjs \S+\.ts$/, name);
  }
  // A copy of the project with no node_modules (as after `git clone`): no "tsx: not found".
  const bare = mkdtempSync(join(tmpdir(), "bare-clone-"));
  mkdirSync(join(bare, "tools"));
  copyFileSync(join(ROOT, "tools", "run.cjs"), join(bare, "tools", "run.cjs"));
  const r = spawnSync(process.execPath, [join(bare, "tools", "run.cjs"), "tools/build.ts"], { cwd: bare, encoding: "utf8" });
  assert.equal(r.status, 1);
  assert.equal(r.stdout, "");
  assert.match(r.stderr, /^the project's packages are not installed: run `npm install` in .* first .*\n$/);
  assert.equal(r.stderr.split("\n").length, 2, r.stderr);
});
