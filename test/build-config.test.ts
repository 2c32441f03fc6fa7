// config.json and --board: every mistake is one line naming the file and the
// key (or listing the boards), and what is left out gets the documented default.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { checkConfig, readConfigFile } from "../tools/config";
import { getProfile, ROOT, UsageError } from "../board/profiles";

const dir = mkdtempSync(join(tmpdir(), "build-config-"));
const FILE = "my-config.json";
const linux = getProfile("linux");
const wifiBoard = getProfile("espruino-wifi");
const atBoard = getProfile("pico-esp8266");
const GOOD = { url: "http://example.com/", ssid: "home", password: "pass-phrase-123" };

function fileWith(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

/** The one-line UsageError `fn` throws. */
function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof UsageError, String(e));
    assert.equal(e.message.indexOf("\n"), -1, "one line: " + e.message);
    return e.message;
  }
  assert.fail("no error");
}

test("a config file that cannot be used is one line naming the file", () => {
  const missing = join(dir, "absent.json");
  assert.match(errorOf(() => readConfigFile(missing)), new RegExp(`^${missing.replace(/[.\\/]/g, "\\$&")}: cannot read the config file \\(copy config\\.example\\.json`));
  const bad = fileWith("bad.json", '{\n  "url": "http://x/",\n  "password": "hunter2-secret",\n}\n');
  const message = errorOf(() => readConfigFile(bad));
  assert.match(message, /bad\.json: not valid JSON at line 4 column 1$/);
  assert.equal(message.indexOf("hunter2"), -1, "the password is never shown");
  assert.match(errorOf(() => readConfigFile(fileWith("array.json", "[1]"))), /array\.json: must hold one JSON object$/);
});

test("an unknown key is named, with the known ones", () => {
  assert.equal(errorOf(() => checkConfig({ ...GOOD, colour: "red" }, FILE, wifiBoard)),
    'my-config.json: key "colour" is not a known key (known: url, ssid, password, intervalMs, timeoutMs, wifiTimeoutMs, led, ledActiveLow, printBody, headers, at, led2, signal, signalEveryMs, failAfter, expect, value)');
});

test("the status light's keys: each bad value is one line naming the key", () => {
  const bad: [Record<string, unknown>, string][] = [
    [{ signal: "blink" }, 'key "signal" must be "repeat" or "once"'],
    [{ signalEveryMs: 100 }, 'key "signalEveryMs" must be a whole number from 2000 to 3600000'],
    [{ failAfter: 0 }, 'key "failAfter" must be a whole number from 1 to 1000'],
    [{ led2: "green" }, 'key "led2" is "green", not a pin of espruino-wifi: use one of LED1, LED2, BTN1, A0-A15, B0-B15, C13-C15'],
  ];
  for (const [over, msg] of bad) assert.equal(errorOf(() => checkConfig({ ...GOOD, ...over }, FILE, wifiBoard)), `${FILE}: ${msg}`);
  const ok = checkConfig({ ...GOOD, signal: "once", signalEveryMs: 10000, failAfter: 3 }, FILE, wifiBoard);
  assert.deepEqual([ok.signal, ok.signalEveryMs, ok.failAfter], ["once", 10000, 3]);
});

test("expect and value: each bad value is one line naming the key inside them", () => {
  const bad: [Record<string, unknown>, string][] = [
    [{ expect: { json: { path: "main.temp", below: "30" } } }, 'key "expect.json.below" must be a number'],
    [{ expect: { json: { path: "main.temp", below: 30, above: 10 } } }, 'key "expect.json" must have exactly one of equals, oneOf, below, above, exists (to check several things, give a list of checks)'],
    [{ expect: { json: { path: "a..b", equals: 1 } } }, 'key "expect.json.path" must be a path such as "status.indicator" or "items.0.state"'],
    [{ expect: { json: [{ path: "a", exists: true }, { path: "b", oneOf: [] }] } }, 'key "expect.json.oneOf" must be a list of strings, numbers, true, false or null'],
    [{ expect: { json: { path: "a", equals: { x: 1 } } } }, 'key "expect.json.equals" must be a string, number, true, false or null'],
    [{ expect: { json: { path: "a", matches: "x" } } }, 'key "expect.json" has an unknown key "matches" (known: path, equals, oneOf, below, above, exists)'],
    [{ expect: { status: [200, [300]] } }, 'key "expect.status" must be a list of status codes and [low, high] ranges, such as [200, 204] or [[200, 299]]'],
    [{ expect: { contains: "" } }, 'key "expect.contains" must be some text, at most 100 characters'],
    [{ expect: { body: "x" } }, 'key "expect" has an unknown key "body" (known: status, contains, json)'],
    [{ expect: "OK" }, 'key "expect" must be an object such as {"status": [200], "contains": "OK"}'],
    [{ value: 42 }, 'key "value" must be a path such as "status.indicator" or "items.0.state"'],
  ];
  for (const [over, msg] of bad) assert.equal(errorOf(() => checkConfig({ ...GOOD, ...over }, FILE, wifiBoard)), `${FILE}: ${msg}`);
  const expect = { status: [[200, 299], 304], contains: "ok", json: [{ path: "a.0", equals: "x" }, { path: "b", below: 3 }] };
  const ok = checkConfig({ ...GOOD, expect, value: "main.temp" }, FILE, wifiBoard);
  assert.deepEqual([ok.expect, ok.value], [expect, "main.temp"]);
});

test("each bad value is one line naming the file and the key", () => {
  const cases: [Record<string, unknown>, string, RegExp][] = [
    [{ url: undefined }, "url", /is required/],
    [{ url: 42 }, "url", /must be a string \(it is a number\)/],
    [{ url: "ftp://example.com/" }, "url", /is not usable: .*http/],
    [{ url: "http://exa mple.com/" }, "url", /is not usable/],
    [{ ssid: 7 }, "ssid", /must be a string \(it is a number\)/],
    [{ ssid: "" }, "ssid", /is required on board 'espruino-wifi'/],
    [{ password: 1234 }, "password", /must be a string/],
    [{ intervalMs: -1 }, "intervalMs", /must be a whole number from 0 to/],
    [{ intervalMs: 1000.5 }, "intervalMs", /must be a whole number/],
    [{ timeoutMs: "10s" }, "timeoutMs", /must be a number \(it is a string\)/],
    [{ timeoutMs: 50 }, "timeoutMs", /must be a whole number/],
    [{ wifiTimeoutMs: 10 }, "wifiTimeoutMs", /must be a whole number from 1000/],
    [{ printBody: 100000 }, "printBody", /must be a whole number from 0 to 4096/],
    [{ led: "led1" }, "led", /is "led1", not a pin of espruino-wifi: use one of LED1, /],
    [{ led: 2 }, "led", /must be a string/],
    [{ ledActiveLow: "yes" }, "ledActiveLow", /must be true or false/],
    [{ headers: [["Accept", "x"]] }, "headers", /must be an object/],
    [{ headers: { "X-Count": 3 } }, "headers", /value of "X-Count" must be a string/],
    [{ headers: { Host: "other" } }, "headers", /'Host' is set by the client/],
    [{ headers: { "Bad Name": "x" } }, "headers", /is not a token/],
    [{ headers: { "X-Evil": "a\r\nInjected: 1" } }, "headers", /control character/],
    [{ at: { serial: "Serial2" } }, "at", /only applies to a board with an AT-command WiFi module/],
  ];
  for (const [change, key, why] of cases) {
    const raw: Record<string, unknown> = { ...GOOD, ...change };
    // undefined in a case means: the key is left out.
    for (const k of Object.keys(change)) if (change[k] === undefined) delete raw[k];
    const message = errorOf(() => checkConfig(raw, FILE, wifiBoard));
    assert.ok(message.startsWith(`my-config.json: key "${key}" `), message);
    assert.match(message, why, message);
    assert.equal(message.indexOf(GOOD.password), -1, "the password is never shown");
  }
});

test("the AT-module wiring is checked on the board that has one", () => {
  const cases: [unknown, RegExp][] = [
    [{ serial: "UART" }, /"at\.serial" is "UART", not a serial port of pico-esp8266: use one of Serial1, Serial2/],
    [{ rx: "a3" }, /"at\.rx" is "a3", not a pin of pico-esp8266/],
    [{ baud: 0 }, /"at\.baud" is 0: use one of 9600, /],
    [{ speed: 9600 }, /has an unknown key "speed" \(known: serial, rx, tx, baud\)/],
    ["Serial2", /must be an object/],
  ];
  for (const [at, why] of cases) {
    const message = errorOf(() => checkConfig({ ...GOOD, at }, FILE, atBoard));
    assert.ok(message.startsWith('my-config.json: key "at'), message);
    assert.match(message, why);
  }
  const wired = checkConfig({ ...GOOD, at: { rx: "B7", tx: "B6" } }, FILE, atBoard);
  assert.deepEqual(wired.at, { serial: "Serial2", rx: "B7", tx: "B6", baud: 115200 });
});

test("left-out keys get the documented defaults, from the board where they depend on it", () => {
  const c = checkConfig({ url: "http://10.0.0.2:8080/x" }, FILE, linux);
  assert.deepEqual(
    { ...c },
    {
      url: "http://10.0.0.2:8080/x", ssid: "", password: "", intervalMs: 0, timeoutMs: 10000, wifiTimeoutMs: 30000,
      printBody: 512, ledActiveLow: false, headers: [], led: "LED1", led2: null,
    },
  );
  // A key with no default (the status light's: the app decides) is not there at all.
  for (const unset of ["at", "signal", "signalEveryMs", "failAfter", "expect", "value"]) assert.ok(!(unset in c), unset);
  assert.equal(checkConfig({ ...GOOD }, FILE, getProfile("espruino-wifi")).led2, "LED2", "two-LED boards: green LED2");
  assert.equal(checkConfig({ ...GOOD, led2: null }, FILE, getProfile("espruino-wifi")).led2, null, "led2 null: one LED");
  const esp = checkConfig({ ...GOOD }, FILE, getProfile("esp8266"));
  assert.equal(esp.led, "D2");
  assert.equal(esp.ledActiveLow, true);
  const mine = checkConfig({ ...GOOD, led: "D5", ledActiveLow: false, headers: { "Accept-Language": "en" } }, FILE, getProfile("esp8266"));
  assert.equal(mine.led, "D5");
  assert.equal(mine.ledActiveLow, false);
  assert.deepEqual(mine.headers, [["Accept-Language", "en"]]);
});

test("an unknown board lists the known ones", () => {
  assert.equal(errorOf(() => getProfile("arduino")), "unknown board 'arduino'; known boards: espruino-wifi, esp32, esp8266, pico-esp8266, linux");
});

test("npm run build reports a bad board or config in one line and exits 1", () => {
  const run = (args: string[]) => spawnSync(process.execPath, ["--import", "tsx", join(ROOT, "tools", "build.ts")].concat(args), { cwd: ROOT, encoding: "utf8", timeout: 60000 });
  const board = run(["--board", "arduino", "--out", join(dir, "x.js")]);
  assert.equal(board.status, 1);
  assert.equal(board.stderr.trim(), "build: unknown board 'arduino'; known boards: espruino-wifi, esp32, esp8266, pico-esp8266, linux");
  const config = run(["--board", "linux", "--config", fileWith("unknown-key.json", '{"url":"http://x/","retries":3}'), "--out", join(dir, "y.js")]);
  assert.equal(config.status, 1);
  assert.match(config.stderr.trim(), /^build: .*unknown-key\.json: key "retries" is not a known key/);
  assert.equal(config.stderr.trim().split("\n").length, 1);
});
