// The app's bundle, built once per change of the sources: the compiler, the
// bundler and the minifier (tools/compile.ts) are loaded only when there is
// something to build, so a command that finds its build kept starts at once.
// The type check covers the whole program, whatever the board: it is kept
// apart, and runs once for all boards.
import { ROOT } from "../board/profiles";
import { buildKey, cachedText } from "./build-cache";
import type { BundleInput } from "./compile";

export type { BundleInput };

/** The whole-program type check of `root`, once per change of the sources; throws UsageError naming every problem. */
export async function checkedTypes(root: string): Promise<void> {
  await cachedText(buildKey(root, "type check"), async () => {
    (await import("./compile")).checkTypes(root);
    return "passed";
  });
}

/** The minified ES5 bundle; throws UsageError on a type error or hazard. */
export async function bundle(input: BundleInput): Promise<string> {
  const root = input.root || ROOT;
  if (input.typeCheck !== false) await checkedTypes(root);
  const request = { ...input, root: undefined, typeCheck: undefined };
  return cachedText(buildKey(root, request, input.extraModules), async () => (await import("./compile")).compileBundle({ ...input, typeCheck: false }));
}
