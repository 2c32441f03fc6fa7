// The app as tests run it: build/app.js for a board, built once per board
// for a whole `npm test` run (the build keeps what it built, tools/build-cache.ts),
// and a config put in the way `npm run upload` and `npm run configure` put it:
// checked by the build's own check, then as the settings file in the board's
// Storage. Test files run in parallel processes, so none of them writes the
// real build/app.js.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build, configFor } from "../../tools/build";
import { SETTINGS_FILE } from "../../src/app/settings";
import { getProfile } from "../../board/profiles";

const bundles = new Map<string, Promise<string>>();
let dir: string | undefined;

export interface Bundle {
  file: string;
  code: string;
  /** The board's Storage after an upload with this config: the settings file (UTF-8 bytes as latin1). */
  storage: Record<string, string>;
}

/** build/app.js for `board`, written to a folder of this test process's own. */
export function appFile(board: string): Promise<string> {
  let p = bundles.get(board);
  if (!p) {
    if (!dir) {
      const made = (dir = mkdtempSync(join(tmpdir(), "pico-http-get-test-")));
      process.once("exit", () => rmSync(made, { recursive: true, force: true }));
    }
    p = build({ board, out: join(dir, board + ".js"), typeCheck: false }).then((r) => r.file);
    bundles.set(board, p);
  }
  return p;
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
