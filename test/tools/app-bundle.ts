// Builds build/app.js variants for tests into a temporary folder, once per
// (board, config) in each test process. Test files run in parallel processes,
// so none of them writes the real build/app.js.
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createHash } from "node:crypto";
import { build } from "../../tools/build";

const dir = mkdtempSync(join(tmpdir(), "app-bundle-"));
const cache = new Map<string, Promise<string>>();

export interface Bundle {
  file: string;
  code: string;
}

/** The built app for `board` with `config` (an object, as config.json would hold). */
export async function buildApp(board: string, config: Record<string, unknown>): Promise<Bundle> {
  const key = createHash("sha1").update(board + JSON.stringify(config)).digest("hex").slice(0, 12);
  let p = cache.get(key);
  if (!p) {
    const out = join(dir, `${board}-${key}.js`);
    p = build({ board, configObject: config, config: "config.json", out, typeCheck: false }).then((r) => r.file);
    cache.set(key, p);
  }
  const file = await p;
  return { file, code: readFileSync(file, "latin1") };
}
