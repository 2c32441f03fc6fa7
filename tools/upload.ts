// npm run upload -- --port PORT [--board ID] [--config FILE] [--save] [--out FILE]
// Builds build/app.js and checks the config, then sends both to the board
// with the Espruino command-line tool: the settings file (http-get.json in
// Storage, tools/board-settings.ts), then the app exactly as built
// (tools/espruino-tool.ts has the tool's settings). PORT is a serial device,
// a Bluetooth address, or tcp://host:port (an Espruino telnet console).
import { readFileSync, existsSync } from "node:fs";
import { relative } from "node:path";
import { build, BuildOptions, BuildResult, reportBuild } from "./build";
import { CommandSpec, parseFlags, runMain } from "./cli";
import { boardIds, boardJsonFile, BoardProfile, DEFAULT_BOARD, loadProfiles, ROOT, UsageError } from "../board/profiles";
import {
  boardErrors, eraseArgs, externalModules, localModule, PortKind, probeArgs, reportedBoard, runTool, toolArgs, ToolJob, typedArgs, uploadProblem,
} from "./espruino-tool";
import { writeSettingsExpr } from "./board-settings";

/** How long the whole upload may take, and how long after "Upload Complete". */
const TOOL_LIMIT_MS = 120000;
const AFTER_COMPLETE_MS = 10000;
const MAC_ADDRESS = /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/i;
/** The shortest password worth hiding: shorter ones would blank out ordinary words. */
const REDACT_MIN = 4;

export interface UploadOptions extends BuildOptions {
  port: string;
  save?: boolean;
  /** Receives the tool's output (default: this process's stdout). */
  onOutput?: (text: string) => void;
}

export interface UploadResult {
  build: BuildResult;
  /** The tool's whole output (the WiFi password blanked out). */
  output: string;
  args: string[];
  /** What the board printed as errors after the upload. */
  boardErrors: string[];
}

/** What kind of port the user named; a malformed tcp:// address is an error. */
export function portKind(port: string): PortKind {
  if (/^tcp:\/\//.test(port)) {
    const m = /^tcp:\/\/([^:/\s]+)(:([0-9]+))?$/.exec(port);
    const n = m && m[3] ? Number(m[3]) : 23;
    if (!m || n < 1 || n > 65535) {
      throw new UsageError(`option --port '${port}' is not a telnet address such as tcp://192.168.1.50:23 or tcp://127.0.0.1:2323`);
    }
    return "tcp";
  }
  return MAC_ADDRESS.test(port) ? "bluetooth" : "serial";
}

export function boardModules(board: BoardProfile): { file: string; builtin: string[] } {
  const file = boardJsonFile(board);
  if (!existsSync(file)) throw new UsageError(`board file ${relative(ROOT, file)} is missing: it lists what the ${board.id} firmware has built in`);
  const json = JSON.parse(readFileSync(file, "utf8"));
  return { file, builtin: (json.info && json.info.builtin_modules) || [] };
}

/** Lines to tell the user before the upload about modules the tool must fetch. */
export function moduleNotes(code: string, board: BoardProfile, builtin: string[]): string[] {
  return externalModules(code, builtin).map((name) => localModule(name)
    ? `upload: ${name} is not built into the ${board.id} firmware: sending modules/${name}.js with the app`
    : `upload: ${name} is not built into the ${board.id} firmware: the Espruino tool downloads it from https://www.espruino.com/modules (needs the internet; or put it in modules/${name}.js)`);
}

export function redactor(password: string): (text: string) => string {
  if (password.length < REDACT_MIN) return (t) => t;
  const forms = [password, JSON.stringify(password).slice(1, -1)];
  return (t) => forms.reduce((acc, f) => acc.split(f).join("********"), t);
}

/** Builds, then uploads with the Espruino tool; throws UsageError with what to do. */
export async function upload(opts: UploadOptions): Promise<UploadResult> {
  if (!opts.port) throw new UsageError("option --port is required: a serial device (/dev/ttyACM0, COM3), a Bluetooth address (aa:bb:cc:dd:ee:ff) or tcp://host:port");
  const kind = portKind(opts.port);
  const out = opts.onOutput || ((t: string) => process.stdout.write(t));
  // The settings go with the app: the config file, config.json unless named.
  const built = await build({ ...opts, config: opts.config || (opts.configObject ? undefined : "config.json") });
  reportBuild(built, (line) => out(line + "\n"));
  const modules = boardModules(built.board);
  for (const note of moduleNotes(built.code, built.board, modules.builtin)) out(note + "\n");
  const job: ToolJob = { port: opts.port, kind, boardJson: modules.file, file: built.file, save: !!opts.save, baud: built.board.consoleBaud };
  const redact = redactor(built.config ? built.config.password : "");
  let output = await runChecked(probeArgs(job), job, out, redact, false);
  const problem = boardProblem(reportedBoard(output), built.board, opts.port);
  if (problem) throw new UsageError(problem);
  if (job.save) output += await runChecked(eraseArgs(job), job, out, redact);
  // The settings first, typed (nothing of them is shown): the app reads
  // them as soon as it starts.
  output += await runChecked(typedArgs(job, writeSettingsExpr(built.settings!)), job, out, redact);
  const args = toolArgs(job);
  output += await runChecked(args, job, out, redact);
  return { build: built, output, args, boardErrors: boardErrors(output) };
}

/**
 * Why the board that answered is not the one the app was built for, naming
 * it (and the --board that fits); null when it is. An app for other firmware
 * would fail there with UNSUPPORTED or worse.
 */
export function boardProblem(reported: string | null, board: BoardProfile, port: string): string | null {
  if (reported === null) return `the board at ${port} did not say which board it is (process.env.BOARD): is it running Espruino?`;
  if (board.reportsBoard.indexOf(reported) >= 0) return null;
  const all = loadProfiles();
  const fits = Object.keys(all).filter((id) => all[id].reportsBoard.indexOf(reported) >= 0);
  const hint = fits.length ? `build for it with --board ${fits.join(" or --board ")}` : `no board profile fits it (known boards: ${boardIds().join(", ")})`;
  return `the board at ${port} is a ${reported}, but this app is built for ${board.id} (${board.reportsBoard.join(" or ")}): nothing was sent; ${hint}`;
}

/** One run of the tool; its output, or a UsageError saying what went wrong. */
export async function runChecked(args: string[], job: ToolJob, out: (t: string) => void, redact: (t: string) => string, uploads = true): Promise<string> {
  const run = await runTool(args, out, TOOL_LIMIT_MS, AFTER_COMPLETE_MS, redact);
  const problem = uploadProblem(run.output, job, uploads);
  if (problem) throw new UsageError(problem);
  if (run.exitCode !== 0 && !run.stopped) throw new UsageError(`the Espruino tool failed (exit code ${run.exitCode}); its output is above`);
  return run.output;
}

/** How to see what the app prints: the Espruino tool as a terminal. */
export function watchCommand(port: string, board: BoardProfile): string {
  const baud = portKind(port) === "serial" && board.consoleBaud ? ` -b ${board.consoleBaud}` : "";
  return `npx espruino --port ${port}${baud}`;
}

export const UPLOAD_HELP: CommandSpec = {
  usage: "npm run upload --",
  summary: "Builds the app and checks the config, checks that the board at the port is the one it is built for, and sends the settings (http-get.json in Storage) and the app with the Espruino tool; it starts at once.",
  options: [
    { name: "port", value: "PORT", help: "the board: a serial device (/dev/ttyACM0, COM3), a Bluetooth address (aa:bb:cc:dd:ee:ff) or tcp://host:port (telnet console); required" },
    { name: "board", value: "ID", help: `the board: ${boardIds().join(", ")} (default ${DEFAULT_BOARD})` },
    { name: "config", value: "FILE", help: "the settings file (default config.json)" },
    { name: "out", value: "FILE", help: "where the built app is written first (default build/app.js)" },
    { name: "save", help: "keep the app on the board: it runs again at every power-on" },
  ],
  examples: ["npm run upload -- --port /dev/ttyACM0", "npm run upload -- --board=esp32 --port=/dev/ttyUSB0 --save", "npm run upload -- --board linux --port tcp://192.168.1.50:2323"],
};

if (require.main === module) {
  runMain("upload", async () => {
    const flags = parseFlags(process.argv.slice(2), UPLOAD_HELP);
    const save = flags.save === true;
    const r = await upload({
      port: flags.port as string, board: flags.board as string, config: flags.config as string, out: flags.out as string, save,
    });
    for (const e of r.boardErrors) process.stderr.write(`upload: the board reported: ${e}\n`);
    console.log(`upload: the ${r.build.board.id} app (${r.build.bytes} bytes) is on the board at ${flags.port}` +
      (save ? "; saved, so it runs again at power-on" : "; it runs until reset or power-off (--save keeps it)") +
      `; watch what it prints: ${watchCommand(flags.port as string, r.build.board)}`);
  });
}
