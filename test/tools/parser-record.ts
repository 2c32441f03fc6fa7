// What ResponseParser does with a byte stream, recorded two ways: as a spec
// case's event log (test/cases/*.md) and as the observation a conformance
// corpus case is judged by. The same code runs under Node and, bundled as
// ES5 like the app, on a real Espruino (tools/test-espruino.ts), so it keeps
// to what Espruino runs correctly (charAt rather than string indexing, no
// trimEnd).
import { ResponseParser, ParserOptions, ResponseHead, endParser } from "../../src/http/response-parser";

/** The escaped form decodeText reads back: printable ASCII as is, the rest as escapes. */
export function encodeText(text: string, quote?: boolean): string {
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i);
    const code = text.charCodeAt(i);
    if (c === "\\") out += "\\\\";
    else if (c === '"' && quote) out += '\\"';
    else if (c === "\r") out += "\\r";
    else if (c === "\n") out += "\\n";
    else if (c === "\t") out += "\\t";
    else if (code < 0x20 || code >= 0x7f) out += "\\x" + (code < 16 ? "0" : "") + code.toString(16);
    else out += c;
  }
  return out;
}

function headLine(head: ResponseHead): string {
  return "head HTTP/" + head.version + " " + head.status + ' "' + encodeText(head.reason, true) + '"';
}

function headerLine(name: string, value: string): string {
  const line = "header " + encodeText(name) + ": " + encodeText(value);
  // An empty value leaves no trailing space (encodeText escapes tabs).
  return value === "" ? line.substring(0, line.length - 1) : line;
}

/**
 * Pushes `pieces` then calls end(); returns the event log. Consecutive body
 * events are merged so a log does not depend on where the bytes were cut.
 * Broken promises of the contract show up as log lines of their own.
 */
export function runPieces(pieces: string[], options?: ParserOptions): string[] {
  const log: string[] = [];
  let body: string | null = null;
  let terminal = false;
  function flush(): void {
    if (body !== null) log.push('body "' + encodeText(body, true) + '"');
    body = null;
  }
  function event(line: string): void {
    flush();
    log.push(terminal ? "AFTER THE END: " + line : line);
  }
  const parser = new ResponseParser({
    onHead: function (head: ResponseHead) {
      event(headLine(head));
      for (let i = 0; i < head.headers.length; i++) log.push(headerLine(head.headers[i][0], head.headers[i][1]));
    },
    onBody: function (chunk: string) {
      if (terminal) return event('body "' + encodeText(chunk, true) + '"');
      if (chunk === "") return event("EMPTY BODY EVENT");
      body = (body || "") + chunk;
    },
    onEnd: function (err) {
      event(err ? "error " + err.code + ": " + encodeText(String(err.reason)) : "complete");
      terminal = true;
      if (err && (typeof err.reason !== "string" || !err.reason)) log.push("ERROR WITHOUT REASON");
    },
  }, options);
  for (let i = 0; i < pieces.length; i++) parser.push(pieces[i]);
  flush();
  log.push("end");
  endParser(parser);
  flush();
  if (!terminal) log.push("NEITHER COMPLETE NOR ERROR");
  return log;
}

/** What the parser did with one cutting of a corpus case. */
export interface Observed {
  head: ResponseHead | null;
  body: string;
  /** "complete" or "error <CODE>", and whether it came from end(). */
  outcome: string | null;
  atEnd: boolean;
  problems: string[];
}

/** Pushes `pieces`, then end(), noting anything the parser's contract forbids; the fields in `keep` are kept. */
export function observe(pieces: string[], keep?: string[]): Observed {
  const o: Observed = { head: null, body: "", outcome: null, atEnd: false, problems: [] };
  let ending = false;
  function terminal(what: string): void {
    if (o.outcome) o.problems.push(what + " after " + o.outcome);
    else {
      o.outcome = what;
      o.atEnd = ending;
    }
  }
  const p = new ResponseParser({
    onHead: function (head: ResponseHead) {
      if (o.head || o.outcome) o.problems.push("a second onHead, or onHead after the end");
      o.head = head;
    },
    onBody: function (chunk: string) {
      if (o.outcome) o.problems.push("onBody after " + o.outcome);
      if (!o.head) o.problems.push("onBody before onHead");
      if (chunk === "") o.problems.push("empty onBody");
      o.body += chunk;
    },
    onEnd: function (err) {
      terminal(err ? "error " + err.code : "complete");
    },
  }, { keep: keep });
  for (let i = 0; i < pieces.length; i++) p.push(pieces[i]);
  ending = true;
  endParser(p);
  if (!o.outcome) o.problems.push("no onEnd after end()");
  return o;
}
