// The module's files and the three ways Espruino users load it: the Espruino
// tool's module lookup in a project's modules/ folder (the real command-line
// tool, uploading to the stand-in console), Modules.addCached, and a Storage
// file. Each loaded copy then fetches a URL in the simulation.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as acorn from "acorn";
import ts from "typescript";
import { runApp, respond, httpResponse, type VirtualClock, type ScriptedNet } from "../sim/index";
import { checkBundle } from "../tools/check-bundle";
import { runTool, toolSettings } from "../tools/espruino-tool";
import { LICENCE, MODULE_NAME } from "../tools/build-module";
import { ROOT } from "../board/profiles";
import { startFakeConsole } from "./tools/fake-espruino-console";
import { builtModule, reports, REPORT } from "./tools/module-bundle";

const SERVERS = { "example.com:80": respond(httpResponse('{"v":1}', { headers: [["Content-Type", "application/json"]] })) };
const PROGRAM = `${REPORT}require("${MODULE_NAME}").get("http://example.com/v", {}, report);`;

function runProgram(code: string) {
  const run = runApp({ board: "linux", code, servers: SERVERS });
  (run.clock as VirtualClock).runUntilIdle();
  assert.deepEqual(run.uncaught, []);
  const out = reports(run);
  assert.equal(out.length, 1, run.printed.join(" | "));
  assert.equal(out[0].body, '{"v":1}');
  assert.equal(out[0].type, "application/json");
  return run;
}

test("the min file: the licence header, no other comment, the API on exports, helpers at module level, no hazard", async () => {
  const m = await builtModule();
  const comments: acorn.Comment[] = [];
  const ast = acorn.parse(m.minCode, { ecmaVersion: 5, sourceType: "script", onComment: comments }) as unknown as { body: any[] };
  assert.ok(m.minCode.startsWith(LICENCE + "\n"));
  assert.deepEqual(comments.map((c) => c.value), [LICENCE.slice(2, -2)]);
  for (const s of ast.body) {
    const exported = s.type === "ExpressionStatement" && s.expression.type === "AssignmentExpression" &&
      s.expression.left.type === "MemberExpression" && s.expression.left.object.name === "exports";
    // A class's methods are put on its prototype at the module's level (tools/unwrap-classes.ts): defined, not run.
    const isMethod = (e: any) => e.type === "AssignmentExpression" && e.left.type === "MemberExpression" &&
      e.left.object.type === "MemberExpression" && e.left.object.property.name === "prototype" && e.right.type === "FunctionExpression";
    const method = s.type === "ExpressionStatement" && (s.expression.type === "SequenceExpression" ? s.expression.expressions.every(isMethod) : isMethod(s.expression));
    assert.ok(s.type === "FunctionDeclaration" || s.type === "VariableDeclaration" || exported || method, `a top-level ${s.type} runs at load`);
  }
  assert.deepEqual(checkBundle(m.minCode, "http-get.min.js"), []);
  assert.deepEqual(checkBundle(m.readableCode, "http-get.js"), []);
  assert.ok(m.readableCode.startsWith(LICENCE) && /\/\/ /.test(m.readableCode), "the readable file keeps its comments");
});

test("loading the module runs nothing: no timer, socket, print or require; it exports get alone", async () => {
  const { minCode } = await builtModule();
  const code = `var before = Object.keys(Modules); Modules.addCached("${MODULE_NAME}", ${JSON.stringify(minCode)}); var m = require("${MODULE_NAME}");`;
  const run = runApp({ board: "linux", code, servers: SERVERS });
  const ctx = run.app.context as { m: Record<string, unknown> };
  assert.deepEqual(Object.keys(ctx.m), ["get"]);
  assert.equal(run.stats().liveTimers, 0);
  assert.equal((run.net as ScriptedNet).connections.length, 0);
  assert.deepEqual(run.printed, []);
});

test("the .d.ts types require(\"http-get\") for TypeScript users and catches a wrong use", async () => {
  const m = await builtModule();
  const dir = mkdtempSync(join(tmpdir(), "module-dts-"));
  const user = join(dir, "user.ts");
  writeFileSync(user, `import { get, HttpGetResponse } from "http-get";
const req = get("http://example.com/", { timeout: 5000, onData: (d: string) => d.length }, (err, res) => {
  if (err) console.log(err.code === "TIMEOUT", err.message);
  else if (res) console.log(res.status + 1, res.header("etag"), res.timings.totalMs);
});
req.abort();
get("http://example.com/").then((r: HttpGetResponse) => r.body);
const wrong: string = get("http://x/", () => undefined);
declare const console: { log(...a: unknown[]): void };
`);
  const program = ts.createProgram([m.types, user], { strict: true, noEmit: true, target: ts.ScriptTarget.ES2015, lib: ["lib.es2015.d.ts"], types: [] });
  const errors = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, " "));
  assert.equal(errors.length, 1, errors.join("\n"));
  assert.match(errors[0], /HttpGetRequest.* is not assignable to type 'string'/);
});

test("Modules.addCached(\"http-get\", source): the module works", async () => {
  const { minCode } = await builtModule();
  runProgram(`Modules.addCached("${MODULE_NAME}", ${JSON.stringify(minCode)});\n${PROGRAM}`);
});

test("written to Storage and required from there: the module works", async () => {
  const { minCode } = await builtModule();
  runProgram(`require("Storage").write("${MODULE_NAME}", ${JSON.stringify(minCode)});\n${PROGRAM}`);
});

test("the Espruino tool finds the module in the project's modules/ folder and uploads it with the program", { timeout: 90000 }, async () => {
  const { minCode } = await builtModule();
  const project = mkdtempSync(join(tmpdir(), "module-project-"));
  mkdirSync(join(project, "modules"));
  writeFileSync(join(project, "modules", MODULE_NAME + ".min.js"), minCode, "latin1");
  writeFileSync(join(project, "prog.js"), PROGRAM);
  const fake = await startFakeConsole();
  try {
    // MODULE_URL may name a folder: the tool then reads <folder>/http-get.min.js
    // from disk, and looks nowhere else (in particular, not online).
    const settings = toolSettings("storage").map((a) => a.replace(/^SAVE_STORAGE_FILE=.*/, "SAVE_STORAGE_FILE=prog"))
      .concat("--config", "MODULE_URL=" + join(project, "modules"));
    const args = ["--port", `tcp://127.0.0.1:${fake.port}`, "--board", join(ROOT, "board", "LINUX.json"), "--no-ble"]
      .concat(settings, [join(project, "prog.js")]);
    const r = await runTool(args, () => undefined, 60000, 1500, (t) => t);
    assert.doesNotMatch(r.output, /not found|getURL|error/i, r.output);
    const uploaded = fake.storage.prog;
    assert.ok(uploaded, "the program was written to Storage: " + Object.keys(fake.storage).join(","));
    assert.ok(uploaded.startsWith(`Modules.addCached("${MODULE_NAME}",function(){`), uploaded.slice(0, 80));
    runProgram(uploaded);
  } finally {
    await fake.stop();
  }
});

test("npm run build:module's files: the README and docs name what it writes", () => {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const doc = readFileSync(join(ROOT, "docs", "http-get.md"), "utf8");
  assert.match(readme, /## Use the client in your own code/);
  assert.match(doc, /^<!--- Copyright .*-->\n/);
  assert.match(doc, /\* KEYWORDS: Module,/);
});
