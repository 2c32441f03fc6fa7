// The http-get module (npm run build:module) as users load it: its size, the
// footprint model's estimate per board, and what Espruino for Linux measured.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildModule } from "../tools/build-module";
import { getProfile } from "../board/profiles";
import { charsPerBlock, footprint } from "./footprint";

/** The most the module may take loaded from flash, before any request. */
export const MODULE_TARGET_BLOCKS = 250;

export interface ModuleSize {
  bytes: number;
  /** The footprint model's estimate from flash, per board (it counts every function as alive: a ceiling). */
  estimates: { board: string; blocks: number }[];
}

export async function moduleSize(boards: string[]): Promise<ModuleSize> {
  const dir = mkdtempSync(join(tmpdir(), "bench-module-"));
  try {
    const m = await buildModule({ outDir: dir, typeCheck: false });
    const estimates = boards.map((board) => {
      const cpb = charsPerBlock(getProfile(board).variables, board === "linux");
      return { board, blocks: footprint(m.minCode, cpb, "flash", true).blocks };
    });
    return { bytes: Buffer.byteLength(m.minCode, "latin1"), estimates };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
