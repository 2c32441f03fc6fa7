// The checks on a response (`expect`) and the value to print (`value`), made
// fresh for each request: they read the body as it streams and keep only
// what they need (a needle's length of text for `contains`, a bounded value
// for each JSON path: json-watch.ts). verdict_() says why the response is
// not OK ("" when every check holds, and when the status alone says so: no
// `expect.status` and 400 or more); value_() is the VALUE line.

import { Expect, JsonCheck } from "./config";
import { createJsonWatch, JsonWatch } from "./json-watch";

export interface Checks {
  push_(piece: string): void;
  /** "" when every check holds, else the first failure in words. */
  verdict_(status: number): string;
  /** The `VALUE <path> = <json>` line (or why there is none). */
  value_(): string;
}

export function createChecks(x: Expect | undefined, valuePath: string | undefined): Checks {
  const want = x && x.contains;
  const json: JsonCheck[] = x && x.json ? [].concat(x.json as never) : [];
  const watches: JsonWatch[] = [];
  for (let k = 0; k < json.length; k++) watches.push(createJsonWatch(json[k].path));
  const shown = valuePath ? createJsonWatch(valuePath) : null;
  if (shown) watches.push(shown);
  // The end of the body so far, as long as `want` less one: a match cut
  // across two pieces is found in it.
  let tail = "";
  let found = !want;

  function push(piece: string): void {
    for (let k = 0; k < watches.length; k++) watches[k].push_(piece);
    if (found) return;
    const s = tail + piece;
    const at = s.indexOf(want!);
    // Espruino's indexOf can report a partial match at the very end.
    found = at >= 0 && at + want!.length <= s.length;
    tail = s.substring(Math.max(0, s.length - want!.length + 1));
  }

  function verdict(status: number): string {
    for (let k = 0; k < watches.length; k++) watches[k].end_();
    const codes = x && x.status;
    if (codes ? !statusIn(codes, status) : status >= 400) return codes ? "status " + status + " is not " + codes.map(function (c) {
      return typeof c === "number" ? c : c[0] + "-" + c[1];
    }).join(", ") : "";
    if (!found) return "the body does not contain " + JSON.stringify(want);
    for (let k = 0; k < json.length; k++) {
      const why = jsonVerdict(json[k], watches[k]);
      if (why) return why;
    }
    return "";
  }

  // Nested: a config without checks never creates them (each function is RAM).
  function statusIn(codes: (number | [number, number])[], status: number): boolean {
    for (let k = 0; k < codes.length; k++) {
      const c = codes[k];
      if (typeof c === "number" ? c === status : status >= c[0] && status <= c[1]) return true;
    }
    return false;
  }

  /** The check's failure in words, or "". */
  function jsonVerdict(c: JsonCheck, w: JsonWatch): string {
    const t = w.text_;
    if (c.exists !== undefined) return (t !== undefined) === c.exists ? "" : c.path + (c.exists ? " is missing: " + w.problem_ : " exists");
    if (t === undefined) return w.problem_!;
    const v = JSON.parse(t);
    const is = c.path + " is " + t + ", not ";
    if (c.equals !== undefined) return v === c.equals ? "" : is + JSON.stringify(c.equals);
    if (c.oneOf) return c.oneOf.indexOf(v) >= 0 ? "" : is + "one of " + JSON.stringify(c.oneOf);
    if (typeof v !== "number") return is + "a number";
    if (c.below !== undefined) return v < c.below ? "" : is + "below " + c.below;
    return v > c.above! ? "" : is + "above " + c.above;
  }

  return {
    push_: push,
    verdict_: verdict,
    value_: function () {
      return "VALUE " + valuePath + (shown!.text_ !== undefined ? " = " + shown!.text_ : ": " + shown!.problem_);
    },
  };
}
