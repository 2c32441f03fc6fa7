// The parser's spec cases: test/cases/*.md (format in test/cases/README.md).
// Each case is a raw response and the event log ResponseParser must produce
// from it, whichever way the bytes are cut.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { ParserOptions } from "../../src/http/response-parser";
import { splits, SplitOptions } from "./splits";
import { encodeText, runPieces } from "./parser-record";

export { encodeText, runPieces };

export interface SpecCase {
  file: string;
  /** 1-based line of the case heading. */
  line: number;
  title: string;
  raw: string;
  options?: ParserOptions;
  expected: string[];
}

// ---------------------------------------------------------------- text forms

// `${"text".repeat(N)}`, or an escape: \r \n \t \f \\ \" \xHH.
const TOKEN = /\$\{"((?:[^"\\]|\\.)*)"\.repeat\((\d+)\)\}|\\(x[0-9a-fA-F]{2}|.)/g;
const SIMPLE: Record<string, string> = { r: "\r", n: "\n", t: "\t", f: "\f", "\\": "\\", '"': '"' };

/** Text with escapes and `${"x".repeat(N)}` expanded. */
export function decodeText(text: string): string {
  if (/(^|[^\\])(\\\\)*\\$/.test(text)) throw new Error(`a backslash ends the text: ${JSON.stringify(text)}`);
  return text.replace(TOKEN, (_all, rep: string | undefined, count: string | undefined, esc: string | undefined) => {
    if (rep !== undefined) return decodeText(rep).repeat(Number(count));
    if (esc!.charAt(0) === "x" && esc!.length === 3) return String.fromCharCode(parseInt(esc!.substring(1), 16));
    if (SIMPLE[esc!] !== undefined) return SIMPLE[esc!];
    throw new Error(`unknown escape \\${esc}`);
  });
}

/**
 * The bytes of an `http` block, read as llhttp's markdown tests read theirs:
 * every newline is CRLF, a backslash at the end of a line joins it to the
 * next one with nothing between, the newline before the closing fence does
 * not count, and escapes are expanded.
 */
export function decodeRaw(block: string): string {
  return decodeText(block.replace(/\\\n/g, "").replace(/\n/g, "\r\n"));
}

// --------------------------------------------------------------- event logs

export interface Mismatch {
  split: string;
  actual: string[];
}

/** The first cutting of `raw` whose log differs from `expected`, or null when all match. */
export function firstMismatch(raw: string, expected: string[], parserOptions?: ParserOptions, options?: SplitOptions): Mismatch | null {
  const want = expected.join("\n");
  for (const split of splits(raw, options)) {
    const actual = runPieces(split.pieces, parserOptions);
    if (actual.join("\n") !== want) return { split: split.name, actual };
  }
  return null;
}

// --------------------------------------------------------------- case files

const HEADING = /^#{2,4}\s+(.+?)\s*$/;
const OPTIONS = /^<!--\s*options=(\{.*\})\s*-->\s*$/;

/** The cases of one markdown file. */
export function parseCases(text: string, file: string): SpecCase[] {
  const lines = text.replace(/\r\n/g, "\n").split("\n");
  const cases: SpecCase[] = [];
  let current: { title: string; line: number; raw?: string; log?: string[]; options?: ParserOptions } | null = null;
  const close = () => {
    if (!current) return;
    if (current.raw === undefined || current.log === undefined) {
      throw new Error(`${file}:${current.line}: case "${current.title}" needs an http block and a log block`);
    }
    cases.push({ file, line: current.line, title: current.title, raw: current.raw, options: current.options, expected: current.log });
    current = null;
  };
  for (let i = 0; i < lines.length; i++) {
    const heading = HEADING.exec(lines[i]);
    const options = OPTIONS.exec(lines[i]);
    const fence = /^```(http|log)\s*$/.exec(lines[i]);
    if (heading) {
      close();
      current = { title: heading[1], line: i + 1 };
    } else if (options && current) {
      current.options = JSON.parse(options[1]);
    } else if (fence) {
      if (!current) throw new Error(`${file}:${i + 1}: a ${fence[1]} block outside a case`);
      const start = i + 1;
      do i++; while (i < lines.length && lines[i] !== "```");
      if (i >= lines.length) throw new Error(`${file}:${start}: unclosed block`);
      const body = lines.slice(start, i);
      if (fence[1] === "http") current.raw = decodeRaw(body.join("\n"));
      else current.log = body.map((l) => l.trim()).filter((l) => l !== "").map(normalizeLogLine);
    }
  }
  close();
  return cases;
}

/** A log line as written in a case, in the form runPieces prints. */
function normalizeLogLine(line: string): string {
  if (line.startsWith("body ")) {
    const quoted = /^body "(.*)"$/.exec(line);
    if (!quoted) throw new Error(`body line must be body "...": ${line}`);
    return `body "${encodeText(decodeText(quoted[1]), true)}"`;
  }
  if (line.startsWith("header ")) return "header " + encodeText(decodeText(line.substring(7)));
  return line;
}

/** Every case of every test/cases/*.md file, in file order. */
export function readCases(dir: string): SpecCase[] {
  const files = readdirSync(dir).filter((f) => f.endsWith(".md") && f !== "README.md").sort();
  const all: SpecCase[] = [];
  for (const f of files) all.push(...parseCases(readFileSync(join(dir, f), "latin1"), f));
  return all;
}

/** A failure message with the actual log in the case-file form, ready to paste. */
export function describeMismatch(c: SpecCase, m: Mismatch): string {
  return `${c.file}:${c.line} "${c.title}" split ${m.split}:\n  expected:\n    ${c.expected.join("\n    ")}\n  actual:\n    ${m.actual.join("\n    ")}`;
}
