// The bench on a real interpreter: `npm run bench -- --espruino PATH` with
// Espruino for Linux. The app (built for linux, loaded from a Storage file)
// and the floors (floors.ts) fetch the same responses from a local server,
// interleaved, several runs each; every figure is a ratio measured side by
// side in one run. The interpreter and the server run in a private network
// namespace (unshare -n), so its telnet port and ours clash with nothing.

import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT } from "../board/profiles";
import { build } from "../tools/build";
import { exampleConfig } from "./sizes";
import { CASES, Case } from "./espruino-cases";
import type { Sample } from "./espruino-run";

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
  /** Wall ms of each program (as it measured itself), median and spread of its runs. */
  programs: Record<string, Spread>;
  /** The interpreter's CPU ms from the server's accept to the result, likewise. */
  cpu: Record<string, Spread>;
  floor: string;
  /** The app's CPU time over the floor's, per round (same round, side by side). */
  ratio: Spread;
  /** The same of wall times. */
  wallRatio: Spread;
  target: number;
  ok: boolean;
}

export function spread(xs: number[]): Spread {
  const s = xs.slice().sort((a, b) => a - b);
  const mid = s.length >> 1;
  return { median: s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2, min: s[0], max: s[s.length - 1] };
}

function summarise(c: Case, samples: Sample[]): CaseResult {
  const mine = samples.filter((s) => s.case === c.name);
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
  return { case: c.name, programs, cpu, floor: c.floor, ratio, wallRatio, target: c.target, ok: !c.target || ratio.median <= c.target };
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

export async function espruinoBench(bin: string, runs = DEFAULT_RUNS): Promise<CaseResult[]> {
  const dir = mkdtempSync(join(tmpdir(), "bench-app-"));
  try {
    const app = join(dir, "app.js");
    // The app with its settings file written first (app-with-settings.js):
    // the app reads them from Storage, as after an upload.
    const built = await build({ board: "linux", configObject: { ...exampleConfig(`http://127.0.0.1:${PORT}/`), printBody: TIMED_PRINT_BODY }, config: "config.example.json", out: app, typeCheck: false, withSettings: true });
    const out = await inNamespace([process.execPath, "--import", "tsx", join(ROOT, "bench", "espruino-run.ts"), bin, built.withSettingsFile!, String(PORT), String(runs)]);
    const samples = JSON.parse(out) as Sample[];
    return CASES.map((c) => summarise(c, samples));
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
    rows.push([`espruino ${r.case}, CPU`, times(r.cpu), `app with printBody ${TIMED_PRINT_BODY}, as the floors print no body`]);
    rows.push([`espruino ${r.case}, wall`, times(r.programs), ""]);
    rows.push([`espruino ${r.case}, app/${r.floor}`, `${ratio(r.ratio)} CPU, ${ratio(r.wallRatio)} wall`, r.target ? `<= ${r.target}x: ${r.ok ? "ok" : `MISSED (median ${(r.ratio.median - r.target).toFixed(2)}x over: the app spends more per KiB than ${r.floor} here)`}` : "(a request's fixed cost)"]);
  }
  return rows;
}
