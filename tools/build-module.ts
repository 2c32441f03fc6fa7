// npm run build:module [-- --out DIR]
// Writes the client as an Espruino module, built from the same sources as the
// app by the same pipeline (tools/bundle.ts): build/modules/http-get.js
// (readable, with its comments), http-get.min.js (what boards load) and
// http-get.d.ts (the API of src/module/api.ts, for TypeScript users).
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import ts from "typescript";
import { moduleBundle } from "./bundle";
import { ROOT, UsageError } from "../board/profiles";
import { CommandSpec, parseFlags, runMain } from "./cli";
import { externalModules } from "./espruino-tool";

/** The name users require() it by, and its files' base name. */
export const MODULE_NAME = "http-get";
export const MODULE_ENTRY = "src/module/http-get.ts";
export const MODULE_API = "src/module/api.ts";
export const MODULE_OUT = join(ROOT, "build", "modules");

const VERSION = (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string }).version;
/** EspruinoDocs' module header: a copyright line and the licence. */
export const LICENCE = `/* Copyright (c) 2026 the pico-http-get authors. License: MIT. http-get ${VERSION}: HTTP/1.1 GET over a raw socket, see http-get.md */`;

export interface ModuleBuild {
  dir: string;
  /** Paths of the three files written. */
  readable: string;
  min: string;
  types: string;
  minCode: string;
  readableCode: string;
}

function apiSource(root: string): ts.SourceFile {
  const file = join(root, MODULE_API);
  return ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.ES5, true);
}

/** Every property and method name the public API declares: the minifier keeps them. */
export function publicNames(root: string = ROOT): string[] {
  const names: string[] = [];
  const visit = (n: ts.Node): void => {
    if ((ts.isPropertySignature(n) || ts.isMethodSignature(n)) && ts.isIdentifier(n.name) && names.indexOf(n.name.text) < 0) {
      names.push(n.name.text);
    }
    ts.forEachChild(n, visit);
  };
  visit(apiSource(root));
  return names;
}

/**
 * The API's declarations as one ambient module, `declare module "http-get"`,
 * so that a TypeScript project that includes the file types
 * require("http-get") / import from "http-get". Types api.ts imports from the
 * device code (the error codes) are copied in from where they are defined.
 */
export function declarations(root: string = ROOT): string {
  const api = apiSource(root);
  const parts: string[] = [];
  for (const s of api.statements) {
    if (ts.isImportDeclaration(s)) {
      const from = join(root, "src/module", (s.moduleSpecifier as ts.StringLiteral).text + ".ts");
      const source = ts.createSourceFile(from, readFileSync(from, "utf8"), ts.ScriptTarget.ES5, true);
      const wanted = ((s.importClause!.namedBindings as ts.NamedImports).elements).map((e) => e.name.text);
      for (const d of source.statements) {
        if ((ts.isTypeAliasDeclaration(d) || ts.isInterfaceDeclaration(d)) && wanted.indexOf(d.name.text) >= 0) parts.push(d.getText(source));
      }
    }
  }
  const out = ts.transpileDeclaration(api.getFullText(), { fileName: api.fileName, compilerOptions: { removeComments: false } });
  const own = out.outputText.split("\n").filter((l) => !/^import /.test(l) && l.trim() !== "export {};").join("\n").trim();
  const body = parts.concat(own, "export const get: HttpGet[\"get\"];").join("\n\n");
  return `${LICENCE}\n// require("${MODULE_NAME}") in TypeScript: include this file in your project.\ndeclare module "${MODULE_NAME}" {\n` +
    body.split("\n").map((l) => (l ? "  " + l : l)).join("\n") + "\n}\n";
}

export async function buildModule(opts: { outDir?: string; root?: string; typeCheck?: boolean } = {}): Promise<ModuleBuild> {
  const root = opts.root || ROOT;
  const built = await moduleBundle({
    entry: MODULE_ENTRY,
    root,
    defines: {},
    typeCheck: opts.typeCheck,
    keepProperties: publicNames(root),
    preamble: LICENCE,
  }, MODULE_NAME);
  // The Espruino tools fetch any module they see required by a literal name,
  // "tls" too on a board without it: the module names none.
  const required = externalModules(built.min, []);
  if (required.length) throw new UsageError(`the module must not call require() with a literal name: require("${required[0]}")`);
  const dir = opts.outDir || MODULE_OUT;
  mkdirSync(dir, { recursive: true });
  const file = (ext: string) => join(dir, MODULE_NAME + ext);
  writeFileSync(file(".js"), built.readable, "latin1");
  writeFileSync(file(".min.js"), built.min, "latin1");
  writeFileSync(file(".d.ts"), declarations(root));
  return { dir, readable: file(".js"), min: file(".min.js"), types: file(".d.ts"), minCode: built.min, readableCode: built.readable };
}

export const BUILD_MODULE_HELP: CommandSpec = {
  usage: "npm run build:module --",
  summary: `Writes the client as an Espruino module: ${MODULE_NAME}.min.js (to load with require("${MODULE_NAME}")), ${MODULE_NAME}.js (readable) and ${MODULE_NAME}.d.ts.`,
  options: [{ name: "out", value: "DIR", help: "the folder to write them to (default build/modules)" }],
  examples: ["npm run build:module", "npm run build:module -- --out=modules"],
};

if (require.main === module) {
  runMain("build:module", async () => {
    const flags = parseFlags(process.argv.slice(2), BUILD_MODULE_HELP);
    const r = await buildModule({ outDir: flags.out as string });
    const bytes = Buffer.byteLength(r.minCode, "latin1");
    console.log(`build:module: ${relative(process.cwd(), r.min) || r.min}: ${bytes} bytes; also ${MODULE_NAME}.js (readable) and ${MODULE_NAME}.d.ts`);
  });
}
