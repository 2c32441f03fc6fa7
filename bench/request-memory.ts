// What one request adds to the memory in use, measured on Espruino for Linux
// side by side for the module and for the app, each loaded from Storage,
// against a local server sending the bench's 256 KiB Content-Length
// response: the peak while the body streams less the usage once the request
// is over and the program only waits. The same sampler runs inside both: it
// wraps require("net").connect so that every `data` listener a socket gets
// first reads process.memory().usage (the app and the module set theirs
// with socket.on, after removeAllListeners where they switch them).
import { createServer, type AddressInfo, type Server } from "node:net";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build, withSettingsScript } from "../tools/build";
import { buildModule } from "../tools/build-module";
import { CASES, response, serve } from "./espruino-cases";
import { exampleConfig } from "./sizes";
import { END, usageOf } from "./interpreter-memory";

/** After the outcome, when the program only waits (the app's LED pattern is over). */
const IDLE_AFTER_MS = 3000;
const CONTENT_LENGTH = CASES.find((c) => c.framing === "content-length")!;

export interface RequestMemory {
  /** Blocks the module's request added at its peak (a user program streaming the body with onData). */
  module: number;
  /** The same for the app (printBody as the example config has it). */
  app: number;
  /** What each printed: the module's status and bytes, the app's DONE line. */
  moduleOutcome: string;
  appOutcome: string;
}

/**
 * Espruino code run first in each program: PEAK, the highest usage seen in a
 * socket's data listener, and report(), which prints the peak less the
 * usage once idle, then `outcome`, then END (the app prints its own outcome).
 */
const SAMPLER = `var PEAK=0;(function(){var net=require("net"),connect=net.connect;net.connect=function(o,cb){var s=connect.call(net,o,cb),on=s.on;s.on=function(e,f){return on.call(s,e,e!=="data"?f:function(d){var u=process.memory().usage;if(u>PEAK)PEAK=u;return f.call(this,d)})};return s}})();
function report(outcome){setTimeout(function(){print("@MEM "+(PEAK-process.memory().usage));print("@OUTCOME "+outcome);print("${END}")},${IDLE_AFTER_MS})}
`;

function listen(raw: string): Promise<Server> {
  const server = createServer((s) => serve(s, raw));
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

/**
 * A user program: the module from Storage, one get() streaming the body to
 * onData. Its options and callback are kept at the top level, as a program
 * that polls keeps them: they are the program's, not the request's.
 */
function moduleProgram(dir: string, minCode: string, url: string): string {
  const file = join(dir, "http-get.min.js");
  writeFileSync(file, minCode, "latin1");
  const run = join(dir, "run-module-request.js");
  writeFileSync(run, `require("Storage").eraseAll();require("Storage").write("http-get",require("fs").readFileSync(${JSON.stringify(file)}));
${SAMPLER}var n=0,options={onData:function(c){n+=c.length}};
function done(err,res){report(err?err.code:res.status+" "+n)}
setTimeout(function(){require("http-get").get(${JSON.stringify(url)},options,done)},10);
`, "latin1");
  return run;
}

/** The app from Storage (as an upload leaves it, settings in http-get.json) with the sampler first in its file. */
async function appProgram(dir: string, url: string): Promise<string> {
  const built = await build({ board: "linux", configObject: exampleConfig(url), config: "config.example.json", out: join(dir, "app.js"), typeCheck: false });
  const file = join(dir, "app-request.js");
  // The app prints its outcome; the report comes once it has long been idle.
  writeFileSync(file, SAMPLER + built.code + `\nreport("app");\n`, "latin1");
  const run = join(dir, "run-app-request.js");
  writeFileSync(run, `require("Storage").eraseAll();\n${withSettingsScript(built.settings!, "")}\nrequire("Storage").write("app",require("fs").readFileSync(${JSON.stringify(file)}));load("app");\n`, "latin1");
  return run;
}

/** The first line of what a program printed that `line` matches (its group 1). */
function found(printed: string, line: RegExp): string {
  const m = line.exec(printed);
  return m ? m[1].trim() : "(none)";
}

export async function requestMemory(bin: string): Promise<RequestMemory> {
  const dir = mkdtempSync(join(tmpdir(), "bench-request-"));
  const server = await listen(response(CONTENT_LENGTH));
  try {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const mod = await buildModule({ outDir: dir, typeCheck: false });
    const m = await usageOf(bin, dir, moduleProgram(dir, mod.minCode, url));
    const a = await usageOf(bin, dir, await appProgram(dir, url));
    return { module: m.usage, app: a.usage, moduleOutcome: found(m.printed, /@OUTCOME ([^\r\n]*)/), appOutcome: found(a.printed, /^((?:DONE|ERROR) [^\r\n]*)/m) };
  } finally {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
