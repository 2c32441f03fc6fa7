// The user's config file (config.json, see config.example.json), checked on
// the host before anything is built: every problem is one line naming the
// file and the key, so a board never runs with a config it cannot use.
import { readFileSync } from "node:fs";
import { domainToASCII } from "node:url";
import { parseUrl, isError } from "../src/http/url";
import { checkExtraHeaders } from "../src/http/request";
import { checksProblem } from "../src/app/checks-settings";
import type { AppConfig } from "../src/app/config";
import { BoardProfile, UsageError } from "../board/profiles";
import { duplicateKeys } from "./json-duplicates";
import { boardConfigProblems } from "./config-board";

const KEYS = [
  "url", "ssid", "password", "intervalMs", "timeoutMs", "wifiTimeoutMs",
  "led", "ledActiveLow", "printBody", "headers", "at",
  "led2", "signal", "signalEveryMs", "failAfter", "expect", "value",
];
const PIN_NAME = /^[A-Z][A-Za-z0-9_]{0,7}$/;
const AT_KEYS = ["serial", "rx", "tx", "baud"];

type Raw = Record<string, unknown>;

/** The app's settings plus the LED pin names, which the build turns into APP_LED and APP_LED2. */
export type CheckedConfig = AppConfig & { led: string; led2: string | null };

export function readConfigFile(file: string): Raw {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    throw new UsageError(`${file}: cannot read the config file (copy config.example.json to ${file} and edit it)`);
  }
  // A UTF-8 byte order mark (Windows Notepad writes one) is not JSON: skip it.
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === "") throw new UsageError(`${file}: the file is empty (copy config.example.json to ${file} and edit it)`);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`${file}: not valid JSON${jsonErrorPlace(text, (e as Error).message)}`);
  }
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    throw new UsageError(`${file}: must hold one JSON object`);
  }
  const twice = duplicateKeys(text);
  if (twice.length) throw new UsageError(twice.map((k) => `${file}: key "${k}" is given twice: keep one`).join("\n"));
  return raw as Raw;
}

/**
 * Where JSON.parse stopped, as " at line L column C". Only the place: newer
 * Node versions quote the text around it, which may be the WiFi password.
 */
function jsonErrorPlace(text: string, message: string): string {
  const m = /position ([0-9]+)/.exec(message);
  if (!m) return "";
  const before = text.slice(0, Number(m[1])).split("\n");
  return ` at line ${before.length} column ${before[before.length - 1].length + 1}`;
}

function wholeNumber(raw: Raw, key: string, def: number, min: number, max: number, fail: (k: string, m: string) => never): number {
  const v = raw[key];
  if (v === undefined) return def;
  if (typeof v !== "number" || Math.floor(v) !== v || v < min || v > max) {
    fail(key, `must be a whole number from ${min} to ${max}`);
  }
  return v as number;
}

function optString(raw: Raw, key: string, def: string, fail: (k: string, m: string) => never): string {
  const v = raw[key];
  if (v === undefined) return def;
  if (typeof v !== "string") fail(key, "must be a string");
  return v as string;
}

/** The key a problem line names (`key "at.serial" ...` -> "at"). */
function keyOf(line: string): string {
  const m = /^key "([^".]*)/.exec(line);
  return m ? m[1] : "";
}

/**
 * Validates and fills in defaults; throws UsageError with every problem
 * found, one line each naming file and key (a key the board check
 * (config-board.ts) found wrong is not named twice).
 */
export function checkConfig(raw: Raw, file: string, board: BoardProfile): CheckedConfig {
  const host = boardConfigProblems(raw, board);
  let checked: CheckedConfig | undefined;
  let more: string[] = [];
  try {
    checked = checkKeys(raw, file, board);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    more = e.message.split("\n").map((l) => (l.startsWith(file + ": ") ? l.slice(file.length + 2) : l));
  }
  const named = host.map(keyOf);
  const all = host.concat(more.filter((l) => named.indexOf(keyOf(l)) < 0));
  if (all.length || !checked) throw new UsageError(all.map((p) => `${file}: ${p}`).join("\n"));
  return checked;
}

function checkKeys(raw: Raw, file: string, board: BoardProfile): CheckedConfig {
  const fail = (key: string, msg: string): never => {
    throw new UsageError(`${file}: key "${key}" ${msg}`);
  };
  for (const k of Object.keys(raw)) {
    if (KEYS.indexOf(k) < 0) fail(k, `is not a known key (known: ${KEYS.join(", ")})`);
  }
  if (typeof raw.url !== "string") fail("url", "is required: the http:// or https:// address to fetch");
  const urlText = asciiUrl(raw.url as string);
  const url = parseUrl(urlText);
  if (isError(url)) fail("url", `is not usable: ${hostHint(urlText) || url.reason}`);
  const ssid = optString(raw, "ssid", "", fail);
  if (board.wifi !== "none" && ssid === "") fail("ssid", `is required on board '${board.id}' (the WiFi network name)`);
  const password = optString(raw, "password", "", fail);
  const led = optString(raw, "led", board.led, fail);
  if (!PIN_NAME.test(led)) fail("led", "must be a pin name such as LED1, D2 or D25");
  const led2 = raw.led2 === undefined ? board.led2 || null : raw.led2;
  if (led2 !== null && (typeof led2 !== "string" || !PIN_NAME.test(led2))) fail("led2", "must be a pin name such as LED2, or null for none");
  const lowKey = raw.ledActiveLow;
  if (lowKey !== undefined && typeof lowKey !== "boolean") fail("ledActiveLow", "must be true or false");
  const headers = checkHeaders(raw.headers, fail);
  return {
    url: urlText,
    ssid,
    password,
    intervalMs: wholeNumber(raw, "intervalMs", 0, 0, 7 * 24 * 3600 * 1000, fail),
    timeoutMs: wholeNumber(raw, "timeoutMs", 10000, 100, 600000, fail),
    wifiTimeoutMs: wholeNumber(raw, "wifiTimeoutMs", 30000, 1000, 600000, fail),
    printBody: wholeNumber(raw, "printBody", 512, 0, 4096, fail),
    ledActiveLow: lowKey === undefined ? board.ledActiveLow : (lowKey as boolean),
    headers,
    at: checkAt(raw.at, board, fail),
    led,
    led2: led2 as string | null,
    ...checkSignal(raw, fail),
  };
}

/** Scheme and authority, then the rest (path, query, fragment). */
const URL_PARTS = /^([a-z]+:\/\/[^/?#]*)(.*)$/is;

/**
 * The URL as it goes on the wire: characters outside ASCII in its path and
 * query percent-encoded as their UTF-8 bytes, as browsers do (RFC 3986 2.1:
 * "/echo/ü" is "/echo/%C3%BC"). A host outside ASCII is left for the check
 * to name (hostHint), as is text that is no UTF-8 (a lone surrogate).
 */
export function asciiUrl(url: string): string {
  const m = URL_PARTS.exec(url);
  if (!m) return url;
  try {
    return m[1] + m[2].replace(/[^\x00-\x7f]+/g, (run) => encodeURIComponent(run));
  } catch {
    return url;
  }
}

/**
 * What to write instead of a host the board cannot use, or "": a name
 * outside ASCII as its punycode (RFC 5890), an IPv6 literal (RFC 3986
 * 3.2.2 "[...]") not at all, as Espruino's sockets have no IPv6.
 */
function hostHint(url: string): string {
  const m = URL_PARTS.exec(url);
  const authority = m ? m[1].replace(/^[a-z]+:\/\//i, "") : "";
  if (authority[0] === "[") return `host ${authority.replace(/\].*$/, "]")} is an IPv6 address: Espruino has no IPv6, use the host's name or its IPv4 address`;
  const host = authority.replace(/:[0-9]*$/, "");
  if (!/[^\x00-\x7f]/.test(host)) return "";
  const ascii = domainToASCII(host);
  return `host "${host}" is not ASCII: use its punycode name${ascii ? " " + ascii : " (xn--...)"}`;
}

/** The status light's keys; only those given are kept (the app has the defaults). */
function checkSignal(raw: Raw, fail: (k: string, m: string) => never): Partial<AppConfig> {
  const out: Partial<AppConfig> = {};
  if (raw.signal !== undefined) {
    if (raw.signal !== "repeat" && raw.signal !== "once") fail("signal", 'must be "repeat" or "once"');
    out.signal = raw.signal as string;
  }
  if (raw.signalEveryMs !== undefined) out.signalEveryMs = wholeNumber(raw, "signalEveryMs", 0, 2000, 3600000, fail);
  if (raw.failAfter !== undefined) out.failAfter = wholeNumber(raw, "failAfter", 0, 1, 1000, fail);
  const problem = checksProblem(raw.expect, raw.value);
  if (problem) fail(problem[0], problem[1]);
  if (raw.expect !== undefined) out.expect = raw.expect as AppConfig["expect"];
  if (raw.value !== undefined) out.value = raw.value as string;
  return out;
}

function checkHeaders(v: unknown, fail: (k: string, m: string) => never): [string, string][] {
  if (v === undefined) return [];
  if (typeof v !== "object" || v === null || Array.isArray(v)) fail("headers", 'must be an object such as {"Accept-Language": "en"}');
  const pairs: [string, string][] = [];
  for (const name of Object.keys(v as Raw)) {
    const value = (v as Raw)[name];
    if (typeof value !== "string") fail("headers", `value of "${name}" must be a string`);
    pairs.push([name, value as string]);
  }
  const err = checkExtraHeaders(pairs);
  if (err) fail("headers", err.reason);
  return pairs;
}

function checkAt(v: unknown, board: BoardProfile, fail: (k: string, m: string) => never) {
  if (v === undefined) return board.at;
  if (board.wifi !== "at") fail("at", `only applies to a board with an AT-command WiFi module (pico-esp8266), not '${board.id}'`);
  if (typeof v !== "object" || v === null) fail("at", 'must be an object such as {"serial": "Serial2", "rx": "A3", "tx": "A2"}');
  const o = v as Raw;
  for (const k of Object.keys(o)) if (AT_KEYS.indexOf(k) < 0) fail("at", `has an unknown key "${k}" (known: ${AT_KEYS.join(", ")})`);
  const merged = { ...board.at!, ...o };
  if (!/^Serial[0-9]$/.test(String(merged.serial))) fail("at", "serial must be a port name such as Serial2");
  if (!PIN_NAME.test(String(merged.rx)) || !PIN_NAME.test(String(merged.tx))) fail("at", "rx and tx must be pin names such as A3 and A2");
  if (typeof merged.baud !== "number" || merged.baud <= 0) fail("at", "baud must be a positive number");
  return merged;
}
