// Checks of a config against what the board can do and what a maker means,
// made on the host where the board's data (board/profiles.json) and the
// example config are at hand. Each problem is one line `key "K" ...`; all
// of them are returned, so one run of the build names every one.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { BoardProfile, pinNames, ROOT } from "../board/profiles";

type Raw = Record<string, unknown>;

/** IEEE 802.11: an SSID is 1 to 32 bytes. */
const SSID_MAX_BYTES = 32;
/** WPA2-Personal: a passphrase is 8 to 63 characters (IEEE 802.11i H.4.1). */
const PASSPHRASE_MIN = 8;
const PASSPHRASE_MAX = 63;
/** Shorter periods are a maker writing seconds; a server would see a flood. */
const MIN_INTERVAL_MS = 1000;
/** A URL longer than this is held whole in RAM on the board at every request. */
export const MAX_URL_CHARS = 2048;
/** UART rates an ESP8266 AT module is set to. */
const AT_BAUDS = [9600, 19200, 38400, 57600, 74880, 115200, 230400, 460800, 921600];
/** The example's values a maker must replace. */
const EXAMPLE_FILE = join(ROOT, "config.example.json");

/** What JSON gave: "a number", "an array", "null". */
function kindOf(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  return typeof v === "object" ? "an object" : `a ${typeof v}`;
}

/** The board's pin names for a message: the named ones, then the ranges. */
function pinList(board: BoardProfile): string {
  return Object.keys(board.pinAliases).concat(board.pins.map((r) => r.replace(/^([A-Z]+)([0-9]+)-/, "$1$2-$1"))).join(", ");
}

function examplePlaceholders(): Raw {
  try {
    return JSON.parse(readFileSync(EXAMPLE_FILE, "utf8"));
  } catch {
    return {};
  }
}

/** Keys whose value must be text (the type is named when it is not). */
const TEXT_KEYS = ["url", "ssid", "password", "led", "led2"];
/** Keys whose value must be a number. */
const NUMBER_KEYS = ["intervalMs", "timeoutMs", "wifiTimeoutMs", "printBody"];

function typeProblems(raw: Raw): string[] {
  const out: string[] = [];
  for (const k of TEXT_KEYS) {
    // led2 may be null: no second LED.
    if (raw[k] !== undefined && typeof raw[k] !== "string" && !(k === "led2" && raw[k] === null)) out.push(`key "${k}" must be a string (it is ${kindOf(raw[k])})`);
  }
  for (const k of NUMBER_KEYS) {
    if (raw[k] !== undefined && typeof raw[k] !== "number") out.push(`key "${k}" must be a number (it is ${kindOf(raw[k])})`);
  }
  return out;
}

function wifiProblems(raw: Raw, board: BoardProfile): string[] {
  const out: string[] = [];
  const example = examplePlaceholders();
  for (const k of ["ssid", "password"]) {
    if (typeof raw[k] === "string" && raw[k] !== "" && raw[k] === example[k]) {
      out.push(`key "${k}" is still the example's "${raw[k]}": edit it to your network's ${k === "ssid" ? "name" : "password"}`);
    }
  }
  const ssid = raw.ssid;
  if (board.wifi !== "none" && typeof ssid === "string" && ssid !== "" && Buffer.byteLength(ssid, "utf8") > SSID_MAX_BYTES) {
    out.push(`key "ssid" is ${Buffer.byteLength(ssid, "utf8")} bytes long in UTF-8: a WiFi name is 1 to ${SSID_MAX_BYTES} bytes`);
  }
  const pw = raw.password;
  if (typeof pw === "string" && pw !== "" && (pw.length < PASSPHRASE_MIN || pw.length > PASSPHRASE_MAX)) {
    out.push(`key "password" has ${pw.length} characters: a WPA2 password has ${PASSPHRASE_MIN} to ${PASSPHRASE_MAX} (or "" for an open network)`);
  }
  return out;
}

function pinProblems(raw: Raw, board: BoardProfile): string[] {
  const out: string[] = [];
  const pins = pinNames(board).concat(Object.keys(board.pinAliases));
  for (const k of ["led", "led2"]) {
    const v = raw[k];
    if (typeof v === "string" && pins.indexOf(v) < 0) out.push(`key "${k}" is "${v}", not a pin of ${board.id}: use one of ${pinList(board)}`);
  }
  const at = raw.at;
  if (board.wifi !== "at" || typeof at !== "object" || at === null) return out;
  const o = at as Raw;
  const ports = board.serialPorts || [];
  if (o.serial !== undefined && ports.indexOf(o.serial as string) < 0) out.push(`key "at.serial" is ${JSON.stringify(o.serial)}, not a serial port of ${board.id}: use one of ${ports.join(", ")}`);
  for (const k of ["rx", "tx"]) {
    if (o[k] !== undefined && pins.indexOf(o[k] as string) < 0) out.push(`key "at.${k}" is ${JSON.stringify(o[k])}, not a pin of ${board.id}: use one of ${pinList(board)}`);
  }
  if (o.baud !== undefined && AT_BAUDS.indexOf(o.baud as number) < 0) out.push(`key "at.baud" is ${JSON.stringify(o.baud)}: use one of ${AT_BAUDS.join(", ")} (the module's is usually 115200)`);
  return out;
}

function requestProblems(raw: Raw, board: BoardProfile): string[] {
  const out: string[] = [];
  const every = raw.intervalMs;
  if (typeof every === "number" && every > 0 && every < MIN_INTERVAL_MS) {
    out.push(`key "intervalMs" is ${every}: it is in milliseconds, at least ${MIN_INTERVAL_MS} (${every} s is ${every * 1000}), or 0 for one request`);
  }
  const url = raw.url;
  if (typeof url === "string" && url.length > MAX_URL_CHARS) out.push(`key "url" is ${url.length} characters long: at most ${MAX_URL_CHARS}`);
  if (typeof url === "string" && /^https:/i.test(url) && !board.tls) {
    out.push(`key "url" is https://, but the ${board.id} firmware has no TLS: use an http:// address`);
  }
  return out;
}

/** Every problem of `raw` on this board that the host can see, one line each. */
export function boardConfigProblems(raw: Raw, board: BoardProfile): string[] {
  return typeProblems(raw).concat(wifiProblems(raw, board), pinProblems(raw, board), requestProblems(raw, board));
}
