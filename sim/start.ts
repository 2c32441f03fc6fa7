// npm start [-- --url URL] [--board ID] [--config FILE] [--scenario NAME]
//
// Builds the app and runs it on a simulated board, on the real clock with
// real sockets. With no --url and no --config it starts a demo server on
// 127.0.0.1 and points the app at it: no network and no board needed.
// Shows, as they happen, the WiFi steps, the request, what the app prints
// and the LED(s); draws their timelines at the end. A scenario (--scenario
// flaky) runs a demo server whose answers change over time.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build, SIZE_BUDGET } from "../tools/build";
import { CommandSpec, parseFlags, runMain } from "../tools/cli";
import { readConfigFile } from "../tools/config";
import { SETTINGS_FILE } from "../src/app/settings";
import { boardIds, DEFAULT_BOARD, getProfile, UsageError, type BoardProfile } from "../board/profiles";
import { RealClock } from "./clock";
import { startDemoServer, type DemoServer } from "./demo-server";
import { getScenario, SCENARIOS, type Scenario } from "./scenarios";
import { runApp, type AppRun } from "./runner";
import { describeChanges, drawTimeline, ledText, logLine } from "./start-view";

/** The simulated network the demo joins; its password is never shown. */
const DEMO_SSID = "demo-wifi";
const DEMO_PASSWORD = "demo-password";
/** A quick join, so the demo shows its result within a few seconds. */
const DEMO_JOIN_MS = 800;
/** How often the run is checked for being finished, and how long it must stay idle. */
const POLL_MS = 100;
const IDLE_POLLS = 3;
const EXIT_INTERRUPTED = 130;

type Raw = Record<string, unknown>;

interface Setup {
  profile: BoardProfile;
  raw: Raw;
  source: string;
  demo: DemoServer | null;
  scenario?: Scenario;
}

export const START_HELP: CommandSpec = {
  usage: "npm start --",
  summary: "Builds the app and runs it on a simulated board with real sockets: by default against a demo server on 127.0.0.1 (no board, no network needed).",
  options: [
    { name: "board", value: "ID", help: `the simulated board: ${boardIds().join(", ")} (default ${DEFAULT_BOARD})` },
    { name: "config", value: "FILE", help: "your own settings file (its url, or the demo server when it has none)" },
    { name: "url", value: "URL", help: "fetch this address instead of the demo server's" },
    { name: "interval", value: "MS", help: "poll every MS milliseconds (intervalMs; at least 1000); Ctrl-C stops" },
    { name: "scenario", value: "NAME", help: "a demo server whose answers change, to watch the status light: " + SCENARIOS.map((x) => `${x.name} (${x.about})`).join("; ") },
  ],
  examples: ["npm start", "npm start -- --scenario flaky", "npm start -- --board esp8266 --config config.json", "npm start -- --url=http://example.com/"],
};

async function setup(argv: string[]): Promise<Setup> {
  const flags = parseFlags(argv, START_HELP);
  const profile = getProfile((flags.board as string) || DEFAULT_BOARD);
  const file = flags.config as string | undefined;
  const scenario = flags.scenario ? getScenario(flags.scenario as string) : undefined;
  if (flags.scenario && !scenario) throw new UsageError(`unknown scenario '${flags.scenario}' (known: ${SCENARIOS.map((x) => x.name).join(", ")})`);
  if (scenario && (file || flags.url)) throw new UsageError("--scenario runs its own demo server: give it without --config and --url");
  const raw: Raw = file ? readConfigFile(file) : { ssid: DEMO_SSID, password: DEMO_PASSWORD, intervalMs: 0, ...scenario?.config };
  if (profile.wifi === "none") delete raw.ssid;
  if (profile.wifi !== "none" && !raw.ssid) raw.ssid = DEMO_SSID;
  if (flags.interval !== undefined) raw.intervalMs = Number(flags.interval);
  // The demo server unless a URL is given (--url, or one in your config).
  const demo = flags.url || raw.url ? null : await startDemoServer(scenario);
  if (flags.url) raw.url = flags.url;
  if (demo) raw.url = demo.url;
  const source = file || (flags.url ? "--url" : scenario ? `the ${scenario.name} scenario` : "demo settings");
  return { profile, raw, source, demo, scenario };
}

function say(text: string): void {
  process.stdout.write(text + "\n");
}

function header(s: Setup, run: AppRun, bytes: number): void {
  const led = typeof s.raw.led === "string" ? s.raw.led : s.profile.led;
  const pin = led === run.ledPin ? led : `${led} (${run.ledPin})`;
  say(`board  ${s.profile.id}: ${s.profile.name}, LED ${pin}${run.ledActiveLow ? ", active low" : ""}`);
  say(`url    ${s.raw.url}${s.demo ? "  (the embedded demo server)" : ""}`);
  say(`app    ${bytes} bytes, settings (${SETTINGS_FILE} in Storage) from ${s.source}${bytes > SIZE_BUDGET ? `, over the ${SIZE_BUDGET}-byte budget: npm run build will refuse it` : ""}`);
  if (s.profile.wifi === "none") say("wifi   none: Espruino for Linux uses the host's network");
}

/** The live display: WiFi steps, what the app prints, the LED. */
function watch(run: AppRun): void {
  run.radio.onStep = (st) => say(logLine(st.t, "wifi", st.text));
  run.app.console.onLine = (l) => say(logLine(l.t, l.kind === "print" ? "app" : "error", l.text));
  // Only changes: the app writes "off" to a dark LED when a pattern is cut.
  const lit: Record<string, boolean> = {};
  run.pins.onChange = (e) => {
    const tag = e.pin === run.ledPin ? "led" : e.pin === run.led2Pin ? "led2" : "";
    const on = e.value !== run.ledActiveLow;
    if (tag && lit[tag] !== on) say(logLine(e.t, tag, ledText(on)));
    if (tag) lit[tag] = on;
  };
}

/** Shows each request line as the app sends it. */
function requestShower(clock: RealClock) {
  return (host: string, port: number, data: string): void => {
    const first = data.split("\r\n")[0];
    if (/^[A-Z]+ \S+ HTTP\/1\.1$/.test(first)) say(logLine(clock.now(), ">>", `${first}  (to ${host}:${port})`));
  };
}

function summary(run: AppRun): void {
  const end = Math.round(run.clock.now());
  const states = run.ledStates();
  say("");
  say(`LED    ${drawTimeline(states, end)}  0..${end} ms`);
  if (run.led2Pin) say(`LED2   ${drawTimeline(run.led2States(), end)}`);
  say(`       ${run.blinks()} blink(s): ${describeChanges(states)}`);
  if (run.crashed) say(`crash  ${run.crashed}`);
}

/** Resolves when nothing is left to happen (no timers, no sockets, no pending events). */
function whenDone(run: AppRun, clock: RealClock): Promise<void> {
  return new Promise((resolve) => {
    let idle = 0;
    const poll = () => {
      const busy = clock.pending() > 0 || run.stats().openSockets > 0;
      idle = busy && !run.crashed ? 0 : idle + 1;
      if (idle >= IDLE_POLLS) resolve();
      else setTimeout(poll, POLL_MS);
    };
    setTimeout(poll, POLL_MS);
  });
}

async function main(): Promise<void> {
  const s = await setup(process.argv.slice(2));
  const dir = mkdtempSync(join(tmpdir(), "pico-http-get-start-"));
  const cleanup = () => {
    rmSync(dir, { recursive: true, force: true });
    return s.demo ? s.demo.close() : Promise.resolve();
  };
  try {
    // As on a board: the app, then the settings file in Storage, as
    // `npm run upload` and `npm run configure` write it.
    const built = await build({ board: s.profile.id, configObject: s.raw, config: s.source, out: join(dir, "app.js"), budget: Infinity, typeCheck: false });
    const clock = new RealClock();
    const run = runApp({
      code: built.code, board: s.profile.id, clock, backend: "bridged", start: false,
      storage: { [SETTINGS_FILE]: Buffer.from(built.settings!, "utf8").toString("latin1") },
      wifi: s.scenario ? s.scenario.wifi : { joinMs: DEMO_JOIN_MS }, onWrite: requestShower(clock),
      led: typeof s.raw.led === "string" ? s.raw.led : undefined,
      led2: s.raw.led2 === null || typeof s.raw.led2 === "string" ? (s.raw.led2 as string | null) : undefined,
      ledActiveLow: typeof s.raw.ledActiveLow === "boolean" ? s.raw.ledActiveLow : undefined,
    });
    header(s, run, built.bytes);
    watch(run);
    process.once("SIGINT", () => {
      summary(run);
      void cleanup().then(() => process.stdout.write("", () => process.exit(EXIT_INTERRUPTED)));
    });
    run.start();
    // A polling app never goes idle: a scenario runs for its time.
    await (s.scenario ? new Promise((r) => setTimeout(r, s.scenario!.runMs)) : whenDone(run, clock));
    summary(run);
  } finally {
    await cleanup();
  }
  // Let the last lines reach a pipe before exiting.
  process.stdout.write("", () => process.exit(0));
}

if (require.main === module) runMain("start", main);
