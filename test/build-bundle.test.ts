// The bundle check refuses every construct Espruino runs wrongly, naming it
// and where it came from; the real build for every board passes it, parses as
// ES5 and fits the size budget.
import { test } from "node:test";
import assert from "node:assert/strict";
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as acorn from "acorn";
import { checkBundle, formatFindings } from "../tools/check-bundle";
import { regexProblem } from "../tools/check-regex";
import { protectStringStatements } from "../tools/string-statements";
import { bundle } from "../tools/bundle";
import { shortNames } from "../tools/short-names";
import { boardDefines, build, SIZE_BUDGET } from "../tools/build";
import { boardIds, getProfile, ROOT } from "../board/profiles";
import { RESERVED_NAMES } from "../board/espruino-globals";
import { unwrapClasses } from "../tools/unwrap-classes";
import ts from "typescript";

/** The one finding for `code`, as "source:line: construct". */
function only(code: string): string {
  const findings = checkBundle(code, "sample.js");
  assert.equal(findings.length, 1, formatFindings(findings) || "no finding for " + code);
  return formatFindings(findings);
}

test("each Espruino hazard in plain ES5 is named with its line", () => {
  const cases: [string, RegExp][] = [
    ["var a = [];\nvar b = Array.prototype.slice.call(a);", /^sample\.js:2: Array\.prototype\.slice \(built-in prototype methods/],
    ["var s = String.prototype.indexOf;", /^sample\.js:1: String\.prototype\.indexOf/],
    ["outer: for (;;) { break outer; }", /^sample\.js:1: labelled statement/],
    ["var ok = /a{2}/.test('aa');", /^sample\.js:1: RegExp \{n\} \/ \{n,m\} quantifier never matches on Espruino: \/a\{2\}\//],
    ["var ok = /(?:ab)c/;", /^sample\.js:1: RegExp non-capturing group/],
    ["var ok = /ab?c/;", /^sample\.js:1: RegExp \? quantifier/],
    ["var ok = /(ab)+/;", /^sample\.js:1: RegExp quantifier on a group/],
    ["var ok = /^a|b/;", /^sample\.js:1: RegExp alternative with \^ followed by another alternative/],
    ["var r = new RegExp('x{1,3}');", /^sample\.js:1: RegExp \{n\} .*RegExp\("x\{1,3\}"\)/],
    ["var p = 'a:b:c'.split(':', 2);", /^sample\.js:1: split\(separator, limit\): Espruino ignores the limit/],
    ["var m = new Map();", /^sample\.js:1: Map \(undefined on Espruino\)/],
    ["var s = Symbol('x');", /^sample\.js:1: Symbol \(undefined on Espruino\)/],
    ["var n = Number.MAX_SAFE_INTEGER;", /^sample\.js:1: Number\.MAX_SAFE_INTEGER \(undefined on Espruino\)/],
    ["var o = Object.freeze({});", /^sample\.js:1: Object\.freeze \(undefined on Espruino\)/],
    ["var x = 1;\nlet y = 2;", /^sample\.js:2: not ES5: /],
    ["var f = (a) => a;", /^sample\.js:1: not ES5: /],
    ["var i = s.indexOf('\\r\\n');", /^sample\.js:1: indexOf with a multi-character needle/],
    ["var i = '0.9 1.0'.indexOf(v);", /^sample\.js:1: indexOf with a multi-character needle/],
    ["function g(r) { var z = 0; if (r) { z = 2 }\n'a' === r && (z = 1); return z }", /^sample\.js:2: statement starting with a string right after a block/],
    ["function x() {}\nfunction f(o) { for (var i = 0; i < 1; i++) o[x = 'k'] = 1;\n for (var x in o) {} }", /^sample\.js:2: "x" used before its var in the same function \(Espruino does not hoist var/],
    ["var x = 1;\nvar of = 2;", /^sample\.js:2: a variable named of \(a keyword to Espruino's lexer/],
    ["function f(static) { return static }", /^sample\.js:1: a variable named static /],
  ];
  for (const [code, expected] of cases) assert.match(only(code), expected, code);
});

test("the minifier shortens the app's own names, never Espruino's or the language's", () => {
  const modules = ["src/client/get.ts", "src/app/device.ts", "src/device.ts", "src/http/head.ts"].map((f) => join(ROOT, f));
  const names = shortNames(ROOT, modules);
  for (const own of ["onHead", "maxRedirects", "firstByteMs", "reason", "kick", "options_"]) assert.ok(names.indexOf(own) >= 0, own);
  // Espruino's (src/device.ts), the language's (push, join, now of Date.now), Espruino's own of an app interface (memory),
  // and the settings file's keys, read from Storage by name (src/app/config.ts: timeoutMs, url, and expect's status).
  for (const kept of ["host", "port", "code", "message", "write", "end", "on", "push", "join", "length", "now", "memory", "timeoutMs", "url", "status"]) {
    assert.equal(names.indexOf(kept), -1, kept);
  }
});

test("a statement starting with a string after a block gets a ; in front, and then passes", () => {
  const code = 'function g(r){var z=0;if(r){z=2}"a"===r&&(z=1);try{z++}catch(e){}"b"===r&&(z=3);return z}';
  const fixed = protectStringStatements(code);
  assert.equal(fixed, 'function g(r){var z=0;if(r){z=2};"a"===r&&(z=1);try{z++}catch(e){};"b"===r&&(z=3);return z}');
  assert.deepEqual(checkBundle(fixed, "fixed.js"), []);
  const g = new Function(fixed + "; return g;")();
  // The ; changes nothing for a conforming engine.
  assert.deepEqual([g("a"), g("b"), g("c")], [2, 3, 3]);
});

test("plain ES5 that Espruino runs passes the check", () => {
  const fine = [
    "var a = [1, 2]; var b = a.slice(0); var c = [].slice.call(a);",
    "var ok = /^[A-Za-z0-9-]+$/.test('x') && /a|b/.test('b') && /x(a|b)y/.test('xay') && /\\d+/.test('1') && /[?{]/.test('?');",
    "var has = Object.prototype.hasOwnProperty.call({}, 'a');",
    "var p = 'a:b'.split(':'); for (var i = 0; i < p.length; i++) { if (i) break; }",
    "function K() {} K.prototype = Object.create(Object.prototype);",
    "var o = { of: 1, let: 2 }; var n = o.of + o.let;",
  ];
  for (const code of fine) assert.deepEqual(checkBundle(code, "fine.js"), [], code);
});

test("regex rules: what Espruino mishandles, and only that", () => {
  for (const p of ["ab?c", "a+?", "(ab)*", "(ab){2}", "a{2,}", "(?=a)", "(^a)|b", "x(^a|b)"]) assert.ok(regexProblem(p), p);
  for (const p of ["a\\?", "[?]", "a\\{2}", "b$|^a", "(ab|a)c", "[(]+", "^HTTP\\/1\\.[01]$", "[\\]?]"]) assert.equal(regexProblem(p), null, p);
});

/** A copy of the device program (tsconfig.json and src/) that a test may add files to. */
function projectCopy(): string {
  const root = mkdtempSync(join(tmpdir(), "build-bundle-"));
  cpSync(join(ROOT, "tsconfig.json"), join(root, "tsconfig.json"));
  cpSync(join(ROOT, "src"), join(root, "src"), { recursive: true });
  return root;
}

const LINUX_CONFIG = { url: "http://127.0.0.1:8080/" };

test("TypeScript Espruino cannot run is refused at its source line, even in a file nothing imports", async () => {
  const root = projectCopy();
  writeFileSync(join(root, "src", "zz-hazards.ts"), [
    "// Added to src/ by the test; main.ts does not import it.",
    "class B {",
    "  n = 1;",
    "}",
    "export class A extends B {}",
    "export function f(o: { a: number; b: number }): number {",
    "  const { a, ...rest } = o;",
    "  return a + rest.b + [...[1], 2].length;",
    "}",
  ].join("\n"));
  await assert.rejects(build({ root, board: "linux", configObject: LINUX_CONFIG, out: join(root, "app.js"), typeCheck: false }), (e: Error) => {
    assert.match(e.message, /^code Espruino cannot run:\n/);
    assert.match(e.message, /\nsrc\/zz-hazards\.ts:5: class \.\.\. extends \(the __extends helper fails at load/);
    assert.match(e.message, /\nsrc\/zz-hazards\.ts:7: object rest/);
    assert.match(e.message, /\nsrc\/zz-hazards\.ts:8: array spread/);
    return true;
  });
});

test("a type error in src/ fails the build, naming the file", async () => {
  const root = projectCopy();
  writeFileSync(join(root, "src", "zz-typo.ts"), "export const count: number = \"three\";\n");
  await assert.rejects(bundle({ root, intro: "", defines: boardDefines(getProfile("linux")) }), (e: Error) => {
    assert.match(e.message, /^type errors in src\/ \(the build stops on any\):\n/);
    assert.match(e.message, /src\/zz-typo\.ts\(1,14\): error TS2322/);
    return true;
  });
});

test("a string indexed with a computed position in src/ is refused at its line; the real src/ has none", async () => {
  const root = projectCopy();
  writeFileSync(join(root, "src", "zz-index.ts"), [
    "// Added to src/ by the test: on Espruino \"\\n\"[-1] throws.",
    "export function last(s: string, i: number, a: number[]): string {",
    "  const n = a[i - 1] + s.length;",
    "  return s[i - 1] + s[0] + s.charAt(n);",
    "}",
  ].join("\n"));
  await assert.rejects(bundle({ root, intro: "", defines: { BOARD_WIFI: "none", BOARD_TLS: true, BOARD_CHUNK: 536 } }), (e: Error) => {
    // Only the sample: array indexing, a literal index and charAt pass, and so does everything in src/.
    assert.equal(e.message, "code Espruino cannot run:\nsrc/zz-index.ts:4: string indexed with a computed position, s[i] (throws on Espruino when i < 0; use s.charAt(i))");
    return true;
  });
});

test("over the size budget the build fails and says by how much", async () => {
  const out = join(mkdtempSync(join(tmpdir(), "build-budget-")), "app.js");
  await assert.rejects(build({ board: "linux", configObject: LINUX_CONFIG, out, typeCheck: false, budget: 100 }), (e: Error) => {
    assert.match(e.message, /^the app for linux is [0-9]+ bytes minified, over the 100-byte budget \(SIZE_BUDGET in tools\/build\.ts\)/);
    return true;
  });
  assert.equal(existsSync(out), false, "nothing is written when the build fails");
});

test("build/app.js holds none of the config's values, and is the same file whatever the config", async () => {
  const dir = mkdtempSync(join(tmpdir(), "build-nosecrets-"));
  const config = {
    url: "http://sensor-host.example/reading?key=url-value-77", ssid: "ssid-value-café", password: "password-value-5x9",
    headers: { Authorization: "Bearer header-value-abc", "X-Api-Key": "header-value-def" },
  };
  const app = await build({ board: "espruino-wifi", configObject: config, config: "mine.json", out: join(dir, "app.js"), typeCheck: false, withSettings: true });
  const file = readFileSync(app.file, "latin1");
  for (const value of ["sensor-host.example", "url-value-77", "ssid-value", "password-value-5x9", "header-value-abc", "header-value-def", "Bearer"]) {
    assert.equal(file.indexOf(value), -1, `build/app.js holds "${value}"`);
  }
  const bare = await build({ board: "espruino-wifi", out: join(dir, "bare.js"), typeCheck: false });
  assert.equal(bare.code, app.code, "the config changes nothing in build/app.js");
  assert.equal(bare.settings, undefined);
  // The settings go to the board as JSON of the config's own keys, UTF-8.
  assert.deepEqual(JSON.parse(app.settings!), config);
  // app-with-settings.js: the settings file written first, then the very same app.
  const withSettings = readFileSync(app.withSettingsFile!, "latin1");
  assert.ok(withSettings.endsWith("\n" + app.code));
  const b64 = /^require\("Storage"\)\.write\("http-get\.json",atob\("([A-Za-z0-9+\/=]+)"\)\);\n/.exec(withSettings);
  assert.ok(b64, withSettings.slice(0, 80));
  assert.equal(Buffer.from(b64![1], "base64").toString("utf8"), app.settings);
});

test("the app for every board passes the check, parses as ES5 and fits the budget", async () => {
  for (const board of boardIds()) {
    const out = join(mkdtempSync(join(tmpdir(), "build-every-")), "app.js");
    const app = await build({ board, out, typeCheck: false, budget: Infinity });
    assert.deepEqual(checkBundle(app.code, board), [], board);
    assert.doesNotThrow(() => acorn.parse(app.code, { ecmaVersion: 5, sourceType: "script" }), board);
    assert.ok(app.bytes <= SIZE_BUDGET, `${board}: ${app.bytes} bytes, budget ${SIZE_BUDGET}`);
    assert.ok(app.code.indexOf('require("net")') >= 0, `${board}: require("net") is left for the interpreter`);
    // Its functions are at the top level, where Espruino's own names are: none is taken.
    const ast = acorn.parse(app.code, { ecmaVersion: 5, sourceType: "script" }) as unknown as { body: { type: string; id?: { name: string }; declarations?: { id: { name: string } }[] }[] };
    const topNames = ast.body.flatMap((st) => st.type === "FunctionDeclaration" ? [st.id!.name] : st.type === "VariableDeclaration" ? st.declarations!.map((d) => d.id.name) : []);
    assert.ok(topNames.length > 20, `${board}: ${topNames.length} names at the top level`);
    assert.deepEqual(topNames.filter((n) => RESERVED_NAMES.indexOf(n) >= 0), [], board);
  }
});

test("a class is a constructor and prototype methods at the module's level, and works the same", () => {
  const ts5 = ts.transpileModule("export class Counter {\n  n = 0;\n  constructor(public step: number) {}\n  add(): number { return (this.n += this.step); }\n}\nexport const c = new Counter(2);\n",
    { compilerOptions: { target: ts.ScriptTarget.ES5, module: ts.ModuleKind.ES2015, removeComments: false } }).outputText;
  assert.match(ts5, /\(function \(\) \{/);
  const flat = unwrapClasses(ts5);
  assert.equal(flat.split("\n").length, ts5.split("\n").length, "lines keep their numbers");
  assert.doesNotMatch(flat, /\(function \(\) \{|return Counter;/);
  assert.match(flat, /^function Counter\(step\) \{/m);
  assert.match(flat, /^ *Counter\.prototype\.add = function/m);
  const run = new Function(flat.replace(/^export \{.*$/gm, "").replace(/^export /gm, "") + "\nreturn [c.add(), c.add()];");
  assert.deepEqual(run(), [2, 4]);
});
