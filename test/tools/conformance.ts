// `npm run conformance -- FILE...`: checks ResponseParser against response
// conformance corpus files (the format of ../shared/conformance/
// http-response-cases.json). Every applicable case runs whole, byte by byte,
// at every 2-way split point, at seeded random cuttings and in board-sized
// pieces. Prints one line per failure, `skip <source>: <why>` per case that
// does not apply, and finally `conformance: N passed, N failed, N skipped`.
// Exit status 1 on any failure. How each kind of case is judged, and the
// cases decided against one of the reference parsers, are in
// conformance-check.ts (verdict, DISAGREEMENTS).
import { readFileSync } from "node:fs";
import { checkCorpus, CorpusCase } from "./conformance-check";

const args = process.argv.slice(2);
const verbose = args.indexOf("-v") >= 0;
const files = args.filter((a) => a !== "-v");
if (!files.length) {
  console.error("usage: npm run conformance -- [-v] FILE...   (e.g. ../shared/conformance/http-response-cases.json)");
  process.exit(2);
}

const total = { passed: 0, failed: 0, skipped: 0 };
for (const file of files) {
  const cases = JSON.parse(readFileSync(file, "utf8")) as CorpusCase[];
  if (!Array.isArray(cases)) {
    console.error(`${file}: expected a JSON array of cases`);
    process.exit(2);
  }
  const summary = checkCorpus(cases, {}, verbose);
  if (files.length > 1) console.log(`# ${file}: ${summary.passed} passed, ${summary.failed} failed, ${summary.skipped} skipped`);
  for (const line of summary.lines.slice(0, -1)) console.log(line);
  total.passed += summary.passed;
  total.failed += summary.failed;
  total.skipped += summary.skipped;
}
console.log(`conformance: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
process.exit(total.failed ? 1 : 0);
