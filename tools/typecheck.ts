// npm run typecheck: the device program (tsconfig.json), with the hazards
// only its types reveal, as the build checks it and kept with the build's
// (tools/bundle.ts), so a build of the same sources skips it; and the host's
// code (tsconfig.host.json), by tsc beside it. Exits 1 on any error.
import { spawn } from "node:child_process";
import { join } from "node:path";
import { ROOT } from "../board/profiles";
import { runMain } from "./cli";
import { checkedTypes } from "./bundle";

function hostCheck(): Promise<string> {
  return new Promise((resolve) => {
    const tsc = join(ROOT, "node_modules", "typescript", "bin", "tsc");
    const child = spawn(process.execPath, [tsc, "-p", join(ROOT, "tsconfig.host.json"), "--noEmit"], { cwd: ROOT });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d));
    child.stderr.on("data", (d: Buffer) => (out += d));
    child.on("close", (code) => resolve(code === 0 ? "" : out.trim() || "tsc -p tsconfig.host.json failed"));
  });
}

async function main(): Promise<void> {
  const host = hostCheck();
  let device = "";
  try {
    await checkedTypes(ROOT);
  } catch (e) {
    device = (e as Error).message;
  }
  const problems = [device, await host].filter((p) => p);
  if (problems.length) {
    console.error(problems.join("\n"));
    process.exitCode = 1;
  }
}

if (require.main === module) runMain("typecheck", main);
