// Driving the Espruino command-line tool (npm package `espruino`, bin
// `espruino`): the arguments that make it send build/app.js exactly as built,
// offline, and the reading of its output, since it exits with 0 even when it
// could not connect.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import * as acorn from "acorn";
import { ROOT, UsageError } from "../board/profiles";

export type PortKind = "serial" | "bluetooth" | "tcp";

/** Where the app goes and how the tool must treat it. */
export interface ToolJob {
  port: string;
  kind: PortKind;
  /** Offline board file: its info.builtin_modules spares online look-ups. */
  boardJson: string;
  /** The file to send (build/app.js). */
  file: string;
  save: boolean;
  /** Serial baud rate (ESP32/ESP8266 USB-serial consoles). */
  baud?: number;
}

/** Modules the tool loads from here before trying the web: `modules/<name>.js`. */
export const MODULES_DIR = join(ROOT, "modules");

/**
 * The Storage file a plain upload writes and runs: a name of 8 characters or
 * fewer, the limit of older firmware.
 */
/**
 * The app's Storage file, beside its settings (http-get.json) as BangleApps
 * name theirs. Not "http-get": require("http-get") evaluates a Storage file
 * of that name (src/jswrap_modules.c), which must stay the module's.
 */
export const STORAGE_FILE = "http-get.app.js";

/**
 * Where the tool puts what it sends. "storage": the app is written to a
 * Storage file, then `load()` runs it from there, until reset or power-off.
 * "boot": written as boot code (.bootcde), which also runs at every power-on.
 * "ram": typed into the console (only for the erase command).
 *
 * The app always runs from flash: Espruino then keeps each function's text as
 * a pointer into flash (one variable block) instead of a copy in RAM
 * (src/jsparse.c), which takes the app's estimated footprint on an Espruino
 * WiFi from about 1,600 blocks to about 600 (`npm run bench`), and is the
 * only way it fits in an ESP8266's 1,600. Sent to the console, the 8 KiB bundle would also arrive
 * as one line, held whole in RAM while it is parsed.
 */
export type SendMode = "ram" | "storage" | "boot";

const SAVE_ON_SEND: Record<SendMode, string[]> = {
  ram: ["SAVE_ON_SEND=0"],
  // The tool ends the upload with load(STORAGE_FILE): a reset, then the file.
  storage: ["SAVE_ON_SEND=3", "SAVE_STORAGE_FILE=" + STORAGE_FILE, "LOAD_STORAGE_FILE=2"],
  // Boot code rather than save(): at every power-on the app starts from
  // its own code, with nothing carried over from a RAM image taken in the
  // middle of a request. Espruino runs the boot code, then E.on('init')
  // handlers, so src/main.ts must not start twice. (On Espruino for Linux a
  // restored image is worse: RegExp objects lose their methods, measured
  // on 2v29, as native addresses move between runs.) The tool ends with
  // load(), which runs it at once.
  boot: ["SAVE_ON_SEND=1", "LOAD_STORAGE_FILE=1"],
};

/** The tool's settings, each set explicitly so no default changes the upload. */
export function toolSettings(mode: SendMode): string[] {
  const settings = [
    // The bundle is already minified by terser at ecma 5; the tool's own
    // minifier (Esprima) mangles code Espruino then runs wrongly.
    "MINIFICATION_LEVEL=",
    "MODULE_MINIFICATION_LEVEL=",
    "PRETOKENISE=0",
    // No online compiler: the app has no "compiled" functions.
    "COMPILATION=false",
    "RESET_BEFORE_SEND=true",
    // require("X") of a module the firmware lacks: modules/X.js first.
    "MODULES_CWD=" + ROOT,
  ].concat(SAVE_ON_SEND[mode]);
  const args: string[] = [];
  for (const s of settings) args.push("--config", s);
  return args;
}

function connection(job: ToolJob): string[] {
  // The port must be followed by an option: the tool takes every following
  // word without a leading "-" or ".js" as one more port.
  const args = ["--port", job.port, "--board", job.boardJson];
  if (job.kind !== "bluetooth") args.push("--no-ble");
  if (job.kind === "serial" && job.baud) args.push("-b", String(job.baud));
  return args;
}

/** The command line that sends the app, after the tool's own script path. */
export function toolArgs(job: ToolJob): string[] {
  return connection(job).concat(toolSettings(job.save ? "boot" : "storage"), [job.file]);
}

/**
 * The command line that erases code saved earlier (save() or boot code), so
 * that after --save the board boots into this app alone.
 */
export function eraseArgs(job: ToolJob): string[] {
  return typedArgs(job, "reset(true)");
}

/** The command line that types `expr` into the console (nothing is written as code). */
export function typedArgs(job: ToolJob, expr: string): string[] {
  return connection(job).concat(toolSettings("ram"), ["-e", expr]);
}

/** What the board is asked before anything is sent: its process.env.BOARD. */
export const BOARD_QUESTION = 'print("BOARD="+process.env.BOARD)';

/** The command line that asks the board which board it is (typed, nothing written). */
export function probeArgs(job: ToolJob): string[] {
  return typedArgs(job, BOARD_QUESTION);
}

/** The board's answer to BOARD_QUESTION, or null when none came. */
export function reportedBoard(output: string): string | null {
  const m = /^--\] (?:>)?BOARD=(\S*)/m.exec(output);
  return m ? m[1] : null;
}

/** The tool's entry script, or a one-line error saying how to get it. */
export function toolScript(): string {
  try {
    return require.resolve("espruino/bin/espruino-cli.js", { paths: [ROOT] });
  } catch {
    throw new UsageError("the Espruino command-line tool is missing: run `npm install` (it comes with the npm package 'espruino')");
  }
}

/**
 * Modules the app requires that the board's firmware does not have built in:
 * calls require("name") with a literal name, as the tool finds them (a
 * "require(...)" inside a string is not one).
 */
export function externalModules(code: string, builtin: string[]): string[] {
  const out: string[] = [];
  const visit = (n: any): void => {
    if (!n || typeof n.type !== "string") return;
    if (n.type === "CallExpression" && n.callee.type === "Identifier" && n.callee.name === "require" &&
        n.arguments.length === 1 && typeof n.arguments[0].value === "string") {
      const name: string = n.arguments[0].value;
      if (builtin.indexOf(name) < 0 && out.indexOf(name) < 0) out.push(name);
    }
    for (const key of Object.keys(n)) {
      const v = n[key];
      if (Array.isArray(v)) v.forEach(visit);
      else if (v && typeof v === "object") visit(v);
    }
  };
  visit(acorn.parse(code, { ecmaVersion: 5 }));
  return out;
}

/** A module is local when modules/<name>.js exists; otherwise the tool downloads it. */
export function localModule(name: string): string | null {
  const file = join(MODULES_DIR, name + ".js");
  return existsSync(file) ? file : null;
}

/**
 * Why a run of the tool failed, read from its output; null when it worked.
 * `uploads` false: a run that only types an expression (no "Upload Complete").
 */
export function uploadProblem(output: string, job: ToolJob, uploads = true): string | null {
  // The tool's own warning, at the start of a line; the board's lines start with "--] ".
  const module = /^Module (\S+) not found/m.exec(output);
  if (module) {
    return `the module ${module[1]} could not be loaded: connect to the internet (the tool downloads it from https://www.espruino.com/modules), ` +
      `or save https://www.espruino.com/modules/${module[1]}.min.js as modules/${module[1]}.js`;
  }
  if (/ECONNREFUSED/.test(output)) {
    return `nothing accepts connections at ${job.port}: is the board on the network with its telnet console on (Espruino for Linux: start it with --telnet, port 2323)?`;
  }
  const received = /^RECEIVE ERROR: *(.*)$/m.exec(output);
  if (received) return connectionProblem(received[1], job);
  const crash = toolCrash(output);
  if (crash) return crash;
  if (/Port .* not found/.test(output) || /Unable to connect/.test(output)) {
    return `could not open ${job.port}: ${portHint(job.kind)}`;
  }
  if (/Prompt not detected/.test(output)) {
    return `the board did not answer at ${job.port}: is it running Espruino and is no other program (Web IDE, terminal) using the port?`;
  }
  if (uploads && !/Upload Complete/.test(output)) return `the Espruino tool stopped before it was done: ${lastLine(output, "")}`;
  // The tool shows what the board says as "--] " lines; Espruino always
  // answers a reset. Silence means something else is at that port.
  if (!/^--\] /m.test(output)) {
    return `nothing at ${job.port} answered like an Espruino console: is Espruino running there, at the right baud rate?`;
  }
  return null;
}

/** The tool's `RECEIVE ERROR: {"errno":...,"code":...}` as what to do. */
function connectionProblem(json: string, job: ToolJob): string {
  let e: { code?: string; hostname?: string } = {};
  try {
    e = JSON.parse(json);
  } catch {
    // not JSON: the code is looked for in the text below
  }
  const code = e.code || (/E[A-Z_]{4,}/.exec(json) || [""])[0];
  const host = e.hostname || job.port.replace(/^tcp:\/\//, "").replace(/:[0-9]+$/, "");
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") {
    return `the host '${host}' is not known (no DNS answer for it): check the name, or use the board's IP address (tcp://192.168.1.50:23)`;
  }
  if (code === "ETIMEDOUT" || code === "EHOSTUNREACH" || code === "ENETUNREACH") {
    return `no answer from ${job.port} (${code}): is the board on and on the same network as this computer?`;
  }
  return `the connection to ${job.port} failed (${code || "no reason given"}): ${portHint(job.kind)}`;
}

/**
 * The tool stopped with an uncaught exception (a stack trace, then
 * "Node.js v20...."): what it means, in one line. Bluetooth needs BlueZ's
 * D-Bus system bus; without it the tool's Bluetooth library throws.
 */
function toolCrash(output: string): string | null {
  if (!CRASH_START.test(output) && !/^Node\.js v[0-9]/m.test(output)) return null;
  if (/system_bus_socket|dbus/i.test(output)) {
    return "Bluetooth is not available on this computer (no D-Bus system bus: is BlueZ installed and running?): connect the board by USB and give its serial port, or use tcp://host:port";
  }
  const error = /^(\w*Error): (.*)$/m.exec(output);
  return `the Espruino tool crashed${error ? ": " + error[1] + ": " + error[2] : ""} (run the tool by hand with --verbose to see more)`;
}

/** The first line of an uncaught exception's report: the script and line it came from. */
const CRASH_START = /^(?:\/|[A-Za-z]:\\)\S*\.js:[0-9]+$/m;

function portHint(kind: PortKind): string {
  if (kind === "bluetooth") return "is the board advertising and in range, and is Bluetooth on (Linux: BlueZ and D-Bus)?";
  if (kind === "tcp") return "is the address right and the board reachable?";
  return "check the device name (Linux /dev/ttyACM0 or /dev/ttyUSB0, macOS /dev/cu.usbmodem..., Windows COM3), the cable, and that you may use it (Linux: the dialout group)";
}

function lastLine(output: string, containing: string): string {
  const lines = output.split(/\r?\n/).filter((l) => l.trim() !== "" && l.indexOf(containing) >= 0);
  return lines.length ? lines[lines.length - 1].trim() : "(no output)";
}

export interface ToolRun {
  output: string;
  exitCode: number | null;
  /** True when the time limit stopped the tool. */
  stopped: boolean;
}

/**
 * The tool's output gathered whole lines at a time, redacted, and passed on
 * as it comes, but for what uploadProblem() says better in one line: its
 * raw `RECEIVE ERROR` JSON and any stack trace (kept in `output` to read).
 */
function outputLines(redact: (t: string) => string, onOutput: (text: string) => void) {
  let output = "";
  let partial = "";
  let crashed = false;
  const shown = (line: string): boolean => {
    if (CRASH_START.test(line)) crashed = true;
    return !crashed && !/^RECEIVE ERROR/.test(line);
  };
  const emit = (text: string) => {
    const clean = redact(text);
    output += clean;
    const lines = clean.split("\n");
    const last = lines.pop();
    const keep = lines.filter(shown).map((l) => l + "\n").join("") + (last && shown(last) ? last : "");
    if (keep) onOutput(keep);
  };
  return {
    take(chunk: Buffer): void {
      partial += chunk.toString("latin1");
      const end = partial.lastIndexOf("\n") + 1;
      if (end > 0) emit(partial.slice(0, end));
      partial = partial.slice(end);
    },
    finish(): string {
      if (partial) emit(partial);
      partial = "";
      return output;
    },
    text: () => output,
  };
}

/**
 * Runs the tool; `onOutput` sees its output line by line as it comes, after
 * `redact`. After "Upload Complete" the tool waits for the board to go quiet,
 * which a chatty app may never do, so it then gets `quietMs` more at most.
 */
export function runTool(args: string[], onOutput: (text: string) => void, limitMs: number, quietMs: number, redact: (t: string) => string): Promise<ToolRun> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [toolScript()].concat(args), { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    const lines = outputLines(redact, onOutput);
    let stopped = false;
    let completed = false;
    const stop = () => {
      stopped = true;
      child.kill();
    };
    let timer = setTimeout(stop, limitMs);
    const take = (chunk: Buffer) => {
      lines.take(chunk);
      if (!completed && /Upload Complete/.test(lines.text())) {
        completed = true;
        clearTimeout(timer);
        timer = setTimeout(stop, quietMs);
      }
    };
    child.stdout.on("data", take);
    child.stderr.on("data", take);
    child.on("error", (e) => {
      clearTimeout(timer);
      reject(new UsageError(`could not start the Espruino tool: ${e.message}`));
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      resolvePromise({ output: lines.finish(), exitCode: code, stopped });
    });
  });
}

/** Errors the board itself printed (an app that threw at load, say). */
export function boardErrors(output: string): string[] {
  return output.split(/\r?\n/).filter((l) => /^--\] .*Uncaught/.test(l)).map((l) => l.slice(4).trim());
}
