// The app built for every board profile, as a user would build it (its
// settings, config.example.json, checked and kept apart for the board's Storage), into a temporary folder: its size and its estimated
// footprint in the board's variable blocks (footprint.ts).

import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build, SIZE_BUDGET } from "../tools/build";
import { getProfile, loadProfiles, ROOT } from "../board/profiles";
import { SETTINGS_FILE } from "../src/app/settings";
import { charsPerBlock, footprint, Footprint } from "./footprint";

export interface BoardSize {
  board: string;
  bytes: number;
  /** Code over the build's hard budget: the real build refuses it. */
  overBudget: boolean;
  variables: number;
  /** Run from flash, as `npm run upload` does. */
  footprint: Footprint;
  /** Typed into the console instead: every function's text in RAM. */
  footprintRam: Footprint;
  /** The built code, for the other benchmarks. */
  code: string;
  /** The board's Storage with the settings file, as an upload leaves it. */
  storage: Record<string, string>;
}

/**
 * config.example.json as a user fills it in, pointed at `url`: its
 * placeholders (which the build refuses) replaced by text as long.
 */
export function exampleConfig(url: string): Record<string, unknown> {
  const example = JSON.parse(readFileSync(join(ROOT, "config.example.json"), "utf8"));
  return { ...example, ssid: "n".repeat(example.ssid.length), password: "p".repeat(example.password.length), url };
}

export async function sizes(url: string): Promise<BoardSize[]> {
  const dir = mkdtempSync(join(tmpdir(), "bench-build-"));
  const out: BoardSize[] = [];
  try {
    for (const board of Object.keys(loadProfiles())) {
      const profile = getProfile(board);
      const r = await build({
        board,
        configObject: exampleConfig(url),
        config: "config.example.json",
        out: join(dir, board + ".js"),
        typeCheck: false,
        budget: Infinity,
      });
      const cpb = charsPerBlock(profile.variables, board === "linux");
      out.push({
        board,
        bytes: r.bytes,
        overBudget: r.bytes > SIZE_BUDGET,
        variables: profile.variables,
        footprint: footprint(r.code, cpb, "flash"),
        footprintRam: footprint(r.code, cpb, "ram"),
        code: r.code,
        storage: { [SETTINGS_FILE]: Buffer.from(r.settings!, "utf8").toString("latin1") },
      });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return out;
}
