// The user's config file (config.json, see config.example.json), checked on
// the host before anything is written to a board: every problem is one line
// naming the file and the key, so a board never gets settings it cannot use.
// The checks are the board's own (src/app/settings.ts, which the app runs on
// the settings file at every start), plus those only the host can make
// (tools/config-board.ts: the board's pins, what a maker means); the
// settings file the board reads holds the config's own keys.
import { readFileSync } from "node:fs";
import { domainToASCII } from "node:url";
import { checkSettings, Settings, BoardFacts } from "../src/app/settings";
import { BoardProfile, UsageError } from "../board/profiles";
import { duplicateKeys } from "./json-duplicates";
import { boardConfigProblems } from "./config-board";

type Raw = Record<string, unknown>;

/** The checked settings, defaults filled in. */
export type CheckedConfig = Settings;

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

/** What the board's own check knows of a board profile. */
export function boardFacts(board: BoardProfile): BoardFacts {
  return { id: board.id, wifi: board.wifi, led: board.led, led2: board.led2, ledActiveLow: board.ledActiveLow, at: board.at };
}

/** The key a problem line names (`key "at.serial" ...` -> "at"). */
function keyOf(line: string): string {
  const m = /^key "([^".]*)/.exec(line);
  return m ? m[1] : "";
}

/**
 * Validates and fills in defaults; throws UsageError with every problem
 * found, one line each naming file and key (a key the host's checks
 * (config-board.ts) found wrong is not named twice).
 */
export function checkConfig(raw: Raw, file: string, board: BoardProfile): CheckedConfig {
  const host = boardConfigProblems(raw, board);
  const checked = checkSettings(normalised(raw), boardFacts(board));
  const hint = typeof raw.url === "string" ? hostHint(asciiUrl(raw.url)) : "";
  const named = host.map(keyOf);
  const more = checked.problems
    .map((l) => (hint && keyOf(l) === "url" && / is not usable: /.test(l) ? `key "url" is not usable: ${hint}` : l))
    .filter((l) => named.indexOf(keyOf(l)) < 0);
  const all = host.concat(more);
  if (all.length) throw new UsageError(all.map((p) => `${file}: ${p}`).join("\n"));
  return checked.settings;
}

/** The config as the board gets it: the URL as it goes on the wire (asciiUrl). */
export function normalised(raw: Raw): Raw {
  return typeof raw.url === "string" ? { ...raw, url: asciiUrl(raw.url) } : raw;
}

/**
 * The settings file's text for the board: the config's own keys, as JSON
 * (written to the board as UTF-8 bytes), so a user who opens it recognises
 * config.json; defaults are the board's to fill in.
 */
export function settingsText(raw: Raw): string {
  return JSON.stringify(normalised(raw), null, 2) + "\n";
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
