// TypeScript to one minified ES5 file (tools/bundle.ts keeps what it built): type-check the device program (an error
// fails the build), transpile each module to ES5 with tsc, bundle them into one
// file with rollup (its functions at the top level), minify with terser at ecma 5. Board constants are folded
// in by terser so code for other boards' WiFi drops out.
import { readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import ts from "typescript";
import { rollup, Plugin } from "rollup";
import { minify } from "terser";
import { ROOT, UsageError } from "../board/profiles";
import { checkBundle, Finding, formatFindings } from "./check-bundle";
import { protectStringStatements } from "./string-statements";
import { sourceLineMapper } from "./source-lines";
import { shortNamePattern } from "./short-names";
import { typeHazards } from "./check-types";
import { unwrapClasses } from "./unwrap-classes";
import { freeStartOnly } from "./start-only";
import { inlineMarked, markedNames, stringsInPlace } from "./inline";
import { inlineOnce } from "./inline-once";
import { RESERVED_NAMES } from "../board/espruino-globals";

export interface BundleInput {
  /** Code placed first in the bundle. */
  intro?: string;
  /** Compile-time constants (terser global_defs), e.g. the WiFi kind. */
  defines: Record<string, string | number | boolean>;
  /** Entry module relative to `root` (default src/main.ts). */
  entry?: string;
  /** Folder holding tsconfig.json and src/ (default: this repository). */
  root?: string;
  /** false skips the whole-program type check (tests that build many times). */
  typeCheck?: boolean;
  /**
   * Modules outside src/ (relative to `root`) compiled and checked the same
   * way: a test driver that runs device code on a real board.
   */
  extraModules?: string[];
  /**
   * "app" (default): a program that runs at load, its functions at the top level. "module": an Espruino
   * module, its API on `exports`, helpers at module level, nothing run at load.
   */
  format?: "app" | "module";
  /** Property names kept as they are even where the short names (tools/short-names.ts) match them (a module's public API). */
  keepProperties?: string[];
  /** Top-level names that code sent later uses (a test driver's, typed at the console): never given to a variable of the bundle. */
  globals?: string[];
  /** A comment put first in the output (a module's licence header). */
  preamble?: string;
}

/** A module bundle both ways: as rollup joined it (comments kept) and minified. */
export interface ModuleBundle {
  readable: string;
  min: string;
}

interface DeviceProgram {
  options: ts.CompilerOptions;
  /** Every file tsconfig.json lists, declarations included. */
  fileNames: string[];
  /** Every device module (src/**), declaration files excluded. */
  modules: string[];
}

function deviceProgram(root: string): DeviceProgram {
  const file = join(root, "tsconfig.json");
  const read = ts.readConfigFile(file, ts.sys.readFile);
  if (read.error) throw new UsageError(`${file}: ${ts.flattenDiagnosticMessageText(read.error.messageText, " ")}`);
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, root);
  return { options: parsed.options, fileNames: parsed.fileNames, modules: parsed.fileNames.filter((f) => !f.endsWith(".d.ts")) };
}

/**
 * Type errors of the device program (tsconfig.json in `root`), formatted
 * (empty when there are none), and the hazards only types reveal
 * (tools/check-types.ts), each with `file:line`.
 */
export function typeCheck(root: string = ROOT): { errors: string; findings: Finding[] } {
  const device = deviceProgram(root);
  const program = ts.createProgram(device.fileNames, { ...device.options, noEmit: true });
  const errors = ts.formatDiagnostics(ts.getPreEmitDiagnostics(program), {
    getCanonicalFileName: (f) => f,
    getCurrentDirectory: () => root,
    getNewLine: () => "\n",
  });
  return { errors, findings: errors ? [] : typeHazards(program, root, device.modules) };
}

/**
 * Every device module compiled to ES5, each checked on its own so a finding
 * names the file it came from. All of src/ is checked, imported or not:
 * anything there can end up on the board.
 */
function compileModules(root: string, findings: Finding[], comments: boolean, extra: string[] = []): Map<string, string> {
  const program = deviceProgram(root);
  const options = {
    ...program.options, noEmit: false, module: ts.ModuleKind.ES2015, sourceMap: true, inlineSourceMap: false,
    removeComments: program.options.removeComments && !comments,
  };
  const out = new Map<string, string>();
  for (const file of program.modules.concat(extra.map((f) => resolve(root, f)))) {
    const result = ts.transpileModule(readFileSync(file, "utf8"), { compilerOptions: options, fileName: file });
    const js = unwrapClasses(result.outputText.replace(/\n\/\/# sourceMappingURL=.*\s*$/, "\n"));
    const map = JSON.parse(result.sourceMapText || '{"mappings":""}') as { mappings: string };
    findings.push(...checkBundle(js, relative(root, file), true, sourceLineMapper(map.mappings)));
    out.set(resolve(file), js);
  }
  return out;
}

function compiledModules(compiled: Map<string, string>): Plugin {
  return {
    name: "typescript-es5",
    resolveId(source, importer) {
      if (!importer || !source.startsWith(".")) return null;
      return resolve(importer, "..", source + ".ts");
    },
    load(id) {
      const js = compiled.get(resolve(id));
      if (js === undefined) throw new UsageError(`${id} is not a device module (only src/ files listed by tsconfig.json are)`);
      return { code: js, map: null };
    },
  };
}

async function rollupJoin(root: string, input: BundleInput, compiled: Map<string, string>): Promise<string> {
  try {
    const build = await rollup({
      input: resolve(root, input.entry || "src/main.ts"),
      plugins: [compiledModules(compiled)],
      onwarn(w) {
        throw new UsageError("bundling: " + w.message);
      },
    });
    // A module's names stay in the module's own scope: Espruino runs a
    // module's text with `exports` in scope and keeps only what it exports.
    // The app's are at the top level, not in an IIFE: on Espruino a function
    // keeps a link to the scope it was made in, and one made inside a
    // function that is inside another keeps an array of both scopes, 3
    // variable blocks more for each (measured on 2v29 for Linux: 40 functions
    // at the top level of a file load() runs take 4 blocks each, in an IIFE
    // 5, two calls deep 8; the linux app idle after a request: 864 blocks in
    // an IIFE, 722 without).
    const { output } = await build.generate(input.format === "module"
      ? { format: "cjs", exports: "named", esModule: false, generatedCode: "es5", strict: false }
      : { format: "es", intro: input.intro, generatedCode: "es5", strict: false });
    await build.close();
    return output[0].code;
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError("bundling: " + (e as Error).message);
  }
}

/** Type check, hazard check of every module, then rollup: the joined ES5 text. */
/** The whole-program type check and the hazards only types reveal: throws UsageError naming every one. */
export function checkTypes(root: string = ROOT): void {
  const types = typeCheck(root);
  if (types.errors) throw new UsageError("type errors in src/ (the build stops on any):\n" + types.errors.trim());
  if (types.findings.length) throw new UsageError("code Espruino cannot run:\n" + formatFindings(types.findings));
}

async function joined(input: BundleInput): Promise<string> {
  const root = input.root || ROOT;
  if (input.typeCheck !== false) checkTypes(root);
  const findings: Finding[] = [];
  const compiled = compileModules(root, findings, input.format === "module", input.extraModules);
  if (findings.length) throw new UsageError("code Espruino cannot run:\n" + formatFindings(findings));
  return rollupJoin(root, input, compiled);
}

/** Text that is shipped: string statements protected, then checked again (it must not bring hazards back). */
function checked(code: string, name: string): string {
  const out = protectStringStatements(code);
  const late = checkBundle(out, name);
  if (late.length) throw new UsageError("code Espruino cannot run:\n" + formatFindings(late));
  return out;
}

/** The functions the device sources mark @inline, or @once (their comments are gone from what tsc emits). */
function inlined(root: string, mark = "inline"): string[] {
  return deviceProgram(root).modules.flatMap((file) => markedNames(readFileSync(file, "utf8"), mark));
}

async function minified(code: string, input: BundleInput): Promise<string> {
  const root = input.root || ROOT;
  // Functions marked @once (called in one place) and @inline are put in
  // place first, and string constants (tools/inline-once.ts, tools/inline.ts).
  const min = await minify(stringsInPlace(inlineMarked(inlineOnce(code, inlined(root, "once")), inlined(root))), {
    ecma: 5,
    // The top level is the app's (or the module's own scope): its names are
    // shortened and what is unused is dropped, leaving Espruino's own names
    // and the words its lexer takes for keywords alone (board/espruino-globals.ts).
    toplevel: true,
    compress: { reduce_funcs: false, global_defs: input.defines, passes: 3, hoist_funs: true, unsafe: false },
    // The app's own property names get short ones (tools/short-names.ts).
    mangle: { reserved: RESERVED_NAMES.concat(input.globals || []), properties: { regex: shortNamePattern(root, deviceProgram(root).modules), reserved: input.keepProperties || [], builtins: true } },
    format: { ascii_only: true, comments: false, preamble: input.preamble },
  });
  return min.code!;
}

/** The minified ES5 bundle, built now; throws UsageError on a type error or hazard (tools/bundle.ts keeps it). */
export async function compileBundle(input: BundleInput): Promise<string> {
  // Its start-only functions are let go once it has started (tools/start-only.ts).
  return checked(freeStartOnly(await minified(await joined(input), input)), "build/app.js");
}

/** An Espruino module (format "module"), readable and minified, both checked. */
export async function bundleModule(input: BundleInput, name: string): Promise<ModuleBundle> {
  const all = { ...input, format: "module" as const };
  const code = await joined(all);
  const preamble = input.preamble ? input.preamble + "\n" : "";
  return { readable: checked(preamble + code, name + ".js"), min: checked(await minified(code, all), name + ".min.js") };
}
