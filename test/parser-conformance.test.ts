// The response conformance corpus in ../shared/conformance (cases from the
// test suites of llhttp and http-parser), run through ResponseParser at every
// cutting: the same check as `npm run conformance`.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { checkCorpus, CorpusCase, verdict } from "./tools/conformance-check";

const CORPUS = join(import.meta.dirname, "..", "..", "shared", "conformance", "http-response-cases.json");
const present = existsSync(CORPUS);

test("the response conformance corpus passes at every cutting", { skip: present ? false : `no corpus at ${CORPUS}` }, () => {
  const cases = JSON.parse(readFileSync(CORPUS, "utf8")) as CorpusCase[];
  const summary = checkCorpus(cases);
  assert.equal(summary.failed, 0, summary.lines.join("\n"));
  // Nearly every case applies: a drop here means cases were skipped by mistake.
  assert.ok(summary.passed >= cases.length - 2, summary.lines.join("\n"));
});

test("the corpus checker refuses a parser outcome that breaks a case", { skip: present ? false : "no corpus" }, () => {
  const cases = JSON.parse(readFileSync(CORPUS, "utf8")) as CorpusCase[];
  // The same bytes with the expected body changed must fail: the checker compares.
  const ok = cases.find((c) => c.expect.ok && c.expect.body === "hello world" && verdict(c).kind === "response")!;
  const wrong: CorpusCase = { ...ok, expect: { ...ok.expect, body: "hello" } };
  assert.equal(checkCorpus([wrong]).failed, 1);
  // A case that must be refused fails when it is announced as a success.
  const refused = cases.find((c) => verdict(c).kind === "error" && c.source.indexOf("One-digit status") >= 0)!;
  const accepted: CorpusCase = { ...refused, expect: { ...refused.expect, ok: true } };
  assert.equal(checkCorpus([accepted]).failed, 1);
});
