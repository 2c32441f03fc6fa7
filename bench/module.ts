// The http-get module (npm run build:module) as users load it: its size, the
// footprint model's estimate per board, and what Espruino for Linux measured.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildModule } from "../tools/build-module";
import { getProfile } from "../board/profiles";
import { charsPerBlock, footprint } from "./footprint";

/**
 * What a request adds, measured on Espruino 2v29 for Linux at fae4f50, side
 * by side in one run against a local server sending 256 KiB: the peak while
 * the body streams less the usage just before the request, sampled at every
 * socket `data` event by the same wrapper of require("net") for the module
 * and for build/app.js (run from Storage as `npm run upload` does). The
 * module's idle figure is measured by every `npm run bench -- --espruino`
 * (interpreter-memory.ts).
 */
export const MODULE_REQUEST_MEASURED = { request: 327, appRequest: 356 };
/** The module's budget when loaded from flash, before any request (issue "The client as an Espruino module"). */
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
