// Properties over generated inputs, checked whichever way the bytes are cut:
// 1. any valid response (status, reason, headers, interim 1xx responses,
//    Content-Length, chunked with extensions and trailers, or a body that
//    runs to the close; binary bytes) gives the events its model says;
// 2. corrupted responses (a bad status line, a bad chunk size, a bare LF, a
//    cut before the end, smuggling-style framing, ...) always end in an error
//    and never in success; noise never throws and never succeeds;
// 3. Content-Length and chunked bodies decode to the bytes that were framed,
//    and any bytes after a status line or a head keep the parser's contract
//    (one outcome, nothing after it, no throw, the same events at every
//    cutting), in the spec cases' event log (test/tools/parser-record.ts);
// 4. nothing a user can put in the config (url, headers) gets a CR or LF into
//    the request outside its own framing: the config is refused with a
//    one-line error, or every line of the request is one the client meant.
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { ResponseParser, ResponseHead, endParser } from "../src/http/response-parser";
import { parseUrl, isError } from "../src/http/url";
import { buildRequest } from "../src/http/request";
import { checkConfig } from "../tools/config";
import { getProfile, UsageError } from "../board/profiles";
import { BOARD_PIECES, splits } from "./tools/splits";
import { encodeText, runPieces } from "./tools/parser-record";
import {
  Model, arbModel, arbCorruption, serialize, expectedEvents, arbNoise, arbCuts, cutAt, arbConfig,
} from "./tools/proof-generators";

const RUNS = { numRuns: 300 };

/** Pushes the pieces, then end(); the log merges body events so it does not depend on the cutting. */
function events(pieces: string[], keep?: string[]): string[] {
  const log: string[] = [];
  let body = "";
  let over = false;
  const flush = () => {
    if (body) log.push("body " + JSON.stringify(body));
    body = "";
  };
  const note = (e: string) => {
    flush();
    log.push(over ? "AFTER THE OUTCOME: " + e : e);
  };
  const p = new ResponseParser({
    onHead: (h: ResponseHead) => note("head " + JSON.stringify([h.version, h.status, h.reason, h.headers])),
    onBody: (b) => {
      if (over || !b) note("body event " + JSON.stringify(b));
      else body += b;
    },
    onEnd: (e) => {
      note(e ? "error " + e.code : "complete");
      over = true;
    },
  }, { keep });
  for (const piece of pieces) p.push(piece);
  endParser(p);
  flush();
  return log;
}

function boardPieces(raw: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < raw.length; i += size) out.push(raw.substring(i, i + size));
  return out;
}

/** The cuttings every case runs at: whole, the generated cuts, and the board's piece sizes. */
function cuttings(raw: string, cuts: number[]): string[][] {
  return [[raw], cutAt(raw, cuts), ...BOARD_PIECES.map((n) => boardPieces(raw, n))];
}

test("proof: any valid response, cut anywhere, gives the events of its model", () => {
  fc.assert(
    fc.property(arbModel.chain((m) => fc.tuple(fc.constant(m), arbCuts(serialize(m).length))), ([m, cuts]: [Model, number[]]) => {
      const raw = serialize(m);
      const want = expectedEvents(m);
      // The model's fields are all asked for, so the head holds every one.
      const keep = m.fields.map((f) => f.name.toLowerCase());
      for (const pieces of cuttings(raw, cuts)) assert.deepEqual(events(pieces, keep), want, `cut at ${cuts.join(",")}`);
    }),
    RUNS,
  );
});

test("proof: a corrupted response always ends in one error, never in success, cut anywhere", () => {
  fc.assert(
    fc.property(arbCorruption.chain((c) => fc.tuple(fc.constant(c), arbCuts(c.raw.length))), ([c, cuts]) => {
      for (const pieces of cuttings(c.raw, cuts)) {
        const log = events(pieces);
        const outcomes = log.filter((e) => e === "complete" || e.startsWith("error "));
        assert.equal(outcomes.length, 1, `${c.what}: ${JSON.stringify(c.raw)} gave ${log.join(" / ")}`);
        assert.match(outcomes[0], /^error (PROTOCOL|TRUNCATED|TOO_LARGE)$/, `${c.what}: ${JSON.stringify(c.raw)}`);
        assert.ok(!log.some((e) => e.startsWith("AFTER")), log.join(" / "));
      }
    }),
    RUNS,
  );
});

test("proof: noise never throws, never succeeds, and gives exactly one outcome", () => {
  fc.assert(
    fc.property(arbNoise.chain((raw) => fc.tuple(fc.constant(raw), arbCuts(raw.length))), ([raw, cuts]) => {
      for (const pieces of cuttings(raw, cuts)) {
        const log = events(pieces);
        const outcomes = log.filter((e) => e === "complete" || e.startsWith("error "));
        assert.equal(outcomes.length, 1, log.join(" / "));
        assert.notEqual(outcomes[0], "complete", `noise succeeded: ${JSON.stringify(raw)}`);
        assert.ok(!log.some((e) => e.startsWith("AFTER")), log.join(" / "));
      }
    }),
    RUNS,
  );
});

// The board sends a JavaScript string as bytes: one byte per char up to 0xFF,
// and as UTF-8 when the string holds a char above that (measured on Espruino
// 2v29: "A\u010aB" goes out as 41 c4 8a 42). Either way only the chars CR and
// LF themselves put CR or LF bytes on the wire.
const CONTROL = /[\x00-\x08\x0a-\x1f\x7f]/;

test("proof: nothing in the config gets a CR or LF into the request outside its framing", () => {
  const board = getProfile("linux");
  let accepted = 0;
  fc.assert(
    fc.property(arbConfig, (raw) => {
      let cfg;
      try {
        cfg = checkConfig(raw, "config.json", board);
      } catch (e) {
        assert.ok(e instanceof UsageError, String(e));
        // One line per problem, each naming the file and the key; no CR from the config in them.
        assert.doesNotMatch(e.message, /\r/, "no CR from the config in the refusal");
        for (const line of e.message.split("\n")) assert.match(line, /^config\.json: key "(url|headers)"/);
        return;
      }
      accepted++;
      const url = parseUrl(cfg.url);
      assert.ok(!isError(url), "checkConfig accepted a url parseUrl refuses");
      const request = buildRequest(url, cfg.headers);
      assert.ok(request.endsWith("\r\n\r\n"), "the head ends with the empty line");
      const lines = request.split("\r\n");
      assert.deepEqual(lines.slice(-2), ["", ""]);
      const fields = lines.slice(1, -2);
      for (const line of lines) assert.doesNotMatch(line, CONTROL, `a control char in ${JSON.stringify(line)}`);
      assert.match(lines[0], /^GET \/[^ ]* HTTP\/1\.1$/);
      // Exactly the fields the client meant: its own and the configured ones, each one line.
      const names = fields.map((f) => f.substring(0, f.indexOf(": ")).toLowerCase());
      const own = ["host", "connection"].concat(["user-agent", "accept"].filter((n) => !cfg.headers.some(([k]) => k.toLowerCase() === n)));
      const want = own.concat(cfg.headers.map(([k]) => k.toLowerCase()));
      assert.deepEqual(names.slice().sort(), want.sort());
      for (const [k, v] of cfg.headers) assert.ok(fields.indexOf(`${k}: ${v}`) >= 0, `header ${k} sent as configured`);
    }),
    { numRuns: 2000 },
  );
  assert.ok(accepted > 100, `only ${accepted} generated configs were accepted: the generator misses the valid side`);
});

const bytes = fc.string({ unit: fc.integer({ min: 0, max: 255 }).map((c) => String.fromCharCode(c)), maxLength: 300 });
const cutsFor = (raw: string) => fc.uniqueArray(fc.integer({ min: 1, max: Math.max(1, raw.length - 1) }), { maxLength: 12 }).map((a) => a.sort((x, y) => x - y));
/** The log's lines from the body on: the body (when there is one), complete before the close, end. */
const bodyThenComplete = (body: string) => [...(body ? ['body "' + encodeText(body, true) + '"'] : []), "complete", "end"];

test("a Content-Length body arrives whole and complete before the close, however it is cut", () => {
  fc.assert(
    fc.property(bytes.chain((body) => {
      const raw = `HTTP/1.1 200 OK\r\nContent-Length: ${body.length}\r\n\r\n${body}`;
      return fc.tuple(fc.constant(body), fc.constant(raw), cutsFor(raw));
    }), ([body, raw, cuts]) => {
      assert.deepEqual(runPieces(cutAt(raw, cuts)), ['head HTTP/1.1 200 "OK"', "header Content-Length: " + body.length, ...bodyThenComplete(body)]);
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
      assert.deepEqual(runPieces(cutAt(raw, cuts)), ['head HTTP/1.1 200 "OK"', "header Transfer-Encoding: chunked", ...bodyThenComplete(body)]);
    }),
  );
});

test("any bytes: no throw, exactly one outcome, nothing after it, never an empty body event", () => {
  const prefixes = ["", "HTTP/1.1 200 OK\r\n", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", "HTTP/1.1 200 OK\r\nContent-Length: 20\r\n\r\n"];
  fc.assert(
    fc.property(fc.constantFrom(...prefixes), bytes, (prefix, noise) => {
      const raw = prefix + noise;
      for (const split of splits(raw, { everyPoint: false, random: 3 })) {
        const log = runPieces(split.pieces);
        const outcomes = log.filter((e) => e === "complete" || e.startsWith("error "));
        assert.equal(outcomes.length, 1, `${split.name}: ${log.join(", ")}`);
        // runPieces marks events after the outcome, an empty body event and no outcome at all.
        assert.deepEqual(log.filter((e) => /^(AFTER THE END|EMPTY BODY EVENT|NEITHER)/.test(e)), [], log.join(", "));
      }
    }),
  );
});

test("the same bytes give the same events at every cutting", () => {
  fc.assert(
    fc.property(fc.constantFrom("HTTP/1.1 200 OK\r\n", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n"), bytes, (prefix, noise) => {
      const raw = prefix + noise;
      const whole = runPieces([raw]);
      for (const split of splits(raw, { random: 4 })) assert.deepEqual(runPieces(split.pieces), whole, split.name);
    }),
    { numRuns: 40 },
  );
});
