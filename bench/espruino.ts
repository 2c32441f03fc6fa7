// The bench on a real interpreter: `npm run bench -- --espruino PATH` with
// Espruino for Linux. The app (built for linux) and the floors (floors.ts)
// fetch the same responses from a local server, interleaved, several runs
// each, their code read from RAM (as the boards read code from their
// memory-mapped flash) and again from Linux's Storage (floors.ts, CODE_AT);
// every figure is a ratio measured side by side in one run. The interpreter
// and the server run in a private network namespace (unshare -n), so its
// telnet port and ours clash with nothing.

import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT } from "../board/profiles";
import { build } from "../tools/build";
import { exampleConfig } from "./sizes";
import { CASES, Case } from "./espruino-cases";
import type { Sample } from "./espruino-run";
import { CODE_AT, CodeAt } from "./floors";

/** Free in the private namespace: nothing else listens there. */
const PORT = 8080;
/**
 * The timed app prints none of the body. The floors print nothing of it,
 * and print() on Espruino for Linux costs about 4 ms of CPU for 512
 * characters (measured on 2v29: a raw counter 19.6 ms, 23.8 ms with one
 * print of 512 characters), a cost of its console, not of reading: with
 * config.example.json's printBody (512) the ratios would compare unequal
 * work. With printBody 0 the app needs no more of the body from its first
 * byte, and every piece after that takes its counting path, which is what
 * the targets are about. The report's rows say so.
 */
export const TIMED_PRINT_BODY = 0;
export const DEFAULT_RUNS = 7;

export interface Spread {
  median: number;
  min: number;
  max: number;
}

export interface CaseResult {
  case: string;
  /** Where the programs' code was read from (floors.ts); the targets hold for "ram", as the boards read theirs. */
  code: CodeAt;
  /** Wall ms of each program (as it measured itself), median and spread of its runs. */
  programs: Record<string, Spread>;
  /** The interpreter's CPU ms from the server's accept to the result, likewise. */
  cpu: Record<string, Spread>;
  floor: string;
  /** The app's CPU time over the floor's, per round (same round, side by side). */
  ratio: Spread;
  /** The same of wall times. */
  wallRatio: Spread;
  /** Instructions of each program (callgrind, one run each: they do not vary), when Valgrind is installed; null without it. */
  instructions: Record<string, number> | null;
  target: number;
  /**
   * The ratio held to the target: the instructions' where Valgrind counted
   * them (the same from run to run), else the median of the CPU times' (on
   * a shared machine a run's CPU time varies by a fifth).
   */
  judged: { by: "instructions" | "CPU"; ratio: number };
  ok: boolean;
}

export function spread(xs: number[]): Spread {
  const s = xs.slice().sort((a, b) => a - b);
  const mid = s.length >> 1;
  return { median: s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2, min: s[0], max: s[s.length - 1] };
}

function summarise(c: Case, code: CodeAt, samples: Sample[]): CaseResult {
  const all = samples.filter((s) => s.case === c.name && s.code === code);
  const mine = all.filter((s) => s.instructions === undefined);
  const counted = all.filter((s) => s.instructions !== undefined);
  const instructions: Record<string, number> | null = counted.length ? {} : null;
  for (const s of counted) instructions![s.program] = s.instructions!;
  const programs: Record<string, Spread> = {};
  const cpu: Record<string, Spread> = {};
  for (const p of c.programs) {
    programs[p] = spread(mine.filter((s) => s.program === p).map((s) => s.ms));
    cpu[p] = spread(mine.filter((s) => s.program === p).map((s) => s.cpuMs));
  }
  const app = mine.filter((s) => s.program === "app");
  const floor = mine.filter((s) => s.program === c.floor);
  const ratio = spread(app.map((a, i) => a.cpuMs / floor[i].cpuMs));
  const wallRatio = spread(app.map((a, i) => a.ms / floor[i].ms));
  const target = code === "ram" ? c.target : 0;
  const judged = instructions && instructions.app && instructions[c.floor]
    ? { by: "instructions" as const, ratio: instructions.app / instructions[c.floor] } : { by: "CPU" as const, ratio: ratio.median };
  return { case: c.name, code, programs, cpu, floor: c.floor, ratio, wallRatio, instructions, target, judged, ok: !target || judged.ratio <= target };
}

function inNamespace(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn("unshare", ["-n", "sh", "-c", 'ip link set lo up && exec "$0" "$@"', ...args], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => (out += d));
    child.stderr.on("data", (d: Buffer) => (err += d));
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve(out) : reject(new Error("the interpreter bench failed: " + (err.trim() || "exit " + code)))));
  });
}

/** Whether Valgrind's callgrind can count the interpreter's instructions here. */
function hasValgrind(): boolean {
  return spawnSync("valgrind", ["--version"], { stdio: "ignore" }).status === 0 && spawnSync("callgrind_control", ["--version"], { stdio: "ignore" }).status === 0;
}

export async function espruinoBench(bin: string, runs = DEFAULT_RUNS): Promise<CaseResult[]> {
  const dir = mkdtempSync(join(tmpdir(), "bench-app-"));
  try {
    const app = join(dir, "app.js");
    // The app with its settings file written first (app-with-settings.js):
    // the app reads them from Storage, as after an upload.
    const built = await build({ board: "linux", configObject: { ...exampleConfig(`http://127.0.0.1:${PORT}/`), printBody: TIMED_PRINT_BODY }, config: "config.example.json", out: app, typeCheck: false, withSettings: true });
    const out = await inNamespace([process.execPath, "--import", "tsx", join(ROOT, "bench", "espruino-run.ts"), bin, built.withSettingsFile!, String(PORT), String(runs), hasValgrind() ? "instructions" : "timed only"]);
    const samples = JSON.parse(out) as Sample[];
    return CODE_AT.flatMap((code) => CASES.map((c) => summarise(c, code, samples)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function ms(s: Spread): string {
  return `${s.median.toFixed(1)} ms (${s.min.toFixed(1)}-${s.max.toFixed(1)})`;
}

function times(x: Record<string, Spread>): string {
  return Object.keys(x).map((p) => `${p} ${ms(x[p])}`).join(", ");
}

function ratio(s: Spread): string {
  return `${s.median.toFixed(2)}x (${s.min.toFixed(2)}-${s.max.toFixed(2)})`;
}

/** The report's rows: [measure, result, target]. */
export function espruinoRows(results: CaseResult[]): [string, string, string][] {
  const rows: [string, string, string][] = [];
  for (const r of results) {
    const name = `espruino ${r.case}${r.code === "storage" ? " from Storage" : ""}`;
    rows.push([`${name}, CPU`, times(r.cpu), r.code === "ram" ? `app with printBody ${TIMED_PRINT_BODY}, as the floors print no body` : "code read through Linux's file for flash, 16 bytes at a time"]);
    rows.push([`${name}, wall`, times(r.programs), ""]);
    const target = r.target ? `<= ${r.target}x: ${r.ok ? "ok" : `MISSED (${(r.judged.ratio - r.target).toFixed(3)}x over: the app spends more per KiB than ${r.floor} here)`}` : "";
    const note = r.case === "head only" ? "(a request's fixed cost)" : r.code === "storage" ? "(no target: no board reads its flash so)" : "";
    const byCpu = r.judged.by === "CPU";
    rows.push([`${name}, app/${r.floor}`, `${ratio(r.ratio)} CPU, ${ratio(r.wallRatio)} wall`, (byCpu && target) || (target ? "CPU time varies with the machine's load; the instructions are judged" : note)]);
    const n = r.instructions;
    if (n) rows.push([`${name}, instructions`, Object.keys(n).map((p) => `${p} ${(n[p] / 1e6).toFixed(2)} M`).join(", ") + `: app/${r.floor} ${(n.app / n[r.floor]).toFixed(3)}x`, (!byCpu && target) || "callgrind, from the connect to the result: what the code costs, unchanged by the machine's load"]);
  }
  return rows;
}
