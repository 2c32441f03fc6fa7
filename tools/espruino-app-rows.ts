// The fault matrix's rows (test/tools/proof-matrix.ts) played on a real
// Espruino: build/app.js for the linux board, pointed at a real server on
// 127.0.0.1 that plays the row's scripted behaviour, and the lines it prints
// compared with the row's. Rows that need WiFi, or several hosts, stay in
// the simulation (test/proof-fault-matrix.test.ts).
import * as net from "node:net";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ServerConn, Route, WriteOptions } from "../sim/index";
import { build, withSettingsScript } from "./build";
import { Console, interpreterConsole, portConsole } from "./espruino-console";
import { MATRIX, Row, HOST, URL_PATH, TIMEOUT_MS } from "../test/tools/proof-matrix";
import type { Tally } from "./test-espruino";

const BOARD = "linux";
const PLACEHOLDER = "http://127.0.0.1:1" + URL_PATH;
const OUTCOME = /^(DONE|ERROR) /;
/** What Espruino for Linux itself prints on a refused connect, besides the app's lines. */
const INTERPRETER_NOTE = /^ERROR: Connect failed/;
/** After the outcome: time for anything printed late (an Uncaught line). */
const SETTLE_MS = 500;
/** Rows played at once against Espruino for Linux: most of a row is waiting. */
const PARALLEL = 4;

/** The server's end of one real connection, with the operations the matrix's behaviours use. */
class RealConn {
  received = "";
  closed = false;
  private queue = Promise.resolve();
  private requestHooks: ((head: string, c: ServerConn) => void)[] = [];

  constructor(private readonly socket: net.Socket) {
    socket.setNoDelay(true);
    socket.on("data", (b) => this.take(b.toString("latin1")));
    socket.on("close", () => (this.closed = true));
    socket.on("error", () => undefined);
  }

  onRequest(fn: (head: string, c: ServerConn) => void): void {
    this.requestHooks.push(fn);
  }

  write(data: string, opts: WriteOptions = {}): this {
    const cuts = opts.pieces || [];
    return this.then(opts.delayMs || 0, async () => {
      let at = 0;
      for (const n of cuts) {
        this.socket.write(Buffer.from(data.substring(at, at + n), "latin1"));
        at += n;
        await new Promise((r) => setTimeout(r, 5));
      }
      if (at < data.length) this.socket.write(Buffer.from(data.substring(at), "latin1"));
    });
  }

  end(delayMs = 0): this {
    return this.then(delayMs, () => void this.socket.end());
  }

  reset(delayMs = 0): this {
    return this.then(delayMs, () => void this.socket.resetAndDestroy());
  }

  wait(ms: number): this {
    return this.then(ms, () => undefined);
  }

  private then(delayMs: number, fn: () => void | Promise<void>): this {
    this.queue = this.queue.then(() => new Promise((r) => setTimeout(r, delayMs))).then(() => (this.closed ? undefined : fn()));
    return this;
  }

  private take(text: string): void {
    const seen = this.received.indexOf("\r\n\r\n") >= 0;
    this.received += text;
    if (!seen && this.received.indexOf("\r\n\r\n") >= 0) {
      const head = this.received.substring(0, this.received.indexOf("\r\n\r\n") + 4);
      for (const fn of this.requestHooks) fn(head, this as unknown as ServerConn);
    }
  }
}

interface Played {
  url: string;
  close(): Promise<void>;
}

/** A real listener for the row's one route, or the URL that gives its failure. */
async function serve(route: Route | undefined): Promise<Played> {
  if (route === undefined) return { url: "http://no-such-host.invalid" + URL_PATH, close: async () => undefined };
  const server = net.createServer((s) => {
    if (typeof route === "function") route(new RealConn(s) as unknown as ServerConn);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as net.AddressInfo).port;
  // Refused: a port that was just free is still free.
  if (route === "refuse") await new Promise((r) => server.close(r));
  return {
    url: `http://127.0.0.1:${port}${URL_PATH}`,
    close: () => new Promise<void>((r) => (route === "refuse" ? r() : server.close(() => r()))),
  };
}

/** Rows a board on this computer's loopback can play: no WiFi, one host. */
export function playableRows(): Row[] {
  const env = { linkUp: () => true, later: (fn: () => void, ms: number) => void setTimeout(fn, ms) };
  return MATRIX.filter((row) => {
    if (row.wifi) return false;
    const routes = row.servers(env);
    const keys = Object.keys(routes);
    return keys.every((k) => k === `${HOST}:80`) && routes[`${HOST}:80`] !== "blackhole";
  });
}

/** The app's printed lines, one per line of output, for a row played on `c`, up to its `outcomes`th outcome line. */
function collect(c: Console, skipBanner: boolean, outcomes = 1): { lines: string[]; outcome: Promise<string> } {
  const lines: string[] = [];
  let started = !skipBanner;
  let seen = 0;
  const outcome = c.waitFor((l) => {
    if (!started) started = /espruino\.com\/Donate/.test(l);
    else if (l.trim() !== "" && !INTERPRETER_NOTE.test(l)) lines.push(l);
    return started && OUTCOME.test(l) && ++seen >= outcomes;
  }, TIMEOUT_MS + 20000, "the app's outcome line");
  return { lines, outcome };
}

function mismatch(row: Row, printed: string[], origin: string): string | null {
  const want = (row.linesOn?.[BOARD] || row.lines).flatMap((l: string | RegExp): (string | RegExp)[] =>
    typeof l === "string" ? l.split(/\r?\n/).map((p) => p.split(`http://${HOST}`).join(origin)).filter((p) => p !== "") : [l]);
  const outcome = row.outcomeOn?.[BOARD] || row.outcome;
  const last = printed.filter((l) => OUTCOME.test(l))[0] || "(none)";
  if (!last.startsWith(outcome)) return `outcome ${JSON.stringify(last)}, expected ${outcome}`;
  const uncaught = printed.filter((l) => /Uncaught/.test(l));
  if (uncaught.length) return `printed ${JSON.stringify(uncaught[0])}`;
  const ok = printed.length === want.length && want.every((w, i) => (typeof w === "string" ? w === printed[i] : w.test(printed[i])));
  return ok ? null : `printed ${JSON.stringify(printed)}, expected ${want.map(String).join(" | ")}`;
}

/**
 * Polling, each outcome line says which poll and the time since the app
 * started: up 0m0s first, not the time since getTime() zero (on Espruino for
 * Linux getTime() is the calendar time, measured on 2v29).
 */
const POLL_MS = 1000;
const POLLS = [/ \(poll 1, up 0m0s\)$/, / \(poll 2, up 0m[12]s\)$/];

function pollMismatch(printed: string[]): string | null {
  const outs = printed.filter((l) => OUTCOME.test(l));
  return POLLS.every((re, i) => outs[i] && re.test(outs[i])) ? null : `outcomes ${JSON.stringify(outs)}, expected ${POLLS.map(String).join(" | ")}`;
}

/** Plays `row`: the settings, with the row's server's URL, written to Storage first, then the app; `poll`: polling, its first two outcomes. */
async function playRow(row: Row, app: string, settings: string, target: { bin?: string; port?: string }, poll = false): Promise<string | null> {
  const env = { linkUp: () => true, later: (fn: () => void, ms: number) => void setTimeout(fn, ms) };
  const played = await serve(row.servers(env)[`${HOST}:80`]);
  const polled = poll ? JSON.stringify({ ...JSON.parse(settings), intervalMs: POLL_MS }) : settings;
  const code = withSettingsScript(polled.split(PLACEHOLDER).join(played.url), app);
  const c = target.bin ? interpreterConsole(target.bin, code) : await portConsole(target.port!, code);
  const got = collect(c, !!target.bin, poll ? POLLS.length : 1);
  try {
    await got.outcome;
    await new Promise((r) => setTimeout(r, SETTLE_MS));
    return poll ? pollMismatch(got.lines) : mismatch(row, got.lines, new URL(played.url).origin);
  } catch (e) {
    return (e as Error).message + "; printed " + JSON.stringify(got.lines);
  } finally {
    await c.close();
    await played.close();
  }
}

/** Plays every playable row; one line per failing row. */
export async function runAppRows(target: { bin?: string; port?: string }, say: (line: string) => void, t: Tally): Promise<void> {
  if (target.port && !/^tcp:\/\/(127\.0\.0\.1|localhost)(:|$)/.test(target.port)) {
    say("app rows skipped: a board on another machine cannot reach this computer's 127.0.0.1 servers");
    return;
  }
  const config = { url: PLACEHOLDER, intervalMs: 0, timeoutMs: TIMEOUT_MS, printBody: 512 };
  const out = join(mkdtempSync(join(tmpdir(), "espruino-app-")), "app.js");
  const { code, settings } = await build({ board: BOARD, configObject: config, config: "config.json", out, typeCheck: false });
  if (!settings || settings.split(PLACEHOLDER).length !== 2) throw new Error("the settings do not hold the URL once");
  const rows = playableRows();
  const lanes = target.bin ? PARALLEL : 1;
  let next = 0;
  await Promise.all(Array.from({ length: lanes }, async () => {
    while (next < rows.length) {
      const row = rows[next++];
      const why = await playRow(row, code, settings, target);
      if (why) {
        t.failed++;
        say(`FAIL app "${row.name}": ${why}`);
      } else t.passed++;
    }
  }));
  const why = await playRow(rows[0], code, settings, target, true);
  if (why) say(`FAIL app polling "${rows[0].name}": ${why}`);
  t[why ? "failed" : "passed"]++;
}
