// The app as tests run it: build/app.js for a board, built once per board
// for a whole `npm test` run (cached on disk under the OS's temp folder, keyed
// by a hash of everything the build reads), and a config put in the way
// `npm run upload` and `npm run configure` put it: checked by the build's own
// check, then as the settings file in the board's Storage. Test files run in
// parallel processes, so none of them writes the real build/app.js.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { build, configFor } from "../../tools/build";
import { SETTINGS_FILE } from "../../src/app/settings";
import { getProfile, ROOT } from "../../board/profiles";

const CACHE = join(tmpdir(), "pico-http-get-bundles");
const SOURCES = ["src", "tools", "board", "tsconfig.json", "package-lock.json"];
const bundles = new Map<string, Promise<string>>();

export interface Bundle {
  file: string;
  code: string;
  /** The board's Storage after an upload with this config: the settings file (UTF-8 bytes as latin1). */
  storage: Record<string, string>;
}

function filesUnder(path: string, out: string[]): string[] {
  if (statSync(path).isDirectory()) for (const name of readdirSync(path).sort()) filesUnder(join(path, name), out);
  else out.push(path);
  return out;
}

let sourceHash: string | undefined;
/** A hash of every file the build reads: a change anywhere makes a fresh build. */
function sourcesHash(): string {
  if (!sourceHash) {
    const h = createHash("sha1");
    for (const top of SOURCES) {
      for (const f of filesUnder(join(ROOT, top), [])) h.update(relative(ROOT, f) + "\0").update(readFileSync(f)).update("\0");
    }
    sourceHash = h.digest("hex").slice(0, 16);
  }
  return sourceHash;
}

/** build/app.js for `board`, built at most once per change of the sources. */
export function appFile(board: string): Promise<string> {
  let p = bundles.get(board);
  if (!p) {
    const file = join(CACHE, `${board}-${sourcesHash()}.js`);
    p = existsSync(file) ? Promise.resolve(file) : buildInto(board, file);
    bundles.set(board, p);
  }
  return p;
}

async function buildInto(board: string, file: string): Promise<string> {
  mkdirSync(CACHE, { recursive: true });
  // Another test process may build the same file: each writes its own, and
  // the rename makes whichever lands a whole file.
  const part = `${file}.${process.pid}.part`;
  await build({ board, out: part, typeCheck: false });
  renameSync(part, file);
  return file;
}

/** The settings file's bytes for `config` on `board`, as the build checks and writes them. */
export function settingsFor(board: string, config: Record<string, unknown>): string {
  const checked = configFor({ configObject: config, config: "config.json" }, getProfile(board))!;
  return Buffer.from(checked.settings, "utf8").toString("latin1");
}

/** The built app for `board` with `config` (an object, as config.json would hold). */
export async function buildApp(board: string, config: Record<string, unknown>): Promise<Bundle> {
  const file = await appFile(board);
  return { file, code: readFileSync(file, "latin1"), storage: { [SETTINGS_FILE]: settingsFor(board, config) } };
}
