// npm run build -- [--board ID] [--config FILE] [--out FILE]
// Writes build/app.js: the one file uploaded to the board.
import { writeFileSync, mkdirSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { minify } from "terser";
import { bundle } from "./bundle";
import { checkConfig, CheckedConfig, readConfigFile } from "./config";
import { BoardProfile, boardIds, DEFAULT_BOARD, getProfile, ROOT, UsageError } from "../board/profiles";
import { CommandSpec, parseFlags, runMain } from "./cli";

/** The complete app for espruino-wifi must fit in this (minified bytes). */
export const SIZE_BUDGET = 13312;
export const DEFAULT_OUT = join(ROOT, "build", "app.js");

export interface BuildOptions {
  board?: string;
  config?: string;
  out?: string;
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
  /** Of those, the bytes of the embedded settings (not counted against the budget). */
  settings: number;
  code: string;
  board: BoardProfile;
  /** The checked config as embedded (holds the WiFi password: never print it). */
  config: CheckedConfig;
  /** Things that build but will not work as the user may expect. */
  warnings: string[];
}

/** `var APP_LED = D2` guarded so an absent pin is undefined, not a ReferenceError. */
function pinExpr(name: string): string {
  return `typeof ${name}!=="undefined"?${name}:undefined`;
}

/** The settings as build/app.js embeds them (JSON); the LED is a pin, not a setting. */
function settingsJson(config: CheckedConfig): string {
  const { led, led2, ...rest } = config;
  // The serial port is referenced as a pin-like global (APP_SERIAL), not by
  // name at run time: leaving the name out saves bytes on the board.
  if (rest.at) rest.at = { ...rest.at, serial: undefined } as unknown as typeof rest.at;
  return JSON.stringify(rest, (_key, v) => (typeof v === "string" ? boardText(v) : v));
}

/**
 * A user's text as the board must hold it: its UTF-8 bytes, one character
 * per byte. Espruino's strings are bytes: terser writes "ö" as "\xf6", which
 * the board holds as the one byte F6, while a network's password "ö" is
 * C3 B6. As bytes every character is below 256, so a U+2028 (a line break
 * to the bundler) becomes three plain bytes too.
 */
export function boardText(text: string): string {
  return Buffer.from(text, "utf8").toString("latin1");
}

/** Bytes the embedded settings take in the bundle: their object literal, minified. */
async function settingsBytes(config: CheckedConfig): Promise<number> {
  const out = await minify("x=" + settingsJson(config), { ecma: 5, format: { ascii_only: true } });
  return Buffer.byteLength(out.code!, "latin1") - "x=;".length;
}

function introFor(config: CheckedConfig): string {
  const lines = [`var APP_CONFIG=${settingsJson(config)};`, `var APP_LED=${pinExpr(config.led)};`];
  lines.push(`var APP_LED2=${config.led2 ? pinExpr(config.led2) : "undefined"};`);
  if (config.at) lines.push(`var APP_SERIAL=${pinExpr(config.at.serial)};`);
  return lines.join("\n");
}

/** Things that build but may not work as meant (none today: https without TLS is refused by the check). */
function warningsFor(_board: BoardProfile, _config: CheckedConfig): string[] {
  return [];
}

export async function build(opts: BuildOptions = {}): Promise<BuildResult> {
  const board = getProfile(opts.board || DEFAULT_BOARD);
  const configFile = opts.config || "config.json";
  const raw = opts.configObject || readConfigFile(configFile);
  const config = checkConfig(raw, configFile, board);
  const code = await bundle({
    intro: introFor(config),
    defines: { BOARD_WIFI: board.wifi, BOARD_TLS: board.tls },
    typeCheck: opts.typeCheck,
    root: opts.root,
  });
  const bytes = Buffer.byteLength(code, "latin1");
  // The budget is for the code: a long URL or extra headers in the user's
  // settings must not fail the build for reasons no change to src/ can fix.
  const settings = await settingsBytes(config);
  const budget = opts.budget ?? SIZE_BUDGET;
  if (bytes - settings > budget) {
    throw new UsageError(`the app for ${board.id} is ${bytes - settings} bytes of code minified (plus ${settings} of settings), over the ${budget}-byte budget (SIZE_BUDGET in tools/build.ts): every byte is RAM on the board`);
  }
  const file = opts.out || DEFAULT_OUT;
  writeOutput(file, code);
  return { file, bytes, settings, code, board, config, warnings: warningsFor(board, config) };
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

/** The one line the build prints, plus its warnings. */
export function reportBuild(r: BuildResult, log: (line: string) => void): void {
  log(`build: ${relative(process.cwd(), r.file) || r.file} for ${r.board.id}: ${r.bytes} bytes (code ${r.bytes - r.settings} + settings ${r.settings}; code budget ${SIZE_BUDGET})`);
  for (const w of r.warnings) log(`build: warning: ${w}`);
}

export const BUILD_HELP: CommandSpec = {
  usage: "npm run build --",
  summary: "Checks the config and writes the app for one board as one ES5 file (build/app.js), ready for `npm run upload`.",
  options: [
    { name: "board", value: "ID", help: `the board to build for: ${boardIds().join(", ")} (default ${DEFAULT_BOARD})` },
    { name: "config", value: "FILE", help: "the settings file (default config.json; copy config.example.json)" },
    { name: "out", value: "FILE", help: "where to write the app (default build/app.js)" },
  ],
  examples: ["npm run build -- --board esp32 --config config.json", "npm run build -- --board=linux --out=build/linux.js"],
};

if (require.main === module) {
  runMain("build", async () => {
    const flags = parseFlags(process.argv.slice(2), BUILD_HELP);
    const r = await build({ board: flags.board as string, config: flags.config as string, out: flags.out as string });
    reportBuild(r, (line) => console.log(line));
  });
}
