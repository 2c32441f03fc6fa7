// The app's bundle and the module's, built once per change of the sources: the compiler, the
// bundler and the minifier (tools/compile.ts) are loaded only when there is
// something to build, so a command that finds its build kept starts at once.
// The type check covers the whole program, whatever the board: it is kept
// apart, and runs once for all boards.
import { ROOT } from "../board/profiles";
import { buildKey, cachedText } from "./build-cache";
import type { BundleInput, ModuleBundle } from "./compile";

export type { BundleInput, ModuleBundle };

/** The whole-program type check of `root`, once per change of the sources; throws UsageError naming every problem. */
export async function checkedTypes(root: string): Promise<void> {
  await cachedText(buildKey(root, "type check"), async () => {
    (await import("./compile")).checkTypes(root);
    return "passed";
  });
}

/**
 * What `make` builds from `input` (type-checked first unless asked not to),
 * kept under the sources' hash and `input`, `what` telling builds of the
 * same input apart.
 */
async function kept(input: BundleInput, what: string, make: (compile: typeof import("./compile"), input: BundleInput) => Promise<string>): Promise<string> {
  const root = input.root || ROOT;
  if (input.typeCheck !== false) await checkedTypes(root);
  const request = { ...input, root: undefined, typeCheck: undefined, what: what || undefined };
  return cachedText(buildKey(root, request, input.extraModules), async () => make(await import("./compile"), { ...input, typeCheck: false }));
}

/** The minified ES5 bundle; throws UsageError on a type error or hazard. */
export function bundle(input: BundleInput): Promise<string> {
  return kept(input, "", (compile, checkedInput) => compile.compileBundle(checkedInput));
}

/** Escapes every character past ASCII: the cache keeps text as bytes. */
function ascii(json: string): string {
  return json.replace(/[\u007f-\uffff]/g, (c) => "\\u" + ("000" + c.charCodeAt(0).toString(16)).slice(-4));
}

/** An Espruino module, readable and minified (tools/compile.ts bundleModule), built once per change of the sources. */
export async function moduleBundle(input: BundleInput, name: string): Promise<ModuleBundle> {
  const text = await kept(input, "module " + name, async (compile, checkedInput) => ascii(JSON.stringify(await compile.bundleModule(checkedInput, name))));
  return JSON.parse(text) as ModuleBundle;
}
