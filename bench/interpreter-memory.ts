// What the app and the module take in RAM, measured on Espruino for Linux
// (`npm run bench -- --espruino PATH`), each program loaded from a Storage
// file as an upload leaves it:
//   the app, reading http-get.json, once its one request is over (the URL
//     refuses at once, so it is idle), and the same app with the settings
//     written into its code in place of the readJSON call (settings built
//     in, as the app held them before they moved to Storage);
//   the same idle app as an ESP8266 would hold it (esp8266-strings.ts: the
//     Linux figure with every string it keeps counted again in ESP8266
//     blocks, from trace() of the root);
//   the module: process.memory().usage just before and after
//     require("http-get") with build/modules/http-get.min.js in Storage, and
//     the same as an ESP8266 would hold it (trace() of the module's scope).
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build, withSettingsScript } from "../tools/build";
import { buildModule, MODULE_NAME } from "../tools/build-module";
import { exampleConfig } from "./sizes";
import { fromStorage } from "./floors";
import { esp8266ExtraBlocks } from "./esp8266-strings";

/** Nothing listens there: the request ends at once, REFUSED, and the app is idle. */
const URL = "http://127.0.0.1:1/";
/** After the outcome, when the app only waits. */
const IDLE_AFTER_MS = 1500;
const RUN_TIMEOUT_MS = 20000;
const READ_CALL = /\.readJSON\(([A-Za-z_$][\w$]*|"[^"]*"),!0\)/g;
export const END = "@END";

export interface InterpreterMemory {
  /** The app idle, reading its settings from Storage. */
  fromStorage: number;
  /** The same with the settings built in. */
  builtIn: number;
  /** fromStorage as an ESP8266 would hold it (its strings in ESP8266 blocks). */
  esp8266: number;
  /** The module loaded from Storage, before any request. */
  moduleIdle: number;
  /** moduleIdle as an ESP8266 would hold it (its strings in ESP8266 blocks). */
  moduleEsp8266: number;
}

// Prints the usage, then the root's variables, then END.
function probe(code: string): string {
  return code + `\nsetTimeout(function(){print("@MEM "+process.memory().usage);trace();print("${END}")},${IDLE_AFTER_MS});\n`;
}

/** The program that writes `app` (and `settingsLine`, if any) to Storage and loads it. */
function program(dir: string, name: string, app: string, settingsLine: string): string {
  const file = join(dir, name + ".js");
  writeFileSync(file, probe(app), "latin1");
  const run = join(dir, "run-" + name + ".js");
  writeFileSync(run, `require("Storage").eraseAll();\n${settingsLine}\n` + fromStorage(file, "app") + "\n", "latin1");
  return run;
}

/** The module in Storage, the usage on each side of its require(). */
function moduleProgram(dir: string, minCode: string): string {
  const file = join(dir, "http-get.min.js");
  writeFileSync(file, minCode, "latin1");
  const run = join(dir, "run-module.js");
  writeFileSync(run, `require("Storage").eraseAll();require("Storage").write("http-get",require("fs").readFileSync(${JSON.stringify(file)}));
setTimeout(function(){var before=process.memory().usage;global.httpGet=require("http-get");print("@MEM "+(process.memory().usage-before));trace(global.httpGet.get);print("${END}")},10);\n`, "latin1");
  return run;
}

/** Runs `file` on the interpreter from `dir`: the usage it prints, the trace after it, and all it printed. */
export function usageOf(bin: string, dir: string, file: string): Promise<{ usage: number; trace: string; printed: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, [file], { cwd: dir, stdio: ["pipe", "pipe", "ignore"] });
    let out = "";
    const limit = setTimeout(() => child.kill("SIGKILL"), RUN_TIMEOUT_MS);
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString("latin1");
      const m = /@MEM (-?\d+)/.exec(out);
      // The probe's own text holds END too (a function's code, in the trace): the last line is the one.
      if (m && new RegExp(`\\n${END}\\r?\\n`).test(out.slice(m.index))) {
        clearTimeout(limit);
        child.kill("SIGKILL");
        resolve({ usage: Number(m[1]), trace: out.slice(m.index), printed: out });
      }
    });
    child.on("close", () => reject(new Error("the interpreter printed no memory figure: " + out.slice(-200))));
  });
}

export async function interpreterMemory(bin: string): Promise<InterpreterMemory> {
  const dir = mkdtempSync(join(tmpdir(), "bench-memory-"));
  try {
    const built = await build({ board: "linux", configObject: exampleConfig(URL), config: "config.example.json", out: join(dir, "app.js"), typeCheck: false });
    const settings = JSON.stringify(JSON.parse(built.settings!));
    const calls = built.code.match(READ_CALL) || [];
    if (calls.length !== 1) throw new Error(`the app reads its settings in ${calls.length} places, not 1: the bench cannot build them in`);
    const read = await usageOf(bin, dir, program(dir, "read", built.code, withSettingsScript(built.settings!, "")));
    const builtIn = await usageOf(bin, dir, program(dir, "literal", built.code.replace(READ_CALL, "(" + settings + ")"), ""));
    const mod = await buildModule({ outDir: dir, typeCheck: false });
    const moduleIdle = await usageOf(bin, dir, moduleProgram(dir, mod.minCode));
    // The trace of get() reaches the module's scope, and through it all the
    // module made; its name in the module cache is a string too.
    const cacheName = esp8266ExtraBlocks(`Name String [1 blocks] "${MODULE_NAME}"`);
    return {
      fromStorage: read.usage, builtIn: builtIn.usage, esp8266: read.usage + esp8266ExtraBlocks(read.trace),
      moduleIdle: moduleIdle.usage, moduleEsp8266: moduleIdle.usage + esp8266ExtraBlocks(moduleIdle.trace) + cacheName,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The app with its settings built in never calls require("Storage"); the one
 * that reads them keeps the Storage module in the module cache, its name and
 * the native object (measured on 2v29 for Linux: 2 blocks).
 */
const STORAGE_MODULE_BLOCKS = 2;

export function settingsMemoryRow(m: InterpreterMemory): [string, string, string] {
  const more = m.fromStorage - m.builtIn;
  return ["settings from Storage, Linux (measured)", `${m.fromStorage} blocks idle; ${m.builtIn} with the same settings built in`,
    `<= built in + ${STORAGE_MODULE_BLOCKS} (the Storage module require() keeps): ${more <= STORAGE_MODULE_BLOCKS ? "ok" : `MISSED (${more} blocks more)`}`];
}
