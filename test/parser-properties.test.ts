// Properties of ResponseParser over generated responses and byte noise, each
// pushed in generated pieces: framing decodes to the bytes that were framed,
// and no input breaks the contract (one outcome, nothing after it, no throw).
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { ResponseParser } from "../src/http/response-parser";
import { splits } from "./tools/splits";

interface Outcome {
  body: string;
  events: string[];
}

/** Pushes `raw` cut at `cuts` (sorted offsets), then ends; records what happened. */
function run(raw: string, cuts: number[]): Outcome {
  const o: Outcome = { body: "", events: [] };
  const p = new ResponseParser({
    onHead: () => o.events.push("head"),
    onBody: (b) => {
      o.body += b;
      if (!b) o.events.push("empty body");
    },
    onComplete: () => o.events.push("complete"),
    onError: (e) => o.events.push("error " + e.code),
  });
  let at = 0;
  for (const cut of cuts) {
    p.push(raw.substring(at, cut));
    at = cut;
  }
  p.push(raw.substring(at));
  o.events.push("end");
  p.end();
  return o;
}

const bytes = fc.string({ unit: fc.integer({ min: 0, max: 255 }).map((c) => String.fromCharCode(c)), maxLength: 300 });
const cutsFor = (raw: string) => fc.uniqueArray(fc.integer({ min: 1, max: Math.max(1, raw.length - 1) }), { maxLength: 12 }).map((a) => a.sort((x, y) => x - y));

test("a Content-Length body arrives whole and complete before the close, however it is cut", () => {
  fc.assert(
    fc.property(bytes.chain((body) => {
      const raw = `HTTP/1.1 200 OK\r\nContent-Length: ${body.length}\r\n\r\n${body}`;
      return fc.tuple(fc.constant(body), fc.constant(raw), cutsFor(raw));
    }), ([body, raw, cuts]) => {
      const o = run(raw, cuts);
      assert.equal(o.body, body);
      assert.deepEqual(o.events, ["head", "complete", "end"]);
    }),
  );
});

test("a chunked body decodes to the bytes that were chunked, whatever the chunk sizes and extensions", () => {
  const chunked = fc.tuple(fc.array(bytes.filter((s) => s.length > 0), { maxLength: 6 }), fc.boolean(), fc.boolean());
  fc.assert(
    fc.property(chunked.chain(([chunks, upper, ext]) => {
      let raw = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";
      for (const c of chunks) {
        const size = upper ? c.length.toString(16).toUpperCase() : c.length.toString(16);
        raw += size + (ext ? ';n="v; \\"q\\""' : "") + "\r\n" + c + "\r\n";
      }
      raw += "0\r\nX-Trailer: t\r\n\r\n";
      return fc.tuple(fc.constant(chunks.join("")), fc.constant(raw), cutsFor(raw));
    }), ([body, raw, cuts]) => {
      const o = run(raw, cuts);
      assert.equal(o.body, body);
      assert.deepEqual(o.events, ["head", "complete", "end"]);
    }),
  );
});

test("any bytes: no throw, exactly one outcome, nothing after it, never an empty body event", () => {
  const prefixes = ["", "HTTP/1.1 200 OK\r\n", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", "HTTP/1.1 200 OK\r\nContent-Length: 20\r\n\r\n"];
  fc.assert(
    fc.property(fc.constantFrom(...prefixes), bytes, (prefix, noise) => {
      const raw = prefix + noise;
      for (const split of splits(raw, { everyPoint: false, random: 3 })) {
        const o = run(raw, offsets(split.pieces));
        const outcomes = o.events.filter((e) => e === "complete" || e.startsWith("error"));
        assert.equal(outcomes.length, 1, `${split.name}: ${o.events.join(", ")}`);
        const last = o.events[o.events.length - 1];
        const beforeEnd = o.events[o.events.length - 2];
        assert.ok(last === outcomes[0] || beforeEnd === outcomes[0], `events after the outcome: ${o.events.join(", ")}`);
        assert.equal(o.events.indexOf("empty body"), -1);
      }
    }),
  );
});

test("the same bytes give the same events at every cutting", () => {
  fc.assert(
    fc.property(fc.constantFrom("HTTP/1.1 200 OK\r\n", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n"), bytes, (prefix, noise) => {
      const raw = prefix + noise;
      const whole = run(raw, []);
      for (const split of splits(raw, { random: 4 })) assert.deepEqual(run(raw, offsets(split.pieces)), whole, split.name);
    }),
    { numRuns: 40 },
  );
});

function offsets(pieces: string[]): number[] {
  const out: number[] = [];
  let at = 0;
  for (let i = 0; i < pieces.length - 1; i++) out.push((at += pieces[i].length));
  return out;
}
