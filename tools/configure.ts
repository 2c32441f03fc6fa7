// npm run configure -- --port PORT [--config FILE] [--board ID]
// Checks the config, rewrites only the settings file on the board
// (http-get.json in its Storage) and restarts the app, so the new settings
// take effect at once: no build, no code sent. Prints what changed by key,
// never a value. The comparison happens on the board: the old settings
// (and the old password) never leave it.
import { CommandSpec, parseFlags, runMain } from "./cli";
import { checkConfig, readConfigFile, settingsText } from "./config";
import { boardIds, BoardProfile, getProfile, loadProfiles, UsageError } from "../board/profiles";
import { probeArgs, reportedBoard, STORAGE_FILE, ToolJob, typedArgs } from "./espruino-tool";
import { boardModules, boardProblem, portKind, redactor, runChecked } from "./upload";
import { boardChanges, changeLines, configureExpr } from "./board-settings";
import { SETTINGS_FILE } from "../src/app/settings";

export interface ConfigureOptions {
  port: string;
  /** The board profile; by default the one the board says it is. */
  board?: string;
  /** The config file (default config.json). */
  config?: string;
  /** Config object instead of a file (tests); `config` then only names it in errors. */
  configObject?: Record<string, unknown>;
  /** Receives the tool's output (default: nothing is shown). */
  onOutput?: (text: string) => void;
}

export interface ConfigureResult {
  board: BoardProfile;
  /** `key: changed|unchanged|added|removed|set`, one per key. */
  changes: string[];
  /** Whether an app was on the board to restart. */
  restarted: boolean;
  /** The tool's output (the WiFi password blanked out). */
  output: string;
}

/** The profile of the board that answered, or the one asked for once it matches. */
function boardFor(reported: string | null, asked: string | undefined, port: string): BoardProfile {
  if (asked) {
    const board = getProfile(asked);
    const problem = boardProblem(reported, board, port);
    if (problem) throw new UsageError(problem.replace("this app is built for", "the settings are for").replace("build for it", "configure it"));
    return board;
  }
  const all = loadProfiles();
  const fits = Object.keys(all).filter((id) => reported !== null && all[id].reportsBoard.indexOf(reported) >= 0);
  if (fits.length === 1) return getProfile(fits[0]);
  if (reported === null) throw new UsageError(`the board at ${port} did not say which board it is (process.env.BOARD): is it running Espruino?`);
  throw new UsageError(`the board at ${port} is a ${reported}: say which with --board (${fits.length ? fits.join(", ") : boardIds().join(", ")})`);
}

export async function configure(opts: ConfigureOptions): Promise<ConfigureResult> {
  if (!opts.port) throw new UsageError("option --port is required: the board's serial device, Bluetooth address or tcp://host:port");
  const kind = portKind(opts.port);
  const out = opts.onOutput || (() => undefined);
  const file = opts.config || "config.json";
  const raw = opts.configObject || readConfigFile(file);
  // Checked for the board asked for first, so a bad config costs no connection.
  if (opts.board) checkConfig(raw, file, getProfile(opts.board));
  const probeBoard = getProfile(opts.board || "linux");
  const redact = redactor(typeof raw.password === "string" ? raw.password : "");
  const job: ToolJob = { port: opts.port, kind, boardJson: boardModules(probeBoard).file, file: "", save: false, baud: probeBoard.consoleBaud };
  const probe = await runChecked(probeArgs(job), job, out, redact, false);
  const board = boardFor(reportedBoard(probe), opts.board, opts.port);
  checkConfig(raw, file, board);
  const text = settingsText(raw);
  const output = await runChecked(typedArgs({ ...job, boardJson: boardModules(board).file }, configureExpr(text, STORAGE_FILE)), job, out, redact);
  const changes = boardChanges(output);
  if (!changes.answered) throw new UsageError(`the board at ${opts.port} did not confirm the new settings: run configure again, or look at ${SETTINGS_FILE} in the Web IDE's Storage view`);
  return { board, changes: changeLines(changes, Object.keys(raw)), restarted: changes.restarted, output };
}

export const CONFIGURE_HELP: CommandSpec = {
  usage: "npm run configure --",
  summary: `Checks the config and writes it to the board as ${SETTINGS_FILE} (nothing else), then restarts the app so it runs with it; prints what changed by key, never a value.`,
  options: [
    { name: "port", value: "PORT", help: "the board: a serial device (/dev/ttyACM0, COM3), a Bluetooth address or tcp://host:port (telnet console); required" },
    { name: "config", value: "FILE", help: "the settings file (default config.json)" },
    { name: "board", value: "ID", help: `the board: ${boardIds().join(", ")} (default: the one the board says it is)` },
  ],
  examples: ["npm run configure -- --port /dev/ttyACM0", "npm run configure -- --port tcp://127.0.0.1:2323 --config linux.json"],
};

if (require.main === module) {
  runMain("configure", async () => {
    const flags = parseFlags(process.argv.slice(2), CONFIGURE_HELP);
    const r = await configure({ port: flags.port as string, board: flags.board as string, config: flags.config as string });
    for (const line of r.changes) console.log(`configure: ${line}`);
    console.log(r.restarted
      ? `configure: ${SETTINGS_FILE} written on the ${r.board.id} at ${flags.port}; the app restarted with it`
      : `configure: ${SETTINGS_FILE} written on the ${r.board.id} at ${flags.port}; no app there to restart (npm run upload sends it)`);
  });
}
