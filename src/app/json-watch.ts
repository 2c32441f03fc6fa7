// Finds one value in a JSON body as it streams, by a path such as
// `items.0.state`, keeping only the value's text (at most VALUE_MAX
// characters) and a few counters between pieces, whatever the body's size.
//
// It hops from one structural character to the next with a global RegExp
// (one native search per hop) and over strings with indexOf: no JavaScript
// runs per character. Inside a container that is not on the path (most of a
// body) only brackets and quotes matter: skip() is one tight loop, because
// Espruino lexes a function's whole text at every call (a hop through
// structural() costs about 20 times a hop of skip() on Espruino for Linux).
// On the path commas and colons matter too (PATH).
//
// Legend of `st`:
//   S_START   before the body's first character: it must open { or [
//   S_SCAN    outside strings: hopping over structural characters
//   S_STRING  inside a string (a key of a container on the path is kept)
//   S_DONE    answered: `text` holds the value's JSON text, or `problem` says why not
//
// Depth counts open containers; `lvl` is the depth of the container on the
// path that holds the segment sought (path[lvl - 1]). A container deeper
// than `lvl` is skipped whole. The first match wins, and nothing after it is read.

/** The longest value text kept; a longer value is a failed check. */
export const VALUE_MAX = 100;

const S_START = 0;
const S_SCAN = 1;
const S_STRING = 2;
const S_DONE = 3;

export interface JsonWatch {
  push_(piece: string): void;
  /** The body ended: a value not found by now is missing. */
  end_(): void;
  /** The value's JSON text once found. */
  text_?: string;
  /** Why there is no value: set once the answer is known. */
  problem_?: string;
}

export function createJsonWatch(path: string): JsonWatch {
  const seg = path.split(".");
  const missing = "no " + path + " in the body";
  const notJson = "the body is not JSON";
  const tooLong = path + " is longer than " + VALUE_MAX + " characters";
  const PATH = /[{}\[\]":,]/g;
  const SKIP = /["{}\[\]]/g;
  let st = S_START;
  let depth = 0;
  let lvl = 0;
  // In the container on the path: an object?, the element's index, the next
  // string is a key, the key just read matched, the value now starting is
  // the one sought.
  let obj = false;
  let idx = 0;
  let isKey = false;
  let keyHit = false;
  let hit = true;
  // The key being read (only in S_STRING); the value's text so far and where
  // it starts in this piece (-1: not capturing).
  let key = "";
  let cap = "";
  let from = -1;
  // The first character of the next piece is escaped (a piece ended on `\`).
  let esc = false;

  function finish(text: string | undefined, problem?: string): void {
    st = S_DONE;
    w.text_ = text;
    w.problem_ = problem;
    cap = key = "";
  }

  // A string ends at the first quote with an even run of backslashes before it.
  function stringEnd(s: string, i: number): number {
    let q = s.indexOf('"', i);
    while (q >= 0) {
      let b = q;
      while (b > i && s.charAt(b - 1) === "\\") b--;
      if ((q - b) % 2 === 0) return q;
      q = s.indexOf('"', q + 1);
    }
    return q;
  }

  function inString(s: string, i: number): number {
    const q = stringEnd(s, i);
    const stop = q < 0 ? s.length : q;
    if (isKey && key.length <= VALUE_MAX) key += s.substring(i, stop);
    if (q < 0) {
      let b = s.length;
      while (b > i && s.charAt(b - 1) === "\\") b--;
      esc = (s.length - b) % 2 === 1;
      return s.length;
    }
    if (isKey) {
      keyHit = (key.indexOf("\\") < 0 ? key : decode(key)) === seg[lvl - 1];
      isKey = false;
    }
    st = S_SCAN;
    return q + 1;
  }

  // The value ends at the delimiter that follows it in its container.
  function capture(s: string, i: number): void {
    const text = (cap + s.substring(from, i)).trim();
    from = -1;
    if (text.length > VALUE_MAX) return finish(undefined, tooLong);
    try {
      JSON.parse(text);
      finish(text);
    } catch (e) {
      finish(undefined, notJson);
    }
  }

  // Reaching the value sought: keep its text, or go into it.
  function arrive(i: number): void {
    hit = true;
    if (lvl === seg.length) from = i + 1;
  }

  function structural(s: string, i: number, c: string): number {
    const here = depth === lvl;
    if (here && hit && from < 0 && c !== "{" && c !== "[") {
      finish(undefined, missing);
    } else if (c === '"') {
      st = S_STRING;
      isKey = here && obj && isKey;
      key = "";
    } else if (c === "{" || c === "[") {
      if (here && hit && from < 0) {
        lvl++;
        obj = c === "{";
        idx = 0;
        isKey = obj;
        hit = false;
        if (!obj && seg[lvl - 1] === "0") arrive(i);
      }
      depth++;
    } else if (here && from >= 0 && c !== ":") {
      capture(s, i);
    } else if (c === "}" || c === "]") {
      if (--depth < lvl) finish(undefined, missing);
    } else if (here && c === ":") {
      if (keyHit) arrive(i);
      keyHit = false;
    } else if (here && c === ",") {
      if (obj) isKey = true;
      else if (String(++idx) === seg[lvl - 1]) arrive(i);
    }
    return i + 1;
  }

  function start(s: string, i: number): number {
    const first = /[^ \t\r\n]/.exec(s.substring(i));
    if (!first) return s.length;
    st = S_SCAN;
    if (first[0] !== "{" && first[0] !== "[") finish(undefined, notJson);
    return i + first.index;
  }

  function scan(s: string, i: number): number {
    PATH.lastIndex = i;
    const m = PATH.exec(s);
    return m ? structural(s, m.index, m[0]) : s.length;
  }

  // Off the path: until the container ends (back at lvl) or the piece does.
  // A string with a backslash before its quote goes the long way (S_STRING).
  function skip(s: string, i: number): number {
    for (;;) {
      SKIP.lastIndex = i;
      const m = SKIP.exec(s);
      if (!m) return s.length;
      const c = m[0];
      i = m.index + 1;
      if (c === '"') {
        const q = s.indexOf('"', i);
        if (q < 0 || s.charAt(q - 1) === "\\") {
          st = S_STRING;
          isKey = false;
          return i;
        }
        i = q + 1;
      } else if (c === "{" || c === "[") depth++;
      else if (--depth === lvl) return i;
    }
  }

  function push(s: string): void {
    let i = 0;
    if (!s) return;
    if (esc && st === S_STRING) {
      if (isKey) key += s.charAt(0);
      i = 1;
    }
    esc = false;
    if (from >= 0) from = 0;
    while (i < s.length && st !== S_DONE) {
      i = st === S_SCAN ? (depth > lvl ? skip(s, i) : scan(s, i)) : st === S_STRING ? inString(s, i) : start(s, i);
    }
    if (from >= 0) {
      cap += s.substring(from);
      if (cap.trim().length > VALUE_MAX) finish(undefined, tooLong);
    }
  }

  function end(): void {
    if (st !== S_DONE) finish(undefined, st === S_START || depth ? notJson : missing);
  }

  /** A key with escapes, as JSON reads it. */
  function decode(raw: string): string {
    try {
      return JSON.parse('"' + raw + '"');
    } catch (e) {
      return raw;
    }
  }

  const w: JsonWatch = { push_: push, end_: end };
  return w;
}
