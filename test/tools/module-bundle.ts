// The module as `npm run build:module` writes it (http-get.min.js, the file
// users load), built once per test process into a temporary folder, and
// user programs that load it the way Espruino users do.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildModule, ModuleBuild, MODULE_NAME } from "../../tools/build-module";
import { runApp, type AppRun, type RunOptions, type VirtualClock } from "../../sim/index";

let built: Promise<ModuleBuild> | undefined;

export function builtModule(): Promise<ModuleBuild> {
  if (!built) built = buildModule({ outDir: mkdtempSync(join(tmpdir(), "module-bundle-")), typeCheck: false });
  return built;
}

/** `program` after the line that caches the module, as `Modules.addCached(name, source)` in a user's code. */
export function withCachedModule(source: string, program: string): string {
  return `Modules.addCached(${JSON.stringify(MODULE_NAME)}, ${JSON.stringify(source)});\n${program}`;
}

/**
 * Runs a user program that loads the module with Modules.addCached on a
 * simulated board (Espruino for Linux unless given), on the virtual clock
 * until nothing is left to do.
 */
export async function runWithModule(program: string, opts: Partial<RunOptions> = {}): Promise<AppRun> {
  const { minCode } = await builtModule();
  const run = runApp({ board: "linux", ...opts, code: withCachedModule(minCode, program) });
  (run.clock as VirtualClock).runUntilIdle();
  return run;
}

/**
 * Program text: `report(err, res)` prints one JSON line of what a callback
 * got (or of a promise's outcome), with the header looked up in another case.
 */
export const REPORT = `function report(err, res) {
  print(JSON.stringify(err ? { err: err, res: res } : { status: res.status, statusText: res.statusText, url: res.url,
    bytes: res.bytes, body: res.body, type: res.header("CONTENT-type"), headers: res.headers,
    timings: typeof res.timings.totalMs, hasBody: "body" in res }));
}
`;

/** The JSON lines a program printed with report(). */
export function reports(run: AppRun): Record<string, any>[] {
  return run.printed.filter((l) => l[0] === "{").map((l) => JSON.parse(l));
}
