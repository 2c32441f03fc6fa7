// A consumer that needs only the first bytes of the body (the app keeps
// printBody bytes) returns true from onBody; from onSkip on the pieces go to
// the counter it hands over (count() for a chunked body, tally() for the
// others, bound to the parser) instead of push(), as get() wires the socket.
// The outcome at the close and bytes() must be exactly those of a parser
// that passed every byte on, and the consumer must get exactly the first
// bytes, at every cutting.
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { ResponseParser, ResponseHandlers, bodyBytes, endParser } from "../src/http/response-parser";
import { splits } from "./tools/splits";
import { buildApp } from "./tools/app-bundle";

interface Outcome {
  kept: string;
  events: string[];
  bytes: number;
}

/** Feeds `pieces` as a socket would; `want`: body bytes the consumer needs (Infinity: all; -1: it has no onBody). */
function run(pieces: string[], want: number): Outcome {
  const o: Outcome = { kept: "", events: [], bytes: 0 };
  let counter = null as ((piece: string) => void) | null;
  const handlers: ResponseHandlers = {
    onHead: () => o.events.push("head"),
    onBody: (b) => {
      if (counter) o.events.push("body while counting");
      if (!b) o.events.push("empty body");
      o.kept += b;
      return o.kept.length >= want;
    },
    onSkip: (c) => {
      o.events.push("skip");
      counter = c;
    },
    onEnd: (e) => o.events.push(e ? "error " + e.code + " " + e.reason : "complete"),
  };
  if (want < 0) delete handlers.onBody;
  const p = new ResponseParser(handlers);
  for (const piece of pieces) {
    if (counter) counter(piece);
    else p.push(piece);
  }
  endParser(p);
  o.bytes = bodyBytes(p);
  return o;
}

const bytes = fc.string({ unit: fc.integer({ min: 0, max: 255 }).map((c) => String.fromCharCode(c)), maxLength: 120 });

function chunkedOf(parts: string[], tail: string): string {
  let raw = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";
  for (const c of parts) raw += c.length.toString(16) + "\r\n" + c + "\r\n";
  return raw + tail;
}

const responses = fc.oneof(
  bytes.map((b) => `HTTP/1.1 200 OK\r\nContent-Length: ${b.length}\r\n\r\n${b}`),
  // More bytes than announced, or fewer: ignored, or TRUNCATED.
  fc.tuple(bytes, fc.integer({ min: -5, max: 5 })).map(([b, d]) => `HTTP/1.1 200 OK\r\nContent-Length: ${Math.max(0, b.length + d)}\r\n\r\n${b}`),
  bytes.map((b) => `HTTP/1.1 200 OK\r\n\r\n${b}`),
  fc.tuple(fc.array(bytes.filter((s) => s.length > 0), { maxLength: 5 }), fc.constantFrom("0\r\n\r\n", "0\r\nX: 1\r\n\r\n", "0\r\n", "", "5\r\nab", "x\r\n")).map(([parts, tail]) => chunkedOf(parts, tail)),
  fc.tuple(fc.array(bytes.filter((s) => s.length > 0), { maxLength: 3 }), bytes).map(([parts, noise]) => chunkedOf(parts, noise)),
  // Bytes after the last chunk: ignored, also by the counter.
  fc.tuple(fc.array(bytes.filter((s) => s.length > 0), { maxLength: 3 }), bytes).map(([parts, noise]) => chunkedOf(parts, "0\r\n\r\n" + noise)),
);

test("counting after the consumer has enough: same outcome and bytes as reading every byte, at every cutting", () => {
  fc.assert(
    fc.property(responses, fc.integer({ min: -1, max: 40 }), (raw, want) => {
      const whole = run([raw], Infinity);
      for (const split of splits(raw, { random: 3 })) {
        const o = run(split.pieces, want);
        const name = `${split.name}, want ${want}: ${JSON.stringify(raw)}`;
        assert.deepEqual(o.events.filter((e) => e !== "skip"), whole.events, name);
        assert.equal(o.bytes, whole.bytes, name);
        assert.equal(whole.kept.slice(0, o.kept.length), o.kept, name);
        assert.ok(o.kept.length >= Math.min(want, whole.kept.length), name);
        if (o.events.indexOf("skip") >= 0) assert.ok(o.kept.length >= want, name);
        // Without onBody nothing of the body is handed over, and it is counted from its start.
        if (want < 0) assert.equal(o.kept, "", name);
        if (want < 0 && whole.bytes > 0) assert.ok(o.events.indexOf("skip") >= 0, name);
      }
    }),
    { numRuns: 150 },
  );
});

test("the shipped app counts a Content-Length body it does not read with one subtraction a piece, and a chunked one with one test more", async () => {
  const { code } = await buildApp("linux", { url: "http://example.com/", ssid: "home", password: "long-enough" });
  // tally() and count(), as the minifier leaves them: nothing else runs per piece.
  assert.match(code, /function [\w$]+\(([\w$]+)\)\{this\.([\w$]+)-=\1\.length\}/);
  assert.match(code, /function [\w$]+\(([\w$]+)\)\{\(this\.([\w$]+)-=\1\.length\)<1&&[\w$]+\(this,\1\)\}/);
});
