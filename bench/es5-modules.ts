// Device modules (src/) as the board runs them: each transpiled to ES5 by
// TypeScript, optionally instrumented with cost counters, and evaluated in a
// Node vm context with a minimal CommonJS loader for their relative imports.

import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import * as vm from "node:vm";
import ts from "typescript";
import { instrument } from "./cost-counter";

export function es5(file: string): string {
  return ts.transpileModule(readFileSync(file, "utf8"), {
    compilerOptions: { target: ts.ScriptTarget.ES5, module: ts.ModuleKind.CommonJS, removeComments: true },
    fileName: file,
  }).outputText;
}

/** The exports of `file` (a .ts path), its imports loaded the same way, in `context`. */
export function loadModule(file: string, context: vm.Context, counted: boolean): Record<string, any> {
  const cache = new Map<string, Record<string, any>>();
  function load(path: string): Record<string, any> {
    const hit = cache.get(path);
    if (hit) return hit;
    const exports: Record<string, any> = vm.runInContext("({})", context);
    cache.set(path, exports);
    let code = es5(path);
    if (counted) code = instrument(code);
    const fn = vm.runInContext(`(function (exports, require) {\n${code}\n})`, context, { filename: path });
    fn(exports, (spec: string) => load(resolve(dirname(path), spec + ".ts")));
    return exports;
  }
  return load(resolve(file));
}
