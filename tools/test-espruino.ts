// npm run test:espruino -- (--bin PATH | --port PORT) [--corpus FILE]... [--seed N] [--no-app]
// The parser's spec cases (test/cases/*.md) and any conformance corpus, run ON
// a real Espruino: the parser compiled as the app's bundle is (tools/bundle.ts)
// with a small driver (test/tools/espruino-driver.ts), fed each case whole,
// byte by byte, at seeded random cuts and in board-sized pieces, one case at
// a time so that a board with a few thousand variable blocks can run them.
// Then the built app against local servers for the fault matrix's rows
// (tools/espruino-app-rows.ts). One line per failing case, then
// `N passed, N failed`; the exit status is 1 on any failure.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT, UsageError } from "../board/profiles";
import { bundle } from "./bundle";
import { parseFlags, runMain } from "./cli";
import { Console, interpreterConsole, portConsole } from "./espruino-console";
import { runAppRows } from "./espruino-app-rows";
import { readCases, SpecCase } from "../test/tools/cases";
import { encodeText, type Observed } from "../test/tools/parser-record";
import { CorpusCase, verdict, judge, keepOf } from "../test/tools/conformance-check";
import { splits } from "../test/tools/splits";

/** Random cuttings per case on the board, besides whole, byte by byte and board pieces. */
const RANDOM_CUTS = 3;
/** Bytes of a case per console line: short lines suit a small board's input buffer. */
const RAW_PER_LINE = 128;
/** A loaded host can make a large case's byte-by-byte run take tens of seconds. */
const CASE_TIMEOUT_MS = 120000;
/** The first wait for an answer before the line is sent again. */
const FIRST_WAIT_MS = 20000;
const RETRIES = 3;
/**
 * Espruino for Linux reads its stdin on a thread of its own that fills the
 * input queue while the main loop empties it, unlocked (targets/linux/
 * jshardware.c, 2v29): now and then a burst of input corrupts the queue and
 * the interpreter stops with `ASSERT(len <= 64) FAILED AT src/jsdevices.c`.
 * That is the host's build, not the code under test: the interpreter is
 * started again and the case run again from its first byte, this many times
 * in a run at most (a full run with the corpus has seen up to 4 stops on a
 * busy two-core machine).
 */
const RESTARTS = 20;

export interface Tally {
  passed: number;
  failed: number;
}

/** The console the cases run on, started again when Espruino for Linux stops under it. */
interface Session {
  c: Console;
  restarts: number;
  /** null: the console is a board's and cannot be started again here. */
  restart: (() => Promise<Console>) | null;
}

/** The driver's globals (test/tools/espruino-driver.ts) that the lines sent to the console use. */
const DRIVER_GLOBALS = ["R", "P", "A", "L", "O"];

/** The parser and the driver as ES5, bundled like build/app.js. */
export function driverCode(): Promise<string> {
  return bundle({ intro: "", defines: {}, entry: "test/tools/espruino-driver.ts", extraModules: ["test/tools/espruino-driver.ts", "test/tools/parser-record.ts"], typeCheck: false, globals: DRIVER_GLOBALS });
}

/** One cutting as the driver takes it: piece lengths, used round and round (0: whole). */
function lengths(pieces: string[]): number[] {
  if (pieces.length <= 1) return [0];
  const first = pieces[0].length;
  for (let i = 1; i < pieces.length - 1; i++) if (pieces[i].length !== first) return pieces.map((p) => p.length);
  return [first];
}

/** The cuttings to run on the board: name and piece lengths. */
function cuttings(raw: string, seed: number): { name: string; lens: number[] }[] {
  return Array.from(splits(raw, { everyPoint: false, random: RANDOM_CUTS, seed }), (s) => ({ name: s.name, lens: lengths(s.pieces) }));
}

let nextId = 1;

/**
 * Sends `line` until `done` has seen all it waits for: now and then a line
 * typed into Espruino for Linux goes missing on a busy host (measured), so
 * every line the host sends can be sent again without harm.
 */
async function ask(c: Console, line: () => string, done: (l: string) => boolean, what: string): Promise<void> {
  for (let tries = 1; ; tries++) {
    const answered = c.waitFor(done, tries === 1 ? FIRST_WAIT_MS : CASE_TIMEOUT_MS, what);
    c.send(line());
    try {
      await answered;
      return;
    } catch (e) {
      if (tries === RETRIES || /ended/.test((e as Error).message)) throw e;
    }
  }
}

/**
 * Sends `raw` to the board in short pieces (P[k], each acknowledged), then one
 * line that joins them into R and makes a call per cutting; returns each
 * printed result. The calls share one line: the console's latency, not the
 * board, would set the pace otherwise.
 */
async function runOnBoard(s: Session, label: string, raw: string, calls: ((id: number) => string)[]): Promise<unknown[]> {
  for (;;) {
    try {
      return await sendCase(s.c, label, raw, calls);
    } catch (e) {
      if (!/ended/.test((e as Error).message) || !s.restart || s.restarts >= RESTARTS) throw e;
      s.restarts++;
      s.c = await s.restart();
    }
  }
}

async function sendCase(c: Console, label: string, raw: string, calls: ((id: number) => string)[]): Promise<unknown[]> {
  for (let i = 0, k = 0; i === 0 || i < raw.length; i += RAW_PER_LINE, k++) {
    const ack = `@A ${nextId++}`;
    const text = (k ? "" : "P=[];") + `P[${k}]="${encodeText(raw.substring(i, i + RAW_PER_LINE), true)}";A(${ack.substring(3)});`;
    await ask(c, () => text, (l) => l === ack, `${label}: its bytes`);
  }
  const first = nextId;
  nextId += calls.length;
  const results: unknown[] = [];
  await ask(c, () => "R=P.join(\"\");" + calls.map((call, i) => (results[i] === undefined ? call(first + i) : "")).join(""), (l) => {
    const m = /^@R (\d+) (.*)$/.exec(l);
    if (m && Number(m[1]) >= first && Number(m[1]) < first + calls.length) results[Number(m[1]) - first] = parsed(m[2]);
    return calls.every((_c, i) => results[i] !== undefined);
  }, `the results of ${label}`);
  return results;
}

/** A result line's JSON; a line garbled on the way is no result (the call is sent again). */
function parsed(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function threw(result: unknown): string | null {
  return result && typeof result === "object" && "threw" in result ? String((result as { threw: string }).threw) : null;
}

async function specCases(c: Session, seed: number, say: (line: string) => void, t: Tally): Promise<void> {
  for (const sc of readCases(join(ROOT, "test", "cases")) as SpecCase[]) {
    const cuts = cuttings(sc.raw, seed);
    const o = sc.options;
    const options = o ? "," + JSON.stringify([o.maxHead || 0, o.maxLine || 0, o.maxKept || 0, o.maxFraming || 0, o.keep || []]) : "";
    const results = await runOnBoard(c, `${sc.file}:${sc.line}`, sc.raw, cuts.map((cut) => (id: number) => `L(${id},${JSON.stringify(cut.lens)}${options});`));
    const want = sc.expected.join("\n");
    const bad = results.findIndex((r) => threw(r) !== null || (r as string[]).join("\n") !== want);
    if (bad < 0) {
      t.passed++;
      continue;
    }
    t.failed++;
    const r = results[bad];
    const got = threw(r) !== null ? "threw " + threw(r) : (r as string[]).join(" | ");
    say(`FAIL ${sc.file}:${sc.line} "${sc.title}" [${cuts[bad].name}]: got ${got}; expected ${sc.expected.join(" | ")}`);
  }
}

function observed(r: unknown): Observed {
  const [h, body, outcome, atEnd, problems] = r as [[number, string, string, [string, string][]] | null, string, string | null, boolean, string[]];
  return { head: h && { status: h[0], reason: h[1], version: h[2], headers: h[3] }, body, outcome, atEnd, problems };
}

async function corpusCases(c: Session, file: string, seed: number, say: (line: string) => void, t: Tally): Promise<void> {
  const cases = JSON.parse(readFileSync(file, "utf8")) as CorpusCase[];
  for (const cc of cases) {
    const v = verdict(cc);
    if (v.kind === "skip") continue;
    const cuts = cuttings(cc.raw, seed);
    const results = await runOnBoard(c, cc.source, cc.raw, cuts.map((cut) => (id: number) => `O(${id},${JSON.stringify(cut.lens)},${JSON.stringify(keepOf(v))});`));
    const why = results.map((r, i) => (threw(r) !== null ? `${cuts[i].name}: threw ${threw(r)}` : judge(v, observed(r)) && `${cuts[i].name}: ${judge(v, observed(r))}`)).find((w) => w);
    if (!why) t.passed++;
    else {
      t.failed++;
      say(`FAIL ${cc.source} [${why}]`);
    }
  }
}

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2), ["bin", "port", "corpus", "seed"], ["no-app"]);
  const corpora = process.argv.slice(2).filter((_a, i, all) => all[i - 1] === "--corpus");
  if (!flags.bin === !flags.port) throw new UsageError("give one of --bin PATH (Espruino for Linux) or --port PORT (a board, through the Espruino tool)");
  const seed = flags.seed ? Number(flags.seed) : 1;
  const say = (line: string) => console.log(line);
  const t: Tally = { passed: 0, failed: 0 };
  const code = await driverCode();
  const stops: string[] = [];
  const ready = async (c: Console) => {
    c.onLine((l) => /^ASSERT/.test(l) && stops.push(l));
    await c.waitFor((l) => l === "@READY", 30000, "the driver to load");
    return c;
  };
  const s: Session = { c: await ready(flags.bin ? interpreterConsole(flags.bin as string, code) : await portConsole(flags.port as string, code)), restarts: 0, restart: null };
  if (flags.bin) {
    s.restart = async () => {
      await s.c.close();
      return ready(interpreterConsole(flags.bin as string, code));
    };
  }
  try {
    await specCases(s, seed, say, t);
    for (const file of corpora) await corpusCases(s, file, seed, say, t);
  } finally {
    await s.c.close();
  }
  if (s.restarts) say(`note: the interpreter stopped ${s.restarts} time(s) (${stops.join("; ") || "no ASSERT line"}) and was started again; each case it stopped in ran again whole`);
  if (!flags["no-app"]) await runAppRows({ bin: flags.bin as string | undefined, port: flags.port as string | undefined }, say, t);
  say(`${t.passed} passed, ${t.failed} failed`);
  if (t.failed) process.exitCode = 1;
}

if (require.main === module) runMain("test:espruino", main);
