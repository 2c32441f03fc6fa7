// Rules for the lines of a response head: the status line and field lines.
// Each line arrives here whole, without its CRLF. Regexes stay within what
// Espruino's engine runs: character classes (`\w` in one is A-Za-z0-9_ there
// as in Node, measured), `+`/`*` after one class, anchors,
// capture groups; no `?`, `|`, `{n}` or `(?:`. Inside classes `.`, `|` and the
// backquote are escaped and `-` comes first, so older engines read them as
// plain characters too.

export interface ResponseHead {
  version: string;
  status: number;
  reason: string;
  /** Field lines in order; names keep their case, values are trimmed. */
  headers: [string, string][];
}

// A pattern used in one place lives in the function that uses it (README,
// "Writing device code"); CTL is checked by every rule and NOT_TOKEN for
// every field line, so they stay here.

// RFC 9110 5.5: field values (and RFC 9112 4: reason phrases) hold no control
// characters other than HTAB. Bytes 0x80-0xFF (obs-text) are allowed. CR and
// LF are controls too: a bare CR left inside a line fails here.
export const CTL = /[\x00-\x08\x0a-\x1f\x7f]/;
// RFC 9110 5.6.2: a character that is not a tchar. Kept, not made at each
// call: read for every field line, where making it costs about 45 K
// instructions on Espruino (2v29 for Linux).
const NOT_TOKEN = /[^-!#$%&'*+\x2e^\x60\x7c~\w]/;
// RFC 9112 4: the reason is everything after the SP that follows the code,
// byte for byte ("200  OK" has the reason " OK", as llhttp reports it).
export const REASON_AT = 13;

/** The field line's name, or null when the line is not a valid field line. */
export function fieldName(line: string): string | null {
  // RFC 9112 5: field-line = field-name ":" OWS field-value OWS, and
  // RFC 9110 5.1: field-name = token: the name is all before the first
  // colon, and only token characters. A space in or after the name and a
  // missing colon fail the token rule. So does RFC 9112 5.2 obs-fold (a line
  // starting with SP or HTAB continues the previous field): 5.2 lets a user
  // agent unfold it, but this parser refuses it, as llhttp does in strict
  // mode, rather than risk reading a field differently from the proxies in
  // between. One test for a character outside the token set, not a match of
  // the whole line: Espruino's regex engine takes about 2.1 M instructions
  // to match /^([token]+):[ \t]*(.*)/ against a 38-byte field line; this
  // rule takes about 0.3 M, and a dropped field line about 0.6 M in all
  // (callgrind, 2v29 for Linux).
  const colon = line.indexOf(":");
  const name = line.slice(0, colon);
  return colon < 1 || NOT_TOKEN.test(name) || CTL.test(line) ? null : name;
}

/**
 * Whether `line` has the shape of a status line (the version is the
 * caller's to check). @inline: used once, so its place is its caller's (a
 * function costs about 5 blocks while the code is loaded, measured).
 */
export function statusLineOk(line: string): boolean {
  // RFC 9112 4: status-line = HTTP-version SP status-code SP [ reason-phrase ].
  // RFC 9112 2.3: HTTP-version = "HTTP/" DIGIT "." DIGIT. RFC 9110 15: status
  // codes are three digits from 100 to 599. Like llhttp, the SP before an
  // empty reason may be missing ("HTTP/1.1 301"): the test runs on the line
  // plus a SP.
  return /^HTTP\/[0-9]\.[0-9] [1-5][0-9][0-9] /.test(line + " ") && !CTL.test(line);
}
