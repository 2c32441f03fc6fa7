// The settings file on the board, through its console: what `npm run upload`
// and `npm run configure` type there. The text travels as base64 and is
// decoded by the board's atob(), so the file gets the UTF-8 bytes of the
// config as they are ("café" is 63 61 66 C3 A9), whatever the firmware makes
// of \u escapes in a string literal.
import { SETTINGS_FILE } from "../src/app/settings";

/** The settings file's text (a JS string of UTF-8 text) as a board expression giving its bytes. */
function bytesExpr(text: string): string {
  return `atob(${JSON.stringify(Buffer.from(text, "utf8").toString("base64"))})`;
}

/** Writes the settings file; nothing is printed (upload types it before sending the app). */
export function writeSettingsExpr(text: string): string {
  return `require("Storage").write(${JSON.stringify(SETTINGS_FILE)},${bytesExpr(text)})`;
}

/** The line the board prints for each key: `CFG <key> <same|changed|added|removed>`, or `CFG ? unreadable|none`. */
const MARK = "CFG";

/**
 * Compares the file on the board with the new text by key, prints only key
 * names and what happened to them (never a value: the old password stays on
 * the board), writes the new file, then restarts the app so it reads it:
 * load() when the app is saved as boot code (upload --save), else
 * load("http-get.app.js"); `CFG ? noapp` when neither is there.
 */
export function configureExpr(text: string, appFile: string): string {
  const f = JSON.stringify(SETTINGS_FILE);
  return `(function(S,n){var o=S.readJSON(${f},1),k,J=JSON.stringify;` +
    `if(o===undefined||o===null||typeof o!="object")print("${MARK} ? "+(S.read(${f})===undefined?"none":"unreadable"));` +
    `else{for(k in n)print("${MARK} "+k+" "+(o[k]===undefined?"added":J(o[k])==J(n[k])?"same":"changed"));` +
    `for(k in o)if(n[k]===undefined)print("${MARK} "+k+" removed")}` +
    `S.write(${f},${bytesExpr(text)});` +
    `if(S.read(".bootcde")!==undefined)load();else if(S.read(${JSON.stringify(appFile)})!==undefined)load(${JSON.stringify(appFile)});else print("${MARK} ? noapp")` +
    `})(require("Storage"),JSON.parse(${bytesExpr(text)}))`;
}

export interface BoardChanges {
  /** Key -> same | changed | added | removed; empty when the old file could not be read. */
  keys: Record<string, string>;
  /** The old file: "none" (absent), "unreadable" (not JSON) or "read". */
  old: "none" | "unreadable" | "read";
  /** Whether an app was there to restart. */
  restarted: boolean;
  /** Whether the board answered at all. */
  answered: boolean;
}

/** What the board said in answer to configureExpr, from the tool's output ("--] " lines). */
export function boardChanges(output: string): BoardChanges {
  const r: BoardChanges = { keys: {}, old: "read", restarted: true, answered: false };
  const re = new RegExp(`^--\\] >?${MARK} (\\S+) (\\S+)`, "gm");
  for (let m = re.exec(output); m; m = re.exec(output)) {
    r.answered = true;
    if (m[1] !== "?") r.keys[m[1]] = m[2];
    else if (m[2] === "noapp") r.restarted = false;
    else r.old = m[2] as BoardChanges["old"];
  }
  return r;
}

/**
 * One line per key of the new settings (and any the old file had): what
 * happened to it, never its value. When the old file could not be read,
 * every key is "set".
 */
export function changeLines(c: BoardChanges, newKeys: string[]): string[] {
  if (c.old !== "read") return newKeys.map((k) => `${k}: set`);
  const keys = newKeys.concat(Object.keys(c.keys).filter((k) => newKeys.indexOf(k) < 0));
  return keys.map((k) => `${k}: ${c.keys[k] === "same" ? "unchanged" : c.keys[k] || "set"}`);
}
