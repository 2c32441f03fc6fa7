// What reading the settings from Storage costs in RAM (issue "Settings live
// on the board"), measured on Espruino for Linux: the linux app loaded from a
// Storage file as an upload leaves it, once reading http-get.json, once with
// the same settings written into the code in place of the readJSON call (the
// settings built in, as the app held them before). Each prints
// process.memory().usage once its one request is over.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build, withSettingsScript } from "../tools/build";
import { exampleConfig } from "./sizes";
import { fromStorage } from "./floors";

/** Nothing listens there: the request ends at once, REFUSED, and the app is idle. */
const URL = "http://127.0.0.1:1/";
/** After the outcome, when the app only waits. */
const IDLE_AFTER_MS = 1500;
const RUN_TIMEOUT_MS = 20000;
const READ_CALL = /\.readJSON\(([A-Za-z_$][\w$]*),!0\)/g;

export interface SettingsMemory {
  fromStorage: number;
  builtIn: number;
}

function probe(code: string): string {
  return code + `\nsetTimeout(function(){print("@MEM "+process.memory().usage)},${IDLE_AFTER_MS});\n`;
}

/** The program that writes `app` (and `settingsLine`, if any) to Storage and loads it. */
function program(dir: string, name: string, app: string, settingsLine: string): string {
  const file = join(dir, name + ".js");
  writeFileSync(file, probe(app), "latin1");
  const run = join(dir, "run-" + name + ".js");
  writeFileSync(run, `require("Storage").eraseAll();\n${settingsLine}\n` + fromStorage(file, "app") + "\n", "latin1");
  return run;
}

/** Runs `file` on the interpreter from `dir` and returns the usage it prints. */
function usageOf(bin: string, dir: string, file: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, [file], { cwd: dir, stdio: ["pipe", "pipe", "ignore"] });
    let out = "";
    const limit = setTimeout(() => child.kill("SIGKILL"), RUN_TIMEOUT_MS);
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString("latin1");
      const m = /@MEM (\d+)/.exec(out);
      if (m) {
        clearTimeout(limit);
        child.kill("SIGKILL");
        resolve(Number(m[1]));
      }
    });
    child.on("close", () => reject(new Error("the interpreter printed no memory figure: " + out.slice(-200))));
  });
}

export async function settingsMemory(bin: string): Promise<SettingsMemory> {
  const dir = mkdtempSync(join(tmpdir(), "bench-settings-"));
  try {
    const built = await build({ board: "linux", configObject: exampleConfig(URL), config: "config.example.json", out: join(dir, "app.js"), typeCheck: false });
    const settings = JSON.stringify(JSON.parse(built.settings!));
    const calls = built.code.match(READ_CALL) || [];
    if (calls.length !== 1) throw new Error(`the app reads its settings in ${calls.length} places, not 1: the bench cannot build them in`);
    const writeSettings = withSettingsScript(built.settings!, "");
    const fromStorage = await usageOf(bin, dir, program(dir, "read", built.code, writeSettings));
    const builtIn = await usageOf(bin, dir, program(dir, "literal", built.code.replace(READ_CALL, "(" + settings + ")"), ""));
    return { fromStorage, builtIn };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function settingsMemoryRow(m: SettingsMemory): [string, string, string] {
  const more = m.fromStorage - m.builtIn;
  return ["settings from Storage, Linux (measured)", `${m.fromStorage} blocks idle; ${m.builtIn} with the same settings built in`,
    `<= built in: ${more <= 0 ? "ok" : `MISSED (${more} blocks more)`}`];
}
