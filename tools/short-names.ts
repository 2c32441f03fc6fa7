// The property names the minifier may shorten. Property names survive
// minification, and code is RAM on the board, so the app's own names get
// short ones: members ending in `_`, and every member of the interfaces,
// type literals and classes the app's modules declare (settings, the device
// object, get()'s options and result, parsed URLs, ...). Never a name that
// Espruino or the language gives or reads: any access of a name is renamed,
// whatever the object, so the names of Espruino's API (src/device.ts,
// src/types/espruino.d.ts: host, port, code, message, password, rx, tx,
// free, on, write, end, ...) and of the language's built-ins (length, push,
// join, ...) stay.
import { readFileSync } from "node:fs";
import { join, relative } from "node:path";
import ts from "typescript";

/** Where the names of Espruino's API are declared (relative to the root). */
export const ESPRUINO_API = ["src/device.ts", "src/types/espruino.d.ts"];
/**
 * Where the settings' keys are declared: the app reads them by name from the
 * settings file in Storage (src/app/settings.ts), so they stay as they are.
 */
export const SETTINGS_KEYS = ["src/app/config.ts"];

/** Names of members declared in `file`: of interfaces, type literals and classes. */
function memberNames(file: string): Set<string> {
  const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.ES2015, true);
  const out = new Set<string>();
  const visit = (n: ts.Node): void => {
    if ((ts.isPropertySignature(n) || ts.isMethodSignature(n) || ts.isPropertyDeclaration(n) || ts.isMethodDeclaration(n)) &&
        (ts.isIdentifier(n.name) || ts.isStringLiteral(n.name))) {
      out.add(n.name.text);
    }
    ts.forEachChild(n, visit);
  };
  visit(source);
  return out;
}

/** The language's own objects (ECMAScript, not Node's or the web's additions). */
const LANGUAGE = [
  "Object", "Function", "Array", "String", "Number", "Boolean", "Math", "JSON", "Date", "RegExp", "Promise",
  "Error", "TypeError", "RangeError", "SyntaxError", "ReferenceError", "EvalError", "URIError",
  "ArrayBuffer", "DataView", "Int8Array", "Uint8Array", "Uint8ClampedArray", "Int16Array", "Uint16Array",
  "Int32Array", "Uint32Array", "Float32Array", "Float64Array",
];
/** Properties the language puts on instances rather than prototypes (a match, an error). */
const INSTANCE_PROPERTIES = ["index", "input", "groups", "lastIndex", "message", "name", "stack", "length"];

/** Property names of the language's own objects, as V8 has them (a superset of Espruino's). */
function languageNames(): Set<string> {
  const out = new Set<string>(INSTANCE_PROPERTIES);
  for (const name of LANGUAGE) {
    const value = (globalThis as unknown as Record<string, { prototype?: object }>)[name];
    out.add(name);
    for (let o: object | null = value; o; o = Object.getPrototypeOf(o)) Object.getOwnPropertyNames(o).forEach((k) => out.add(k));
    for (let o: object | null = value.prototype || null; o; o = Object.getPrototypeOf(o)) Object.getOwnPropertyNames(o).forEach((k) => out.add(k));
  }
  // The global functions: parseInt, isNaN, encodeURIComponent, ...
  for (const k of Object.getOwnPropertyNames(globalThis)) if (typeof (globalThis as Record<string, unknown>)[k] === "function") out.add(k);
  return out;
}

/**
 * The app's own member names in `modules` (device modules; declaration
 * files and Espruino's API are not the app's), sorted.
 */
export function shortNames(root: string, modules: string[]): string[] {
  const keep = languageNames();
  for (const f of ESPRUINO_API.concat(SETTINGS_KEYS)) memberNames(join(root, f)).forEach((n) => keep.add(n));
  const own = new Set<string>();
  for (const file of modules) {
    if (file.endsWith(".d.ts") || ESPRUINO_API.indexOf(relative(root, file).split("\\").join("/")) >= 0) continue;
    memberNames(file).forEach((n) => own.add(n));
  }
  return [...own].filter((n) => !keep.has(n)).sort();
}

/** The minifier's property regex: `_`-suffixed names and the app's own. */
export function shortNamePattern(root: string, modules: string[]): RegExp {
  return new RegExp("_$|^(" + shortNames(root, modules).join("|") + ")$");
}
