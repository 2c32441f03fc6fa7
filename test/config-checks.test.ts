// Every setting checked against what the board can do, one line each naming
// file and key, all at once; the config file's own troubles (empty, BOM,
// duplicate keys); and a user's text reaching the board as its UTF-8 bytes.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { asciiUrl, checkConfig, readConfigFile } from "../tools/config";
import { getProfile } from "../board/profiles";
import { buildApp } from "./tools/app-bundle";
import { onRequest, runApp, type VirtualClock } from "../sim/index";

const dir = mkdtempSync(join(tmpdir(), "config-checks-"));
const GOOD = { url: "http://example.com/", ssid: "home", password: "long-enough" };

/** The lines checkConfig refuses `raw` with on `board` (none: []). */
function problems(raw: Record<string, unknown>, board = "espruino-wifi"): string[] {
  try {
    checkConfig(raw, "config.json", getProfile(board));
    return [];
  } catch (e) {
    return (e as Error).message.split("\n");
  }
}

test("each bad setting is one line naming file and key, with what to do", () => {
  const cases: [Record<string, unknown>, string, string?][] = [
    [{ led: "FOO" }, 'config.json: key "led" is "FOO", not a pin of espruino-wifi: use one of LED1, LED2, BTN1, A0-A15, B0-B15, C13-C15'],
    [{ led: "D99" }, 'config.json: key "led" is "D99", not a pin of esp32: use one of LED1, D0-D39', "esp32"],
    [{ led: "LED2" }, 'config.json: key "led" is "LED2", not a pin of esp8266: use one of D0-D16', "esp8266"],
    [{ at: { serial: "Serial9" } }, 'config.json: key "at.serial" is "Serial9", not a serial port of pico-esp8266: use one of Serial1, Serial2', "pico-esp8266"],
    [{ at: { rx: "Q1" } }, 'config.json: key "at.rx" is "Q1", not a pin of pico-esp8266: use one of LED1, LED2, BTN1, A0-A15, B0-B15, C13-C15', "pico-esp8266"],
    [{ at: { baud: 115201 } }, 'config.json: key "at.baud" is 115201: use one of 9600, 19200, 38400, 57600, 74880, 115200, 230400, 460800, 921600 (the module\'s is usually 115200)', "pico-esp8266"],
    [{ ssid: "x".repeat(33) }, 'config.json: key "ssid" is 33 bytes long in UTF-8: a WiFi name is 1 to 32 bytes'],
    [{ ssid: "ö".repeat(17) }, 'config.json: key "ssid" is 34 bytes long in UTF-8: a WiFi name is 1 to 32 bytes'],
    [{ password: "short" }, 'config.json: key "password" has 5 characters: a WPA2 password has 8 to 63 (or "" for an open network)'],
    [{ password: "p".repeat(64) }, 'config.json: key "password" has 64 characters: a WPA2 password has 8 to 63 (or "" for an open network)'],
    [{ ssid: "your-wifi-name" }, 'config.json: key "ssid" is still the example\'s "your-wifi-name": edit it to your network\'s name'],
    [{ password: "your-wifi-password" }, 'config.json: key "password" is still the example\'s "your-wifi-password": edit it to your network\'s password'],
    [{ intervalMs: 60 }, 'config.json: key "intervalMs" is 60: it is in milliseconds, at least 1000 (60 s is 60000), or 0 for one request'],
    [{ url: "http://example.com/" + "a".repeat(2100) }, 'config.json: key "url" is 2119 characters long: at most 2048'],
    [{ url: "https://example.com/" }, 'config.json: key "url" is https://, but the esp8266 firmware has no TLS: use an http:// address', "esp8266"],
    [{ url: 5 }, 'config.json: key "url" must be a string (it is a number)'],
    [{ intervalMs: "60000" }, 'config.json: key "intervalMs" must be a number (it is a string)'],
    [{ led: null }, 'config.json: key "led" must be a string (it is null)'],
    [{ url: "http://bücher.de/" }, 'config.json: key "url" is not usable: host "bücher.de" is not ASCII: use its punycode name xn--bcher-kva.de'],
    [{ url: "http://[::1]:8080/" }, 'config.json: key "url" is not usable: host [::1] is an IPv6 address: Espruino has no IPv6, use the host\'s name or its IPv4 address'],
  ];
  for (const [over, line, board] of cases) assert.deepEqual(problems({ ...GOOD, ...over }, board), [line], Object.keys(over).join());
  assert.deepEqual(problems({ ...GOOD, password: "" }), [], "an open network");
  assert.deepEqual(problems({ ...GOOD, intervalMs: 0 }), []);
  assert.deepEqual(problems({ ...GOOD, led: "B12" }), []);
});

test("several bad settings are all named at once", () => {
  assert.deepEqual(problems({ url: "https://example.com/", ssid: "your-wifi-name", password: "abc", led: "LED9", intervalMs: 5 }, "esp32"), [
    'config.json: key "ssid" is still the example\'s "your-wifi-name": edit it to your network\'s name',
    'config.json: key "password" has 3 characters: a WPA2 password has 8 to 63 (or "" for an open network)',
    'config.json: key "led" is "LED9", not a pin of esp32: use one of LED1, D0-D39',
    'config.json: key "intervalMs" is 5: it is in milliseconds, at least 1000 (5 s is 5000), or 0 for one request',
    'config.json: key "url" is https://, but the esp32 firmware has no TLS: use an http:// address',
  ]);
});

test("the config file: empty, a byte order mark, a key given twice", () => {
  const file = (name: string, text: string) => {
    const f = join(dir, name);
    writeFileSync(f, text);
    return f;
  };
  const empty = file("empty.json", " \n");
  assert.throws(() => readConfigFile(empty), (e: Error) => e.message === `${empty}: the file is empty (copy config.example.json to ${empty} and edit it)`);
  assert.deepEqual(readConfigFile(file("bom.json", "\ufeff" + JSON.stringify(GOOD))), GOOD);
  const twice = file("twice.json", '{"ssid": "a", "url": "http://x/", "headers": {"X-A": "1", "X-A": "2"}, "ssid": "b"}');
  assert.throws(() => readConfigFile(twice), (e: Error) => e.message === `${twice}: key "headers.X-A" is given twice: keep one\n${twice}: key "ssid" is given twice: keep one`);
});

test("a URL's path outside ASCII goes out percent-encoded as UTF-8", () => {
  assert.equal(asciiUrl("http://example.com/echo/ü?q=grüße#ö"), "http://example.com/echo/%C3%BC?q=gr%C3%BC%C3%9Fe#%C3%B6");
  assert.equal(asciiUrl("http://example.com/a%20b"), "http://example.com/a%20b");
  assert.equal(checkConfig({ ...GOOD, url: "http://example.com/ü" }, "config.json", getProfile("esp32")).url, "http://example.com/%C3%BC");
});

/** What a string holds on the board, byte for byte (Espruino strings are bytes: no character above 255). */
function boardBytes(s: string): Buffer {
  for (let i = 0; i < s.length; i++) assert.ok(s.charCodeAt(i) < 256, `character ${i} of ${JSON.stringify(s)} is not a byte`);
  return Buffer.from(s, "latin1");
}

test("SSID, password, header values and URL reach the board and the wire as their UTF-8 bytes", async () => {
  const ssid = "Café Wörld";
  const password = "pässwörd\u2028end";
  const header = "Grüße, 東京";
  for (const board of ["espruino-wifi", "esp8266"]) {
    const { code, storage } = await buildApp(board, { url: "http://example.com/echo/ü", ssid, password, headers: { "X-Name": header } });
    const utf8 = (s: string) => Buffer.from(s, "utf8").toString("latin1");
    let head = "";
    const run = runApp({
      code, storage, board,
      wifi: { ssid: utf8(ssid), password: utf8(password) },
      servers: { "example.com:80": onRequest((h, c) => { head = h; c.write("HTTP/1.1 204 No Content\r\n\r\n"); c.end(); }) },
    });
    (run.clock as VirtualClock).runUntilIdle();
    // The access point compares bytes: a join means the SSID and password arrived as UTF-8.
    assert.ok(run.printed.some((l) => l.startsWith("DONE 204, 0 bytes")), board + " joined and fetched: " + run.printed.join(" | "));
    const bytes = boardBytes(head);
    assert.ok(bytes.includes(Buffer.from("GET /echo/%C3%BC HTTP/1.1\r\n")), board + ": " + head);
    assert.ok(bytes.includes(Buffer.concat([Buffer.from("\r\nX-Name: "), Buffer.from(header, "utf8"), Buffer.from("\r\n")])), board + " header bytes");
  }
});
