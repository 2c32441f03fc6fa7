// Runs inside a private network namespace (espruino.ts starts it there, so
// the interpreter's own servers and this one clash with nothing): a local
// server on 127.0.0.1 and, for every round, each program of every case once,
// each in a fresh Espruino for Linux. Prints the times as JSON on stdout.
//
//   node --import tsx bench/espruino-run.ts <bin> <app.js> <port> <runs> [instructions]
//
// With "instructions", one more round runs each program under Valgrind's
// callgrind and counts the instructions the interpreter runs from its
// net.connect() (http.get() calls the same C function) to the result line:
// the same for every run of the same program, where CPU time on a shared
// machine varies by a fifth. Counted from the server's accept instead, a
// program's work right after its connect (listeners, the request) fell on
// one side of the start or the other as the two processes raced: up to
// 0.6 M instructions apart from run to run.

import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CODE_AT, CodeAt, handChunked, httpModule, rawCounter, runFile } from "./floors";
import { CASES, Case, Program, response, serve } from "./espruino-cases";
import { STORAGE_FILE } from "../tools/espruino-tool";

/** A run that has not printed its result by then has hung. */
const RUN_TIMEOUT_MS = 20000;

export interface Sample {
  case: string;
  program: Program;
  code: CodeAt;
  /** Wall time the program measured itself, from before its connect to the end of the body. */
  ms: number;
  /**
   * The interpreter's time on a CPU from the server's accept to the result
   * line (Linux's /proc/PID/schedstat): unlike wall time, not lengthened by
   * other programs on a busy machine.
   */
  cpuMs: number;
  bytes: number;
  /** Instructions from the connect to the result (the callgrind round), else absent. */
  instructions?: number;
}

/** Nanoseconds the process has run on a CPU so far, as the kernel last counted them. */
function cpuNs(pid: number): number {
  try {
    return +readFileSync(`/proc/${pid}/schedstat`, "latin1").split(" ")[0];
  } catch (e) {
    return NaN;
  }
}

/** The process's state letter in /proc/PID/stat (after its name, which may hold spaces). */
function state(pid: number): string {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "latin1");
    return stat.charAt(stat.lastIndexOf(")") + 2);
  } catch (e) {
    return "";
  }
}

/**
 * The CPU time of a running process to the nanosecond. The kernel adds a
 * running task's time to schedstat only at a tick or when it is switched
 * out, so read while it runs the figure is up to a tick (4 ms here) old:
 * as much as the difference between two programs. Stopped first, it is
 * exact; `resume` lets it go on.
 */
function cpuExact(pid: number, resume: boolean): number {
  try {
    process.kill(pid, "SIGSTOP");
  } catch (e) {
    return NaN;
  }
  for (let i = 0; i < 100000 && state(pid) !== "T"; i++);
  const ns = cpuNs(pid);
  if (resume) process.kill(pid, "SIGCONT");
  return ns;
}

/** The interpreter running now: at the accept the server marks its CPU time (not in the callgrind round). */
const running: { pid: number; counted: boolean; cpuAtAccept: number } = { pid: 0, counted: false, cpuAtAccept: NaN };

type Run = { ms: number; cpuMs: number; bytes: number; instructions?: number };

/** Tells callgrind in process `pid` to dump its counts (callgrind_control), and waits till it has. */
function dump(pid: number): void {
  execFileSync("callgrind_control", ["--dump", String(pid)], { stdio: "ignore" });
}

// Callgrind dumps the counts so far, and starts again, as the interpreter
// enters this function: net.connect() and http.get() (libs/network/jswrap_net.c).
const COUNT_FROM = "--dump-before=jswrap_net_connect";

/** The instructions counted since the last dump (the connect): callgrind's dump of them ("summary:" in the file it writes). */
function countedSoFar(pid: number, dir: string): number {
  dump(pid);
  const dumps = readdirSync(dir).filter((f) => /^counts\.\d+$/.test(f));
  const last = dumps.sort((a, b) => +a.split(".")[1] - +b.split(".")[1]).pop();
  const m = last ? /^summary: (\d+)$/m.exec(readFileSync(join(dir, last), "latin1")) : null;
  return m ? +m[1] : NaN;
}

/** The program's text: build/app.js, or a floor. */
function source(program: Program, port: number, app: string): string {
  if (program === "app") return readFileSync(app, "latin1");
  if (program === "raw") return rawCounter(port);
  if (program === "hand") return handChunked(port);
  return httpModule(port);
}

// RESULT <ms> <bytes> from a floor; DONE <status>, <bytes> bytes in <ms> ms
// from the app, whose time is whole milliseconds: half a millisecond more is
// the middle of what it cut off.
function parse(out: string): { ms: number; bytes: number } | null {
  const r = /RESULT ([0-9.]+) ([0-9]+)\r?\n/.exec(out);
  if (r) return { ms: +r[1], bytes: +r[2] };
  const d = /DONE 200, ([0-9]+) bytes in ([0-9]+) ms\r?\n/.exec(out);
  if (d) return { ms: +d[2] + 0.5, bytes: +d[1] };
  return null;
}

/**
 * One fresh interpreter running one program, its code read as `code` says
 * (floors.ts), killed once it has printed its result.
 */
function runOnce(bin: string, text: string, code: CodeAt, counted = false): Promise<Run> {
  const dir = mkdtempSync(join(tmpdir(), "bench-espruino-"));
  writeFileSync(join(dir, "program.js"), text, "latin1");
  writeFileSync(join(dir, "run.js"), runFile(text, join(dir, "program.js"), STORAGE_FILE, code), "latin1");
  return new Promise((resolve, reject) => {
    // stdin stays open: Espruino for Linux quits at the end of its input.
    const args = counted ? ["--tool=callgrind", COUNT_FROM, `--callgrind-out-file=${join(dir, "counts")}`, bin, "run.js"] : ["run.js"];
    const child = spawn(counted ? "valgrind" : bin, args, { cwd: dir, stdio: ["pipe", "pipe", "pipe"] });
    running.pid = child.pid!;
    running.counted = counted;
    running.cpuAtAccept = NaN;
    let out = "";
    let stopped = false;
    const stop = (err: Error | null, r?: Run) => {
      if (stopped) return;
      stopped = true;
      clearTimeout(timer);
      child.kill("SIGKILL");
      rmSync(dir, { recursive: true, force: true });
      if (err) reject(err);
      else resolve(r!);
    };
    const timer = setTimeout(() => stop(new Error("no result within " + RUN_TIMEOUT_MS + " ms:\n" + out)), RUN_TIMEOUT_MS);
    child.stdout.on("data", (d: Buffer) => {
      if (stopped) return;
      out += d.toString("latin1");
      const r = parse(out);
      if (r) stop(null, counted ? { ...r, cpuMs: NaN, instructions: countedSoFar(child.pid!, dir) } : { ...r, cpuMs: (cpuExact(child.pid!, false) - running.cpuAtAccept) / 1e6 });
      else if (/ERROR [A-Z_]+:|Uncaught/.test(out)) stop(new Error("the run failed:\n" + out));
    });
    child.on("error", (e) => stop(e));
  });
}

async function main(): Promise<void> {
  const [bin, app, portText, runsText, counting] = process.argv.slice(2);
  const port = +portText;
  let current: Case = CASES[0];
  const server = createServer((s: Socket) => {
    if (!running.counted) running.cpuAtAccept = cpuExact(running.pid, true);
    serve(s, response(current));
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const samples: Sample[] = [];
  const each = async (round: number, counted: boolean): Promise<void> => {
    for (const c of CASES) {
      current = c;
      // Interleaved, and the order turns each round: no program always goes first.
      const order = c.programs.map((_, i) => c.programs[(i + round) % c.programs.length]);
      for (const program of order) {
        for (const code of CODE_AT) {
          const r = await runOnce(bin, source(program, port, app), code, counted).catch((e: Error) => {
            throw new Error(`${c.name}, ${program}, code in ${code}: ${e.message}`);
          });
          samples.push({ case: c.name, program, code, ...r });
        }
      }
    }
  };
  try {
    for (let round = 0; round < +runsText; round++) await each(round, false);
    if (counting === "instructions") await each(0, true);
  } finally {
    server.close();
  }
  process.stdout.write(JSON.stringify(samples) + "\n");
}

main().catch((e: unknown) => {
  process.stderr.write(((e as Error)?.message || String(e)) + "\n");
  process.exit(1);
});
