// Checks ResponseParser against a response conformance corpus in the format of
// ../shared/conformance/http-response-cases.json (its README says how a
// client parser reads it). Used by `npm run conformance -- FILE...`
// (test/tools/conformance.ts) and by test/parser-conformance.test.ts.
import type { ResponseHead } from "../../src/http/response-parser";
import { splits, SplitOptions } from "./splits";
import { observe, type Observed } from "./parser-record";

/** One response as the corpus describes it (top level of `expect`, or one of `expect.messages`). */
export interface MessageExpect {
  status: number | null;
  reason: string | null;
  version: string | null;
  headers: [string, string][];
  body: string;
  complete: boolean;
  eofNeeded: boolean;
}

export interface CorpusCase {
  source: string;
  raw: string;
  mode: string;
  expect: MessageExpect & {
    ok: boolean;
    multiple?: number;
    messages?: MessageExpect[];
    eofError?: string;
    lenientOnly?: boolean;
    protocol?: string;
    upgrade?: boolean;
    messagesCompletedBeforeError?: number;
  };
  lenientOnly?: boolean;
  llhttpAgrees?: boolean;
  llhttpStrict?: Partial<MessageExpect> & { ok: boolean; eofError?: string };
}

/** What the parser must do with a case. */
export type Verdict =
  | { kind: "skip"; why: string }
  /** Exactly this response: head, body, completion before the close (or at it, or an error at it when cut short). */
  | { kind: "response"; msg: MessageExpect; truncated: boolean; why?: string }
  /** An error, and never a success. */
  | { kind: "error"; why?: string }
  /** An error, or else exactly this response. */
  | { kind: "errorOr"; msg: MessageExpect; why: string };

// http-parser cases where current llhttp (strict) disagrees with http-parser:
// the outcome this project chose for each, by the strict rules of RFC 9112 and
// of the parser's contract (README, section http).
const DISAGREEMENTS: Record<string, string> = {
  "http-parser test.c responses[200 trailing space on chunked body]":
    "spaces after a chunk size without a ';' extension are not chunk syntax (RFC 9112 7.1); llhttp strict refuses too",
  "http-parser test.c responses[no carriage ret]":
    "bare LF line ends are refused (RFC 9112 2.2); llhttp strict refuses too",
  "http-parser test.c responses[HTTP 101 response with Upgrade and Content-Length header]":
    "101 to a GET that asked for no upgrade",
  "http-parser test.c responses[HTTP 101 response with Upgrade and Transfer-Encoding header]":
    "101 to a GET that asked for no upgrade",
  "http-parser test.c test_header_content_length_overflow_error[2^64-1]":
    "a Content-Length of 20 digits cannot be a real body (limit 19 digits); http-parser refuses too",
  "http-parser test.c test_chunk_content_length_overflow_error[2^64-1]":
    "a chunk size of 16 hex digits cannot be a real chunk (limit 15); http-parser refuses too",
};

function isInterim(status: number | null): boolean {
  return status !== null && status >= 100 && status < 200 && status !== 101;
}

/** The message this client reports: the first one that is not an interim 1xx. */
function reported(c: CorpusCase): MessageExpect {
  const messages = c.expect.messages;
  if (!messages || !messages.length) return c.expect;
  let k = 0;
  while (k < messages.length - 1 && isInterim(messages[k].status)) k++;
  return messages[k];
}

function responseVerdict(c: CorpusCase, why?: string): Verdict {
  const msg = reported(c);
  if (msg.status === 101) return { kind: "error", why: "101 to a GET that asked for no upgrade" };
  // Only the last message in the bytes can be incomplete: the close cuts it short.
  return { kind: "response", msg, truncated: !msg.complete, why };
}

/** How the README of the corpus says a one-request client must treat `c`. */
export function verdict(c: CorpusCase): Verdict {
  const e = c.expect;
  if (/^skipBody/.test(c.mode)) return { kind: "skip", why: "a response to HEAD (no body); this client only sends GET" };
  if (c.llhttpAgrees === false) {
    const decided = DISAGREEMENTS[c.source];
    if (decided) return { kind: "error", why: decided };
    // Not decided yet: strict llhttp is the closer reference.
    const ll = c.llhttpStrict!;
    if (!ll.ok) return { kind: "error", why: "llhttp strict refuses it (undecided disagreement)" };
    return { kind: "errorOr", msg: { ...e, ...ll } as MessageExpect, why: "undecided disagreement with http-parser" };
  }
  if (e.upgrade) return { kind: "error", why: "protocol upgrade to a GET that asked for none" };
  if (c.lenientOnly || e.lenientOnly) return { kind: "errorOr", msg: reported(c), why: "lenient-only case (" + c.mode + ")" };
  if (e.ok && e.protocol && e.protocol !== "HTTP") return { kind: "errorOr", msg: reported(c), why: `not HTTP (${e.protocol})` };
  if (!e.ok) {
    // llhttp fails only on bytes after a first response that was complete
    // (data after `Connection: close`): those bytes are ignored by contract.
    if ((e.messagesCompletedBeforeError || 0) >= 1) {
      return responseVerdict(c, "the error is in bytes after a complete response, which are ignored");
    }
    return { kind: "error" };
  }
  return responseVerdict(c);
}

const show = (v: unknown) => JSON.stringify(v);

function compareHead(msg: MessageExpect, head: ResponseHead | null): string | null {
  if (msg.status === null) return head ? `onHead ${show(head.status)} for a head that never completes` : null;
  if (!head) return `no onHead (expected status ${msg.status})`;
  if (head.status !== msg.status) return `status ${head.status}, expected ${msg.status}`;
  if (head.reason !== msg.reason) return `reason ${show(head.reason)}, expected ${show(msg.reason)}`;
  if (head.version !== msg.version) return `version ${show(head.version)}, expected ${show(msg.version)}`;
  if (show(head.headers) !== show(msg.headers)) return `headers ${show(head.headers)}, expected ${show(msg.headers)}`;
  return null;
}

/** Why observing `pieces` does not satisfy `v`, or null when it does. */
export function judge(v: Verdict, o: Observed): string | null {
  if (o.problems.length) return o.problems.join("; ");
  if (v.kind === "skip") return null;
  const failed = o.outcome !== null && o.outcome.startsWith("error");
  if (v.kind === "error") return failed ? null : "no error (the case must be refused)";
  if (v.kind === "errorOr" && failed) return null;
  const msg = v.msg;
  const wrongHead = compareHead(msg, o.head);
  if (wrongHead) return wrongHead;
  if (o.body !== msg.body) return `body ${show(o.body)}, expected ${show(msg.body)}`;
  if (v.kind === "response" && v.truncated) {
    return failed && o.atEnd ? null : `${o.outcome}${o.atEnd ? " at the close" : " before the close"}, expected an error at the close (cut short)`;
  }
  if (o.outcome !== "complete") return `${o.outcome}, expected complete`;
  if (msg.eofNeeded && !o.atEnd) return "complete before the close, but the body runs until the close";
  if (!msg.eofNeeded && o.atEnd) return "complete only at the close, expected as soon as the framing ends";
  return null;
}

export interface CaseResult {
  source: string;
  verdict: Verdict;
  /** One line per failing cutting; empty when the case passed at every one. */
  failures: string[];
}

/** The fields a case expects in the head, asked for; the parser skips (and checks) the rest. */
export function keepOf(v: Verdict): string[] {
  return v.kind === "response" || v.kind === "errorOr" ? v.msg.headers.map((h) => h[0].toLowerCase()) : [];
}

/** Runs one case at every cutting in `options` (whole, byte by byte, every split point, random, board pieces). */
export function checkCase(c: CorpusCase, options?: SplitOptions): CaseResult {
  const v = verdict(c);
  const failures: string[] = [];
  const keep = keepOf(v);
  if (v.kind !== "skip") {
    for (const split of splits(c.raw, options)) {
      const why = judge(v, observe(split.pieces, keep));
      if (why) failures.push(`${split.name}: ${why}`);
    }
  }
  return { source: c.source, verdict: v, failures };
}

export interface Summary {
  passed: number;
  failed: number;
  skipped: number;
  lines: string[];
}

/**
 * Checks every case; `lines` holds the failure and skip lines and the final
 * count line (with `verbose`, also how each case was judged).
 */
export function checkCorpus(cases: CorpusCase[], options?: SplitOptions, verbose = false): Summary {
  const s: Summary = { passed: 0, failed: 0, skipped: 0, lines: [] };
  for (const c of cases) {
    const r = checkCase(c, options);
    if (verbose && r.verdict.kind !== "skip") {
      s.lines.push(`case ${c.source}: ${r.verdict.kind}${r.verdict.why ? " (" + r.verdict.why + ")" : ""}`);
    }
    if (r.verdict.kind === "skip") {
      s.skipped++;
      s.lines.push(`skip ${c.source}: ${r.verdict.why}`);
    } else if (r.failures.length) {
      s.failed++;
      // The first few cuttings say enough; the count says how widespread.
      for (const f of r.failures.slice(0, 3)) s.lines.push(`FAIL ${c.source} [${f}]`);
      if (r.failures.length > 3) s.lines.push(`FAIL ${c.source} [... ${r.failures.length - 3} more cuttings]`);
    } else s.passed++;
  }
  s.lines.push(`conformance: ${s.passed} passed, ${s.failed} failed, ${s.skipped} skipped`);
  return s;
}
