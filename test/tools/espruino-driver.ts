// The device end of `npm run test:espruino`: bundled with the parser as the
// app's bundle is (tools/bundle.ts) and run on a real Espruino, which the
// host then feeds one case at a time over the console. The host sends a
// case's bytes in short pieces (P[k]="...", each acknowledged with A, so a
// board never holds more than one case), joins them into R and calls L (a
// spec case's event log) or O (a corpus case's observation) once per
// cutting; each prints one line, `@R <id> <JSON>`, that the host compares.
import type { ParserOptions } from "../../src/http/response-parser";
import { runPieces, observe } from "./parser-record";

declare const print: (line: string) => void;
declare const setInterval: (fn: () => void, ms: number) => unknown;

interface Driver {
  R: string;
  P: string[];
  A(n: number): void;
  /**
   * options: [maxHead, maxLine, maxKept, maxFraming, keep], 0 for a default
   * (the bundle shortens the property names).
   */
  L(id: number, lens: number[], options?: [number, number, number, number, string[]]): void;
  /** keep: the fields the case expects in the head. */
  O(id: number, lens: number[], keep: string[]): void;
}

const g = global as unknown as Driver;

/** R cut into pieces of lens[0], lens[1], ... lens taken round and round. */
function cut(lens: number[]): string[] {
  const raw = g.R;
  const pieces: string[] = [];
  let at = 0;
  for (let k = 0; at < raw.length; k++) {
    const n = lens[k % lens.length] || raw.length;
    pieces.push(raw.substring(at, at + n));
    at += n;
  }
  return pieces;
}

// An exception is a result too: on Espruino it is what differs from Node.
function report(id: number, fn: () => unknown): void {
  let out: unknown;
  try {
    out = fn();
  } catch (e) {
    out = { threw: "" + e };
  }
  print("@R " + id + " " + JSON.stringify(out));
}

g.R = "";
g.P = [];
// The host sends a line only when the one before is done.
g.A = function (n) {
  print("@A " + n);
};
g.L = function (id, lens, o) {
  report(id, function () {
    const options: ParserOptions | undefined = o && { maxHead: o[0] || undefined, maxLine: o[1] || undefined, maxKept: o[2] || undefined, maxFraming: o[3] || undefined, keep: o[4] };
    return runPieces(cut(lens), options);
  });
};
g.O = function (id, lens, keep) {
  report(id, function () {
    const o = observe(cut(lens), keep);
    const h = o.head;
    // Plain arrays: the bundle shortens the parser's property names.
    return [h ? [h.status, h.reason, h.version, h.headers] : null, o.body, o.outcome, o.atEnd, o.problems];
  });
};
// Espruino for Linux quits when nothing is pending and its console is not a
// terminal; a timer keeps it reading the console.
setInterval(function () {
  // nothing: only pending
}, 60000);
print("@READY");
