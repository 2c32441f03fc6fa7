// TypeScript to one minified ES5 file: type-check the device program (an error
// fails the build), transpile each module to ES5 with tsc, bundle them into one
// IIFE with rollup, minify with terser at ecma 5. Board constants are folded
// in by terser so code for other boards' WiFi drops out.
import { readFileSync } from "node:fs";
import { join, relative } from "node:path";
import ts from "typescript";
import { rollup, Plugin } from "rollup";
import { minify } from "terser";
import { ROOT, UsageError } from "./profiles";
import { checkBundle, Finding, formatFindings } from "./check-bundle";

export interface BundleInput {
  /** Code placed first inside the IIFE: the embedded config and the LED pin. */
  intro: string;
  /** Compile-time constants (terser global_defs), e.g. the WiFi kind. */
  defines: Record<string, string | number | boolean>;
  entry?: string;
  /** false skips the whole-program type check (tests that build many times). */
  typeCheck?: boolean;
}

function deviceCompilerOptions(): ts.CompilerOptions {
  const file = join(ROOT, "tsconfig.json");
  const read = ts.readConfigFile(file, ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, ROOT);
  return parsed.options;
}

/** Type errors of the device program, formatted; empty when there are none. */
export function typeCheck(): string {
  const file = join(ROOT, "tsconfig.json");
  const read = ts.readConfigFile(file, ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, ROOT);
  const program = ts.createProgram(parsed.fileNames, { ...parsed.options, noEmit: true });
  const diags = ts.getPreEmitDiagnostics(program);
  return ts.formatDiagnostics(diags, {
    getCanonicalFileName: (f) => f,
    getCurrentDirectory: () => ROOT,
    getNewLine: () => "\n",
  });
}

function typescriptEs5(findings: Finding[]): Plugin {
  const options = { ...deviceCompilerOptions(), noEmit: false, module: ts.ModuleKind.ES2015, sourceMap: false };
  return {
    name: "typescript-es5",
    resolveId(source, importer) {
      if (!importer || !source.startsWith(".")) return null;
      return join(importer, "..", source + ".ts");
    },
    transform(code, id) {
      if (!id.endsWith(".ts")) return null;
      const out = ts.transpileModule(code, { compilerOptions: options, fileName: id }).outputText;
      // Checked per module so a finding names the file it came from.
      findings.push(...checkBundle(out, relative(ROOT, id) + " (as compiled)", true));
      return { code: out, map: null };
    },
  };
}

/** The minified ES5 bundle; throws UsageError on a type error or hazard. */
export async function bundle(input: BundleInput): Promise<string> {
  const errors = input.typeCheck === false ? "" : typeCheck();
  if (errors) throw new UsageError("type errors in src/ (the build stops on any):\n" + errors.trim());
  const findings: Finding[] = [];
  const build = await rollup({
    input: join(ROOT, input.entry || "src/main.ts"),
    plugins: [typescriptEs5(findings)],
    onwarn(w) {
      throw new UsageError("bundling: " + w.message);
    },
  });
  const { output } = await build.generate({ format: "iife", intro: input.intro, generatedCode: "es5", strict: false });
  await build.close();
  if (findings.length) throw new UsageError("code Espruino cannot run:\n" + formatFindings(findings));
  const min = await minify(output[0].code, {
    ecma: 5,
    compress: { global_defs: input.defines, passes: 2, unsafe: false },
    mangle: true,
    format: { ascii_only: true, comments: false },
  });
  const code = min.code!;
  const late = checkBundle(code, "build/app.js");
  if (late.length) throw new UsageError("code Espruino cannot run:\n" + formatFindings(late));
  return code;
}

export function readText(path: string): string {
  return readFileSync(path, "utf8");
}
