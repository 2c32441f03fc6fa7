// Rules for the lines of a response head: the status line and field lines.
// Each line arrives here whole, without its CRLF (the parser has already
// refused bare CR and bare LF). Regexes stay within what Espruino's engine
// runs: character classes, `+`/`*` after one class, anchors; no `?`, `|`,
// `{n}` or `(?:`. Inside classes `.`, `|` and the backquote are escaped and `-`
// comes first, so older engines read them as plain characters too.

export interface ResponseHead {
  version: string;
  status: number;
  reason: string;
  /** Field lines in order; names keep their case, values are trimmed. */
  headers: [string, string][];
}

// RFC 9110 5.6.2: token = 1*tchar.
export const TOKEN = /^[-!#$%&'*+\x2e^_\x60\x7c~0-9A-Za-z]+$/;
// RFC 9110 5.5: field values (and RFC 9112 4: reason phrases) hold no control
// characters other than HTAB. Bytes 0x80-0xFF (obs-text) are allowed.
export const CTL = /[\x00-\x08\x0a-\x1f\x7f]/;
// RFC 9110 5.6.3: optional whitespace (SP, HTAB) around a field value.
const LEADING_OWS = /^[ \t]+/;
const TRAILING_OWS = /[ \t]+$/;

// RFC 9112 4: status-line = HTTP-version SP status-code SP [ reason-phrase ].
// RFC 9112 2.3: HTTP-version = "HTTP/" DIGIT "." DIGIT. RFC 9110 15: status
// codes are three digits from 100 to 599. Like llhttp, the SP before an empty
// reason may be missing ("HTTP/1.1 301").
const STATUS_LINE = /^HTTP\/[0-9]\.[0-9] [1-5][0-9][0-9]/;
const REASON_AT = 13;

// HTTP/1.x as this client speaks it, plus the 0.9 label llhttp also accepts.
// Compared whole: Espruino's multi-character indexOf can match past the end
// of a string ("0.9 1.0 1.1".indexOf("1.2") is 10 there).
function knownVersion(v: string): boolean {
  return v === "1.1" || v === "1.0" || v === "0.9";
}

/** The head a status line starts, or null when the line is not one. */
export function parseStatusLine(line: string): ResponseHead | null {
  const version = line.substring(5, 8);
  if (!STATUS_LINE.test(line) || !knownVersion(version) || CTL.test(line)) return null;
  if (line.length > REASON_AT - 1 && line.charAt(REASON_AT - 1) !== " ") return null;
  // The reason is kept byte for byte: everything after the SP that follows
  // the code (so "200  OK" has the reason " OK", as llhttp reports it).
  return { version: version, status: +line.substring(9, 12), reason: line.substring(REASON_AT), headers: [] };
}

// RFC 9112 5: field-line = field-name ":" OWS field-value OWS, and
// RFC 9110 5.1: field-name = token. A space in or after the name and a missing
// colon fail the token rule. So does RFC 9112 5.2 obs-fold (a line starting
// with SP or HTAB continues the previous field): 5.2 lets a user agent unfold
// it, but this parser refuses it, as llhttp does in strict mode, rather than
// risk reading a field differently from the proxies in between.
/** [name, trimmed value], or null when the line is not a valid field line. */
export function parseField(line: string): [string, string] | null {
  const colon = line.indexOf(":");
  const name = line.substring(0, colon);
  const value = line.substring(colon + 1);
  if (!TOKEN.test(name) || CTL.test(value)) return null;
  return [name, value.replace(LEADING_OWS, "").replace(TRAILING_OWS, "")];
}
