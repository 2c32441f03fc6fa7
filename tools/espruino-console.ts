// An Espruino console driven line by line: Espruino for Linux started with a
// file (its console is its stdin and stdout), or a board behind the Espruino
// command-line tool's terminal mode (npm `espruino`), which passes stdin to
// the board and prints what the board says. Lines sent start with DLE
// (0x10), which tells Espruino not to echo them.
import { spawn, ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { toolScript } from "./espruino-tool";

const NO_ECHO = "\x10";
/** Prompts, carriage returns and line clearing the console prints in front of output. */
const NOISE = /^(?:>|\r|\x1b\[J|\x08)+/;

export interface Console {
  /** Sends one line of JavaScript. */
  send(line: string): void;
  /** Every line the console prints, without prompts, from now on. */
  onLine(fn: (line: string) => void): void;
  /** Resolves with the first printed line `match` accepts, or rejects after `ms`. */
  waitFor(match: (line: string) => boolean, ms: number, what: string): Promise<string>;
  close(): Promise<void>;
}

function consoleOf(child: ChildProcess, cleanup: () => void): Console {
  const listeners: ((line: string) => void)[] = [];
  let partial = "";
  child.stdout!.on("data", (b: Buffer) => {
    partial += b.toString("latin1");
    const lines = partial.split("\n");
    partial = lines.pop()!;
    for (const l of lines) {
      const line = l.replace(/\r+$/, "").replace(NOISE, "");
      if (process.env.ESPRUINO_CONSOLE_DEBUG) process.stderr.write("<< " + JSON.stringify(line) + "\n");
      for (const fn of listeners.slice()) fn(line);
    }
  });
  child.stderr!.on("data", () => undefined);
  const exited = new Promise<void>((done) => child.on("exit", () => done()));
  return {
    send(line) {
      if (process.env.ESPRUINO_CONSOLE_DEBUG) process.stderr.write(">> " + JSON.stringify(line) + "\n");
      child.stdin!.write(NO_ECHO + line + "\n", "latin1");
    },
    onLine(fn) {
      listeners.push(fn);
    },
    waitFor(match, ms, what) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          listeners.splice(listeners.indexOf(fn), 1);
          reject(new Error(`no answer within ${ms} ms (${what})`));
        }, ms);
        const fn = (line: string) => {
          if (!match(line)) return;
          clearTimeout(timer);
          listeners.splice(listeners.indexOf(fn), 1);
          resolve(line);
        };
        listeners.push(fn);
        exited.then(() => {
          clearTimeout(timer);
          reject(new Error(`the console ended (${what})`));
        });
      });
    },
    async close() {
      // Espruino for Linux ignores SIGTERM and, with a pipe for stdin, SIGINT;
      // the whole group goes (the interpreter and what feeds its stdin).
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        // already gone
      }
      await exited;
      cleanup();
    },
  };
}

/** Espruino for Linux at `bin`, run from a fresh folder (it writes its flash file there), loading `code`. */
export function interpreterConsole(bin: string, code: string): Console {
  const dir = mkdtempSync(join(tmpdir(), "espruino-run-"));
  writeFileSync(join(dir, "start.js"), code, "latin1");
  // Espruino for Linux quits at once when its stdin is a socket, which is what
  // Node gives a child: a real pipe, filled by cat, keeps its console open.
  const child = spawn("sh", ["-c", 'cat | "$0" start.js', bin], { cwd: dir, stdio: ["pipe", "pipe", "pipe"], detached: true });
  return consoleOf(child, () => rmSync(dir, { recursive: true, force: true }));
}

/** A board's console through the Espruino command-line tool; `code` is typed in after a reset. */
export async function portConsole(port: string, code: string): Promise<Console> {
  const args = [toolScript(), "--port", port];
  if (!/^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/i.test(port)) args.push("--no-ble");
  const child = spawn(process.execPath, args, { stdio: ["pipe", "pipe", "pipe"], detached: true });
  const c = consoleOf(child, () => undefined);
  await c.waitFor((l) => /^Connected/.test(l), 20000, `connecting to ${port}`);
  c.send("reset();");
  // The banner's last line, or a board that prints none: then the reset is over.
  await c.waitFor((l) => /espruino\.com\/Donate/i.test(l) || /^=undefined/.test(l), 10000, "the board's reset");
  // Typed in as one line: the driver is a few KiB, well within a console line.
  c.send(code.replace(/\n/g, " "));
  return c;
}
