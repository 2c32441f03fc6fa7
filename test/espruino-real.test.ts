// `npm run test:espruino` on a real interpreter, when ESPRUINO_BIN names one
// (Espruino for Linux): the spec cases and the fault matrix's rows judged by
// Espruino itself, not by Node. CI has no interpreter: then this is skipped.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";

const bin = process.env.ESPRUINO_BIN;
const ROOT = join(import.meta.dirname, "..");

test("test:espruino passes on the interpreter named by ESPRUINO_BIN", { skip: bin ? false : "ESPRUINO_BIN is not set: no real Espruino to run test:espruino on" }, () => {
  const run = spawnSync(process.execPath, ["--import", "tsx", join(ROOT, "tools", "test-espruino.ts"), "--bin", bin!], { cwd: ROOT, encoding: "latin1" });
  const out = (run.stdout || "") + (run.stderr || "");
  assert.equal(run.status, 0, out);
  assert.match(out, /^\d+ passed, 0 failed$/m);
});
