// npm run build -- [--board ID] [--config FILE] [--with-settings] [--out FILE]
// Writes build/app.js: the one file uploaded to the board, the same for every
// user of a board (the settings live on the board, in Storage). With
// --config the config file is checked too; with --with-settings also
// build/app-with-settings.js, which writes the settings file and runs the app
// (for `espruino build/app-with-settings.js` and the Web IDE): it holds the
// WiFi password.
import { writeFileSync, mkdirSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { bundle } from "./bundle";
import { checkConfig, CheckedConfig, readConfigFile, settingsText } from "./config";
import { BoardProfile, boardIds, DEFAULT_BOARD, getProfile, ROOT, UsageError } from "../board/profiles";
import { CommandSpec, parseFlags, runMain } from "./cli";
import { SETTINGS_FILE } from "../src/app/settings";

/**
 * The complete app for any board must fit in this (minified bytes). It holds
 * the status light, the JSON check and the settings check the board runs at
 * start (the settings live in Storage, so the board must judge them itself),
 * and the client's short paths for the usual head and body (a field line
 * read in one loop, a body only counted): on Espruino speed is text written
 * out where it runs. Uploaded, it runs from flash, where a function's text
 * stays, so the bytes cost flash more than RAM (the bench measures the RAM).
 */
export const SIZE_BUDGET = 22528;
export const DEFAULT_OUT = join(ROOT, "build", "app.js");
/** Beside the app: the app plus the settings, so it holds secrets (gitignored, like all of build/). */
export const WITH_SETTINGS_NAME = "app-with-settings.js";

export interface BuildOptions {
  board?: string;
  /** A config file to check (and to put in the settings file); none: the app alone. */
  config?: string;
  out?: string;
  /** Also write app-with-settings.js beside `out` (needs a config). */
  withSettings?: boolean;
  /** Override SIZE_BUDGET (tests). */
  budget?: number;
  /** false skips the type check (tests; npm test type-checks once). */
  typeCheck?: boolean;
  /** Config object instead of a file (tests); `config` then only names it in errors. */
  configObject?: Record<string, unknown>;
  /** Folder holding tsconfig.json and src/ (default: this repository; tests build a copy). */
  root?: string;
}

export interface BuildResult {
  file: string;
  bytes: number;
  code: string;
  board: BoardProfile;
  /** The checked config, when one was given (holds the WiFi password: never print it). */
  config?: CheckedConfig;
  /** The settings file's text for the board (SETTINGS_FILE), when a config was given. */
  settings?: string;
  /** app-with-settings.js, when asked for. */
  withSettingsFile?: string;
  /** Things that build but will not work as the user may expect. */
  warnings: string[];
}

/** The build's constants: facts about the board, never the user's settings. */
export function boardDefines(board: BoardProfile): Record<string, string | number | boolean> {
  return {
    BOARD_ID: board.id, BOARD_WIFI: board.wifi, BOARD_TLS: board.tls, BOARD_LED: board.led, BOARD_LED_LOW: board.ledActiveLow,
    BOARD_LED2: board.led2 || "",
    // "@": terser reads the value as an expression (an object or undefined).
    "@BOARD_AT": board.at ? JSON.stringify(board.at) : "void 0",
  };
}

/** Things that build but may not work as meant (none today: https without TLS is refused by the check). */
function warningsFor(_board: BoardProfile, _config: CheckedConfig | undefined): string[] {
  return [];
}

/** The config given as a file or object, checked, and the settings file's text; undefined when none was given. */
export function configFor(opts: BuildOptions, board: BoardProfile): { config: CheckedConfig; settings: string } | undefined {
  if (!opts.configObject && !opts.config) return undefined;
  const file = opts.config || "config.json";
  const raw = opts.configObject || readConfigFile(file);
  return { config: checkConfig(raw, file, board), settings: settingsText(raw) };
}

/**
 * A script that writes `settings` to the settings file, then runs `code`.
 * The text goes as base64 so the board gets its UTF-8 bytes as they are
 * (atob gives bytes; a string literal's \u escapes would be decoded).
 */
export function withSettingsScript(settings: string, code: string): string {
  const b64 = Buffer.from(settings, "utf8").toString("base64");
  return `require("Storage").write(${JSON.stringify(SETTINGS_FILE)},atob(${JSON.stringify(b64)}));\n` + code;
}

export async function build(opts: BuildOptions = {}): Promise<BuildResult> {
  const board = getProfile(opts.board || DEFAULT_BOARD);
  const given = configFor(opts, board);
  const config = given && given.config;
  if (opts.withSettings && !config) throw new UsageError(`--with-settings needs --config FILE: the settings to put in ${WITH_SETTINGS_NAME}`);
  const code = await bundle({ intro: "", defines: boardDefines(board), typeCheck: opts.typeCheck, root: opts.root });
  const bytes = Buffer.byteLength(code, "latin1");
  const budget = opts.budget ?? SIZE_BUDGET;
  if (bytes > budget) {
    throw new UsageError(`the app for ${board.id} is ${bytes} bytes minified, over the ${budget}-byte budget (SIZE_BUDGET in tools/build.ts): code is flash and RAM on the board`);
  }
  const file = opts.out || DEFAULT_OUT;
  writeOutput(file, code);
  const settings = given && given.settings;
  let withSettingsFile: string | undefined;
  if (opts.withSettings && settings) {
    withSettingsFile = join(dirname(file), WITH_SETTINGS_NAME);
    writeOutput(withSettingsFile, withSettingsScript(settings, code));
  }
  return { file, bytes, code, board, config, settings, withSettingsFile, warnings: warningsFor(board, config) };
}

/** Writes the app; a folder, a missing or unwritable place is one line saying so. */
export function writeOutput(file: string, code: string): void {
  const isFolder = (f: string) => {
    try {
      return statSync(f).isDirectory();
    } catch {
      return false;
    }
  };
  if (isFolder(file)) throw new UsageError(`--out ${file} is a folder: give a file name such as ${join(file, "app.js")}`);
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, code, "latin1");
  } catch (e) {
    const errno = (e as NodeJS.ErrnoException).code;
    const why = errno === "EACCES" || errno === "EPERM" ? "permission denied"
      : errno === "ENOTDIR" || errno === "EEXIST" ? "a part of the path is a file, not a folder"
      : errno === "EROFS" ? "the disk is read-only" : errno === "ENOENT" ? "its folder cannot be made there" : errno || "unknown reason";
    throw new UsageError(`cannot write ${file}: ${why} (choose another place with --out FILE)`);
  }
}

/** The lines the build prints, plus its warnings. */
export function reportBuild(r: BuildResult, log: (line: string) => void): void {
  const name = (f: string) => relative(process.cwd(), f) || f;
  log(`build: ${name(r.file)} for ${r.board.id}: ${r.bytes} bytes (budget ${SIZE_BUDGET}; no settings inside)` + (r.config ? "; config checked" : ""));
  if (r.withSettingsFile) log(`build: ${name(r.withSettingsFile)}: the app plus your settings, WiFi password included: keep it to yourself`);
  for (const w of r.warnings) log(`build: warning: ${w}`);
}

export const BUILD_HELP: CommandSpec = {
  usage: "npm run build --",
  summary: "Writes the app for one board as one ES5 file (build/app.js), the same for every user of that board, ready for `npm run upload`; checks a config when given one.",
  options: [
    { name: "board", value: "ID", help: `the board to build for: ${boardIds().join(", ")} (default ${DEFAULT_BOARD})` },
    { name: "config", value: "FILE", help: "a settings file to check (copy config.example.json); the app itself holds no settings" },
    { name: "with-settings", help: `also write ${WITH_SETTINGS_NAME} beside the app: the settings written to Storage, then the app (holds your WiFi password)` },
    { name: "out", value: "FILE", help: "where to write the app (default build/app.js)" },
  ],
  examples: ["npm run build -- --board esp32", "npm run build -- --board linux --config linux.json --with-settings", "npm run build -- --board=linux --out=build/linux.js"],
};

if (require.main === module) {
  runMain("build", async () => {
    const flags = parseFlags(process.argv.slice(2), BUILD_HELP);
    const r = await build({ board: flags.board as string, config: flags.config as string, out: flags.out as string, withSettings: flags["with-settings"] === true });
    reportBuild(r, (line) => console.log(line));
  });
}
