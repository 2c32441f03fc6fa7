// The settings on the board: build/app.js reads http-get.json from Storage at
// start. Every way that file can be wrong gives its lines, one per problem
// naming the key, `ERROR SETTINGS: ...`, the fault pattern on the LED and no
// request, and nothing thrown; good settings (as the build writes them, UTF-8
// included) are what the app runs with.
import { test } from "node:test";
import assert from "node:assert/strict";
import { runApp, respond, httpResponse, DEFAULT_IP, type AppRun, type VirtualClock } from "../sim/index";
import { appFile, settingsFor } from "./tools/app-bundle";
import { readFileSync } from "node:fs";
import { SETTINGS_FILE } from "../src/app/settings";
import { patterns } from "./tools/app-rig";

const PASSWORD = "pw-not-printed-7";
const GOOD = { url: "http://example.com/", ssid: "home", password: PASSWORD };
/** The device-fault pattern (src/app/signal.ts): the board cannot work with what it holds. */
const FAULT = 4;

async function runWith(board: string, files: Record<string, string>): Promise<AppRun> {
  const code = readFileSync(await appFile(board), "latin1");
  const run = runApp({ code, board, storage: files, servers: { "example.com:80": respond(httpResponse("hi")) } });
  (run.clock as VirtualClock).runUntilIdle(120000);
  return run;
}

/** What must hold for any bad settings file: its lines, the fault pattern, no request, nothing left. */
function faulted(run: AppRun, lines: string[]): void {
  assert.deepEqual(run.printed, lines.map((l) => "ERROR SETTINGS: " + l));
  assert.deepEqual(run.uncaught, []);
  assert.equal((run.net as { connections: unknown[] }).connections.length, 0, "no request");
  assert.deepEqual(patterns(run.ledStates()), [FAULT]);
  assert.equal(run.stats().liveTimers, 0);
  for (const l of run.printed) assert.ok(!l.includes(PASSWORD), "the password is never printed");
}

const json = (v: unknown) => JSON.stringify(v);
const KNOWN = "url, ssid, password, intervalMs, timeoutMs, wifiTimeoutMs, led, ledActiveLow, printBody, headers, at, led2, signal, signalEveryMs, failAfter, expect, value";

const CASES: [string, Record<string, string>, string[]][] = [
  ["no settings file", {}, [`${SETTINGS_FILE} is not in Storage (npm run configure writes it)`]],
  ["not JSON (a hand edit cut short)", { [SETTINGS_FILE]: '{"url": "http://example.com/", "ssid": "ho' }, [`${SETTINGS_FILE} is not valid JSON`]],
  ["an empty file", { [SETTINGS_FILE]: "\xff" }, [`${SETTINGS_FILE} is not valid JSON`]],
  ["JSON, but a list", { [SETTINGS_FILE]: "[1, 2]" }, ["must hold one JSON object"]],
  ["JSON null", { [SETTINGS_FILE]: "null" }, ["must hold one JSON object"]],
  ["an empty object: the required keys", { [SETTINGS_FILE]: "{}" }, [
    'key "url" is required: the http:// or https:// address to fetch',
    "key \"ssid\" is required on board 'esp8266' (the WiFi network name)",
  ]],
  ["wrong types, every one named", { [SETTINGS_FILE]: json({ ...GOOD, url: 5, timeoutMs: "10s", ledActiveLow: "yes", password: 1234 }) }, [
    'key "url" is required: the http:// or https:// address to fetch',
    'key "password" must be a string',
    'key "timeoutMs" must be a whole number from 100 to 600000',
    'key "ledActiveLow" must be true or false',
  ]],
  ["values out of range", { [SETTINGS_FILE]: json({ ...GOOD, intervalMs: -1, printBody: 1e6, wifiTimeoutMs: 1.5 }) }, [
    'key "intervalMs" must be a whole number from 0 to 604800000',
    'key "wifiTimeoutMs" must be a whole number from 1000 to 600000',
    'key "printBody" must be a whole number from 0 to 4096',
  ]],
  ["extra junk", { [SETTINGS_FILE]: json({ ...GOOD, colour: "red", retries: 3 }) }, [
    `key "colour" is not a known key (known: ${KNOWN})`,
    `key "retries" is not a known key (known: ${KNOWN})`,
  ]],
  ["a URL the client refuses", { [SETTINGS_FILE]: json({ ...GOOD, url: "ftp://example.com/" }) }, ['key "url" is not usable: URL must be http:// or https://']],
  ["a header that would add a line", { [SETTINGS_FILE]: json({ ...GOOD, headers: { "X-Evil": "a\r\nInjected: 1" } }) }, [
    "key \"headers\" header 'X-Evil' has a control character (CR, LF, ...) in its value",
  ]],
  ["an LED pin the board does not have", { [SETTINGS_FILE]: json({ ...GOOD, led: "D99" }) }, ['key "led" names no pin on this board: D99']],
  ["an LED that is no pin name", { [SETTINGS_FILE]: json({ ...GOOD, led: "print" }) }, ['key "led" must be a pin name such as LED1, D2 or D25']],
  ["AT wiring on a board without an AT module", { [SETTINGS_FILE]: json({ ...GOOD, at: { baud: 9600 } }) }, [
    "key \"at\" only applies to a board with an AT-command WiFi module (pico-esp8266), not 'esp8266'",
  ]],
];

for (const [name, files, lines] of CASES) {
  test(`settings on the board: ${name}: one line per problem, the fault pattern, no request`, async () => {
    faulted(await runWith("esp8266", files), lines);
  });
}

test("settings on the board: the AT module's serial port must exist", async () => {
  const run = await runWith("pico-esp8266", { [SETTINGS_FILE]: json({ ...GOOD, at: { serial: "Serial7" } }) });
  faulted(run, ['key "at" serial names no port on this board: Serial7']);
});

test("settings on the board: what the build writes is what the app runs with, UTF-8 bytes included", async () => {
  const files = { [SETTINGS_FILE]: settingsFor("esp32", { ...GOOD, ssid: "café", led: "D5", intervalMs: 0 }) };
  assert.ok(files[SETTINGS_FILE].includes("caf\xc3\xa9"), "the file holds the UTF-8 bytes of café");
  const run = await runWith("esp32", files);
  assert.deepEqual(run.uncaught, []);
  assert.deepEqual(run.printed.slice(0, 3), ["WIFI joining caf\xc3\xa9", "WIFI up, IP " + DEFAULT_IP, "HTTP/1.1 200 OK"], "the SSID printed as its bytes");
  assert.equal((run.wifi!.getDetails() as { ssid: string }).ssid, "caf\xc3\xa9", "the SSID reaches the WiFi as bytes 63 61 66 C3 A9");
  assert.ok(run.pins.timeline.some((e) => e.pin === "D5"), "the LED is the configured pin");
});
