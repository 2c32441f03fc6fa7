// Runs inside a private network namespace (espruino.ts starts it there, so
// the interpreter's own servers and this one clash with nothing): a local
// server on 127.0.0.1 and, for every round, each program of every case once,
// each in a fresh Espruino for Linux. Prints the times as JSON on stdout.
//
//   node --import tsx bench/espruino-run.ts <bin> <app.js> <port> <runs>

import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fromStorage, handChunked, httpModule, rawCounter } from "./floors";
import { CASES, Case, Program, response, serve } from "./espruino-cases";
import { STORAGE_FILE } from "../tools/espruino-tool";

/** A run that has not printed its result by then has hung. */
const RUN_TIMEOUT_MS = 20000;

export interface Sample {
  case: string;
  program: Program;
  /** Wall time the program measured itself, from before its connect to the end of the body. */
  ms: number;
  /**
   * The interpreter's time on a CPU from the server's accept to the result
   * line (Linux's /proc/PID/schedstat): unlike wall time, not lengthened by
   * other programs on a busy machine.
   */
  cpuMs: number;
  bytes: number;
}

/** Nanoseconds the process has run on a CPU so far. */
function cpuNs(pid: number): number {
  try {
    return +readFileSync(`/proc/${pid}/schedstat`, "latin1").split(" ")[0];
  } catch (e) {
    return NaN;
  }
}

/** The interpreter running now: the server marks the CPU time it had at the accept. */
const running: { pid: number; cpuAtAccept: number } = { pid: 0, cpuAtAccept: NaN };

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
 * One fresh interpreter running one program from a Storage file, killed once
 * it has printed its result. Every program runs as the app does on a board:
 * on Espruino for Linux, flash is a file, so code lexed from it costs more
 * than code in RAM, the same for the app and for the floors.
 */
function runOnce(bin: string, text: string): Promise<{ ms: number; cpuMs: number; bytes: number }> {
  const dir = mkdtempSync(join(tmpdir(), "bench-espruino-"));
  writeFileSync(join(dir, "program.js"), text, "latin1");
  writeFileSync(join(dir, "run.js"), fromStorage(join(dir, "program.js"), STORAGE_FILE));
  return new Promise((resolve, reject) => {
    // stdin stays open: Espruino for Linux quits at the end of its input.
    const child = spawn(bin, ["run.js"], { cwd: dir, stdio: ["pipe", "pipe", "pipe"] });
    running.pid = child.pid!;
    running.cpuAtAccept = NaN;
    let out = "";
    const stop = (err: Error | null, r?: { ms: number; cpuMs: number; bytes: number }) => {
      clearTimeout(timer);
      child.kill("SIGKILL");
      rmSync(dir, { recursive: true, force: true });
      if (err) reject(err);
      else resolve(r!);
    };
    const timer = setTimeout(() => stop(new Error("no result within " + RUN_TIMEOUT_MS + " ms:\n" + out)), RUN_TIMEOUT_MS);
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString("latin1");
      const r = parse(out);
      if (r) stop(null, { ms: r.ms, cpuMs: (cpuNs(child.pid!) - running.cpuAtAccept) / 1e6, bytes: r.bytes });
      else if (/ERROR [A-Z_]+:|Uncaught/.test(out)) stop(new Error("the run failed:\n" + out));
    });
    child.on("error", (e) => stop(e));
  });
}

async function main(): Promise<void> {
  const [bin, app, portText, runsText] = process.argv.slice(2);
  const port = +portText;
  let current: Case = CASES[0];
  const server = createServer((s: Socket) => {
    running.cpuAtAccept = cpuNs(running.pid);
    serve(s, response(current));
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const samples: Sample[] = [];
  try {
    for (let round = 0; round < +runsText; round++) {
      for (const c of CASES) {
        current = c;
        // Interleaved, and the order turns each round: no program always goes first.
        const order = c.programs.map((_, i) => c.programs[(i + round) % c.programs.length]);
        for (const program of order) {
          const r = await runOnce(bin, source(program, port, app)).catch((e: Error) => {
            throw new Error(`${c.name}, ${program}: ${e.message}`);
          });
          samples.push({ case: c.name, program, ms: r.ms, cpuMs: r.cpuMs, bytes: r.bytes });
        }
      }
    }
  } finally {
    server.close();
  }
  process.stdout.write(JSON.stringify(samples) + "\n");
}

main().catch((e: unknown) => {
  process.stderr.write(((e as Error)?.message || String(e)) + "\n");
  process.exit(1);
});
