// The user's settings (config.json's keys), kept on the board in the Storage
// file SETTINGS_FILE and checked at every start by src/main.ts; the host runs
// the same checks (tools/config.ts) before it writes the file to a board, so
// a file edited by hand on the board is judged as the build would judge it.
//
// One row per key in ROWS: its name, its kind, then the kind's arguments. A
// new key is one more row (and, for a new kind, one more case in checkValue).
// Every problem is reported, one line each naming the key.
//
// Only start-up needs any of this: the table is made inside checkSettings, so
// it is freed once the app has its settings.

import { AppConfig, AtSettings } from "./config";
import { parseUrl, isError } from "../http/url";
import { checkExtraHeaders } from "../http/request";
import { checksProblem } from "./checks-settings";

/** Storage file names are at most 28 characters (Espruino's jsflash.h). */
export const SETTINGS_FILE = "http-get.json";

/** The checked settings: the app's, plus the LEDs' pin names (resolved by src/main.ts). */
export type Settings = AppConfig & { led: string; led2: string | null };

/** What the checks must know about the board: the build's constants on the device. */
export interface BoardFacts {
  id: string;
  wifi: "builtin" | "at" | "none";
  led: string;
  /** The second LED's default (two-LED boards), "" or absent where there is none. */
  led2?: string;
  ledActiveLow: boolean;
  /** The AT module's default wiring (pico-esp8266 only). */
  at?: AtSettings;
  /** On the board: the global scope, where pins and serial ports are found by name. */
  pins?: { [name: string]: any };
  /**
   * On the board: whether the settings file is in Storage at all, asked when
   * `raw` is undefined (Storage.readJSON gives that for a missing file and,
   * with noExceptions, for one that is not JSON).
   */
  stored?: () => boolean;
}

type Raw = { [key: string]: any };

// Kinds of value. TEXT: a string (row: default, "wifi" when required on a
// board that joins WiFi); WHOLE: a whole number (row: default, min, max);
// FLAG: true or false (default: the board's LED polarity); PIN: a pin name
// (default: the board's LED); URL: required, http:// or https://; HEADERS:
// {"Name": "value"}; AT: the AT module's wiring; LED2: a pin name or null
// (default: the board's second LED); CHOICE: one of the row's words (no
// default: the app decides).
const TEXT = 0;
const WHOLE = 1;
const FLAG = 2;
const PIN = 3;
const URL = 4;
const HEADERS = 5;
const AT = 6;
const LED2 = 7;
const CHOICE = 8;

const WEEK_MS = 7 * 24 * 3600 * 1000;

/** The checked settings, with defaults filled in, and every problem found (none: usable). */
export interface CheckedSettings {
  settings: Settings;
  problems: string[];
}

/**
 * Checks what the settings file (or config.json) holds. `raw` may be
 * anything JSON can give; each problem is `key "K" <what is wrong>`.
 * Where a key is wrong its default is filled in, so the LED still works to
 * show the fault. The helpers are inner functions: made for the one call
 * at start and freed with it, like the table.
 */
export function checkSettings(raw: unknown, board: BoardFacts): CheckedSettings {
  const ROWS: any[][] = [
    ["url", URL],
    ["ssid", TEXT, "", "wifi"],
    ["password", TEXT, ""],
    ["intervalMs", WHOLE, 0, 0, WEEK_MS],
    ["timeoutMs", WHOLE, 10000, 100, 600000],
    ["wifiTimeoutMs", WHOLE, 30000, 1000, 600000],
    ["led", PIN],
    ["ledActiveLow", FLAG],
    ["printBody", WHOLE, 512, 0, 4096],
    ["headers", HEADERS],
    ["at", AT],
    // The status light's keys: unset, the app's defaults hold (src/app/signal.ts).
    ["led2", LED2],
    ["signal", CHOICE, undefined, ["repeat", "once"]],
    ["signalEveryMs", WHOLE, undefined, 2000, 3600000],
    ["failAfter", WHOLE, undefined, 1, 1000],
  ];
  const AT_KEYS = ["serial", "rx", "tx", "baud"];
  const problems: string[] = [];
  const out: Raw = {};
  // Declared before its first use: Espruino does not hoist function declarations.
  function object(v: unknown): v is Raw {
    return typeof v === "object" && v !== null && !(v instanceof Array);
  }
  const isObject = object(raw);
  const given: Raw = isObject ? (raw as Raw) : {};

  /** On the board: no `name` there with this method (a pin's write, a port's setup). */
  function absent(name: string, method: string): boolean {
    const p = board.pins ? board.pins[name] : 1;
    return p == null || !!board.pins && typeof p[method] !== "function";
  }
  /** A pin or port name: a capital, then letters, digits or _ (classes and * run on Espruino). */
  function name(v: any): boolean {
    return typeof v === "string" && /^[A-Z][A-Za-z0-9_]*$/.test(v);
  }
  function headers(v: any): string {
    if (!object(v)) return 'must be an object such as {"Accept-Language": "en"}';
    const pairs: [string, string][] = [];
    for (const n in v) {
      if (typeof v[n] !== "string") return 'value of "' + n + '" must be a string';
      pairs.push([n, v[n]]);
    }
    const err = checkExtraHeaders(pairs);
    out.headers = pairs;
    return err ? err.reason : "";
  }
  function at(v: any): string {
    if (board.wifi !== "at") return "only applies to a board with an AT-command WiFi module (pico-esp8266), not '" + board.id + "'";
    if (!object(v)) return 'must be an object such as {"serial": "Serial2", "rx": "A3", "tx": "A2"}';
    const w: Raw = {};
    for (let i = 0; i < 4; i++) w[AT_KEYS[i]] = v[AT_KEYS[i]] === undefined ? (board.at as Raw)[AT_KEYS[i]] : v[AT_KEYS[i]];
    out.at = w;
    for (const k in v) if (AT_KEYS.indexOf(k) < 0) return 'has an unknown key "' + k + '" (known: ' + AT_KEYS.join(", ") + ")";
    return (typeof w.serial !== "string" || !/^Serial[0-9]$/.test(w.serial) ? "serial must be a port name such as Serial2" :
        absent(w.serial, "setup") ? "serial names no port on this board: " + w.serial :
          !name(w.rx) || !name(w.tx) ? "rx and tx must be pin names such as A3 and A2" :
            typeof w.baud !== "number" || !(w.baud > 0) ? "baud must be a positive number" : "");
  }
  /** What is wrong with a value that is there, or "". */
  function check(row: any[], v: any): string {
    const kind: number = row[1];
    if (kind === WHOLE) {
      return typeof v !== "number" || Math.floor(v) !== v || v < row[3] || v > row[4] ? "must be a whole number from " + row[3] + " to " + row[4] : "";
    }
    if (kind === FLAG) return typeof v !== "boolean" ? "must be true or false" : "";
    if (kind === HEADERS) return headers(v);
    if (kind === AT) return at(v);
    if (kind === LED2 && v === null) return "";
    if (kind === CHOICE) return row[3].indexOf(v) < 0 ? 'must be "' + row[3].join('" or "') + '"' : "";
    if (typeof v !== "string") return kind === URL ? "is required: the http:// or https:// address to fetch" : "must be a string";
    if (kind === PIN || kind === LED2) return !name(v) ? "must be a pin name such as LED1, D2 or D25" : absent(v, "write") ? "names no pin on this board: " + v : "";
    const url = kind === URL ? parseUrl(v) : null;
    return url && isError(url) ? "is not usable: " + url.reason : "";
  }

  const known: string[] = [];
  for (let i = 0; i < ROWS.length; i++) {
    const row = ROWS[i];
    const key: string = row[0];
    const v = given[key];
    const kind: number = row[1];
    known.push(key);
    // A key left undefined is not made at all: on the board each key is a
    // name kept for the app's life (1 to 3 variable blocks).
    const initial = kind === PIN ? board.led : kind === LED2 ? board.led2 || null : kind === FLAG ? board.ledActiveLow : kind === HEADERS ? [] : kind === AT ? board.at : row[2];
    if (initial !== undefined) out[key] = initial;
    let why = v === undefined ? (kind === URL ? check(row, v) : "") : check(row, v);
    if (!why && v !== undefined && (kind < HEADERS || kind > AT)) out[key] = v;
    if (!why && row[3] === "wifi" && !out[key] && board.wifi !== "none") why = "is required on board '" + board.id + "' (the WiFi network name)";
    if (why) problems.push('key "' + key + '" ' + why);
  }
  // expect and value: checked by their own rules (checks-settings.ts), kept as given.
  known.push("expect", "value");
  const p = checksProblem(given.expect, given.value, object);
  if (p) problems.push('key "' + p[0] + '" ' + p[1]);
  else {
    if (given.expect !== undefined) out.expect = given.expect;
    if (given.value !== undefined) out.value = given.value;
  }
  // A name of its own: Espruino does not hoist `var`, so one name declared
  // twice in a function (the minifier drops one `var`) may write an outer one.
  for (const extra in given) if (known.indexOf(extra) < 0) problems.push('key "' + extra + '" is not a known key (known: ' + known.join(", ") + ")");
  // Defaults are filled in all the same, for the LED that shows the fault.
  const whole = raw === undefined && board.stored
    ? SETTINGS_FILE + (board.stored() ? " is not valid JSON" : " is not in Storage (npm run configure writes it)")
    : "must hold one JSON object";
  return { settings: out as Settings, problems: isObject ? problems : [whole] };
}
