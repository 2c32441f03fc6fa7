// The parser's own spec cases (test/cases/*.md): each raw response must give
// its event log at every cutting of its bytes.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { readCases, firstMismatch, describeMismatch, parseCases, runPieces } from "./tools/cases";
import { splits } from "./tools/splits";

const DIR = join(import.meta.dirname, "cases");
const cases = readCases(DIR);

describe("response parser cases", () => {
  for (const c of cases) {
    test(`${c.file}: ${c.title}`, () => {
      const m = firstMismatch(c.raw, c.expected, c.options);
      if (m) assert.fail(describeMismatch(c, m));
    });
  }
});

describe("the case format", () => {
  test("there are cases in every file, and enough of them", () => {
    assert.ok(cases.length >= 60, `only ${cases.length} cases`);
  });

  test("http blocks: line breaks are CRLF, a final backslash joins lines, escapes and repeats expand", () => {
    const text = [
      "## one",
      "```http",
      "HTTP/1.1 200 OK",
      "A: b\\n\\",
      "${\"x\".repeat(3)}\\x41",
      "```",
      "```log",
      "head HTTP/1.1 200 \"OK\"",
      "body \"a\\x00\"",
      "```",
    ].join("\n");
    const [c] = parseCases(text, "inline.md");
    assert.equal(c.raw, "HTTP/1.1 200 OK\r\nA: b\nxxxA");
    assert.deepEqual(c.expected, ['head HTTP/1.1 200 "OK"', 'body "a\\x00"']);
  });

  test("a case without its log block is reported, not silently dropped", () => {
    assert.throws(() => parseCases("## lonely\n```http\nHTTP/1.1 200 OK\n```\n", "inline.md"), /needs an http block and a log block/);
  });

  test("logs hold an error's reason, so a case with the wrong reason fails", () => {
    assert.deepEqual(runPieces(["HTTP/1.1 200 OK\n\n"]), ["error PROTOCOL: bad line end", "end"]);
    const [c] = parseCases("## bare LF\n```http\nHTTP/1.1 200 OK\\n\\n\n```\n```log\nerror PROTOCOL: bad status line\nend\n```\n", "inline.md");
    assert.ok(firstMismatch(c.raw, c.expected), "a wrong reason is a mismatch");
  });

  test("logs merge body events and show events after the end as violations", () => {
    const log = runPieces(["HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nab", "cd", "more"]);
    assert.deepEqual(log, ['head HTTP/1.1 200 "OK"', "header Content-Length: 4", 'body "abcd"', "complete", "end"]);
  });
});

describe("cuttings", () => {
  const input = "x".repeat(600) + "HTTP/1.1 200 OK\r\n";
  const all = [...splits(input)];

  test("every cutting joins back to the input, with no empty piece", () => {
    for (const s of all) {
      assert.equal(s.pieces.join(""), input, s.name);
      assert.equal(s.pieces.indexOf(""), -1, s.name);
    }
  });

  test("whole, byte by byte, every 2-way split point and board-sized pieces are all there", () => {
    const names = all.map((s) => s.name);
    assert.deepEqual(all[0].pieces, [input]);
    assert.equal(all.find((s) => s.name === "bytes")!.pieces.length, input.length);
    assert.equal(names.filter((n) => n.startsWith("at ")).length, input.length - 1);
    assert.deepEqual(all.find((s) => s.name === "pieces of 536")!.pieces.map((p) => p.length), [536, input.length - 536]);
    assert.equal(all.find((s) => s.name === "pieces of 268")!.pieces[0].length, 268);
  });

  test("random cuttings differ from one another and repeat with the same seed", () => {
    const random = (seed: number) => [...splits(input, { seed, everyPoint: false })].filter((s) => s.name.startsWith("random"));
    const a = random(7);
    assert.deepEqual(a, random(7));
    assert.notDeepEqual(a.map((s) => s.pieces), random(8).map((s) => s.pieces));
    assert.ok(new Set(a.map((s) => s.pieces.length)).size > 1);
  });
});

describe("a chunk's end", () => {
  test("data that reads like a chunk end and a size line, at the end of a piece with no LF after it, is data", () => {
    // Three pieces: no 2-way split cuts both after the size line and before the chunk's final LF.
    const head = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n";
    const log = runPieces([head, "\r\n1\r\n\r", "\n0\r\n\r\n"]);
    assert.deepEqual(log, ['head HTTP/1.1 200 "OK"', "header Transfer-Encoding: chunked", 'body "\\r\\n1\\r\\n"', "complete", "end"]);
  });
});
