// Generators for the property proofs: valid HTTP/1.1 responses from a model
// (so the expected events are known without a second parser), corruptions of
// them that must end in an error, noise, cut points, and user configs with
// hostile characters.
import fc from "fast-check";

// ------------------------------------------------------------------ pieces

const chars = (s: string) => s.split("");
const range = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => String.fromCharCode(a + i));

const TCHARS = chars("!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ");
/** RFC 9110 5.5: VCHAR and obs-text, the chars a field value may start and end with. */
const VISIBLE = range(0x21, 0x7e).concat(range(0x80, 0xff));

export const arbByte = fc.integer({ min: 0, max: 255 }).map((c) => String.fromCharCode(c));
export const arbBytes = (maxLength: number) => fc.string({ unit: arbByte, maxLength });
const arbToken = fc.string({ unit: fc.constantFrom(...TCHARS), minLength: 1, maxLength: 12 });
/** Visible words joined by SP or HTAB: no whitespace at either end. */
const arbValue = fc
  .array(fc.string({ unit: fc.constantFrom(...VISIBLE), minLength: 1, maxLength: 8 }), { maxLength: 4 })
  .chain((words) => fc.array(fc.constantFrom(" ", "\t", "  "), { minLength: words.length, maxLength: words.length }).map((gaps) => words.map((w, i) => (i ? gaps[i] : "") + w).join("")));
/** RFC 9112 4: reason-phrase = *( HTAB / SP / VCHAR / obs-text ). */
const arbReason = fc.string({ unit: fc.constantFrom(...VISIBLE, " ", "\t"), maxLength: 20 });
const arbOws = fc.constantFrom("", " ", "\t", "  ", " \t");
const FRAMING_NAMES = ["content-length", "transfer-encoding"];
const arbField = fc.tuple(arbToken.filter((n) => FRAMING_NAMES.indexOf(n.toLowerCase()) < 0), arbValue);

// ------------------------------------------------------------------ model

export type Framing = "length" | "chunked" | "close" | "none";

export interface Model {
  interim: string[];
  version: string;
  status: number;
  reason: string;
  /** Header fields as sent, framing fields included, and the whitespace around each value. */
  fields: { name: string; value: string; before: string; after: string }[];
  framing: Framing;
  body: string;
  /** Chunked: chunk sizes (sum = body length) and the text after each size. */
  chunks: number[];
  extensions: string[];
  sizeCase: "lower" | "upper";
  trailers: [string, string][];
}

const INTERIM = ["HTTP/1.1 100 Continue\r\n\r\n", "HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n"];
const STATUSES = [200, 201, 202, 203, 206, 301, 302, 400, 401, 403, 404, 418, 500, 502, 503, 599];
const NO_BODY = [204, 304];
const EXTENSIONS = ["", ";a", " ; a=b", ';name="quoted \\" ; value"', ";x=1;y", "\t;\tk\t=\tv"];

function chunkSizes(total: number, cuts: number[]): number[] {
  const points = Array.from(new Set(cuts.map((c) => c % (total + 1)).filter((c) => c > 0 && c < total))).sort((a, b) => a - b);
  const out: number[] = [];
  let at = 0;
  for (const p of points.concat([total])) {
    if (p > at) out.push(p - at);
    at = p;
  }
  return out;
}

const arbFramed = fc.record({
  interim: fc.array(fc.constantFrom(...INTERIM), { maxLength: 2 }),
  version: fc.constantFrom("1.1", "1.1", "1.0"),
  status: fc.constantFrom(...STATUSES),
  reason: arbReason,
  extra: fc.array(fc.record({ f: arbField, before: arbOws, after: arbOws }), { maxLength: 5 }),
  framing: fc.constantFrom<Framing>("length", "chunked", "close"),
  lengthName: fc.constantFrom("Content-Length", "content-length", "CONTENT-LENGTH"),
  teValue: fc.constantFrom("chunked", "Chunked", "gzip, chunked", "gzip,chunked"),
  body: arbBytes(1200),
  cuts: fc.array(fc.nat(), { maxLength: 6 }),
  extensions: fc.array(fc.constantFrom(...EXTENSIONS), { minLength: 8, maxLength: 8 }),
  sizeCase: fc.constantFrom<"lower" | "upper">("lower", "upper"),
  trailers: fc.array(arbField, { maxLength: 2 }),
  at: fc.nat(),
});

type FramedRecord = typeof arbFramed extends fc.Arbitrary<infer T> ? T : never;

function fromRecord(r: FramedRecord, framedOnly: boolean): Model {
  const framing: Framing = framedOnly && r.framing === "close" ? "length" : r.framing;
  const fields: Model["fields"] = r.extra.map((x) => ({ name: x.f[0], value: x.f[1], before: x.before, after: x.after }));
  const framingField = framing === "length"
    ? { name: r.lengthName, value: String(r.body.length), before: " ", after: "" }
    : framing === "chunked" ? { name: "Transfer-Encoding", value: r.teValue, before: " ", after: "" } : null;
  if (framingField) fields.splice(r.at % (fields.length + 1), 0, framingField);
  return {
    interim: r.interim,
    version: r.version,
    status: r.status,
    reason: r.reason,
    fields,
    framing,
    body: r.body,
    chunks: framing === "chunked" ? chunkSizes(r.body.length, r.cuts) : [],
    extensions: r.extensions,
    sizeCase: r.sizeCase,
    trailers: framing === "chunked" ? r.trailers : [],
  };
}

const arbNoBody = fc.record({
  interim: fc.array(fc.constantFrom(...INTERIM), { maxLength: 1 }),
  status: fc.constantFrom(...NO_BODY),
  reason: arbReason,
  extra: fc.array(fc.record({ f: arbField, before: arbOws, after: arbOws }), { maxLength: 3 }),
}).map((r): Model => ({
  interim: r.interim, version: "1.1", status: r.status, reason: r.reason,
  fields: r.extra.map((x) => ({ name: x.f[0], value: x.f[1], before: x.before, after: x.after })),
  framing: "none", body: "", chunks: [], extensions: [], sizeCase: "lower", trailers: [],
}));

/** Any valid response: framed by length, chunked, the close, or a status without a body. */
export const arbModel: fc.Arbitrary<Model> = fc.oneof(
  { arbitrary: arbFramed.map((r) => fromRecord(r, false)), weight: 9 },
  { arbitrary: arbNoBody, weight: 1 },
);

/** A response whose end the framing knows (Content-Length or chunked). */
const arbFramedModel = arbFramed.map((r) => fromRecord(r, true));

// ------------------------------------------------------------------ bytes

export interface Segment {
  kind: "interim" | "status" | "field" | "blank" | "size" | "data" | "trailer" | "body";
  text: string;
}

export function segments(m: Model): Segment[] {
  const out: Segment[] = m.interim.map((text) => ({ kind: "interim" as const, text }));
  out.push({ kind: "status", text: `HTTP/${m.version} ${m.status} ${m.reason}\r\n` });
  for (const f of m.fields) out.push({ kind: "field", text: `${f.name}:${f.before}${f.value}${f.after}\r\n` });
  out.push({ kind: "blank", text: "\r\n" });
  if (m.framing !== "chunked") {
    if (m.body) out.push({ kind: "body", text: m.body });
    return out;
  }
  let at = 0;
  m.chunks.forEach((n, i) => {
    const hex = n.toString(16);
    out.push({ kind: "size", text: (m.sizeCase === "upper" ? hex.toUpperCase() : hex) + m.extensions[i % m.extensions.length] + "\r\n" });
    out.push({ kind: "data", text: m.body.substring(at, at + n) + "\r\n" });
    at += n;
  });
  out.push({ kind: "size", text: "0" + m.extensions[m.extensions.length - 1] + "\r\n" });
  for (const [k, v] of m.trailers) out.push({ kind: "trailer", text: `${k}: ${v}\r\n` });
  out.push({ kind: "blank", text: "\r\n" });
  return out;
}

export function serialize(m: Model): string {
  return segments(m).map((s) => s.text).join("");
}

/** The event log the model must give (body events merged into one). */
export function expectedEvents(m: Model): string[] {
  const headers = m.fields.map((f) => [f.name, f.value]);
  const log = ["head " + JSON.stringify([m.version, m.status, m.reason, headers])];
  if (m.body) log.push("body " + JSON.stringify(m.body));
  log.push("complete");
  return log;
}

// ------------------------------------------------------------------ corruptions

export interface Corruption {
  what: string;
  raw: string;
}

const BAD_STATUS = [
  "HTTP/1.1  200 OK", "HTTP/1.1 20 OK", "HTTP/1.1 2000 OK", "HTTP/2 200 OK", "HTTP/1.1 600 X", "HTTP/1.1 099 X",
  "ICY 200 OK", "http/1.1 200 OK", "HTTP/4.2 200 OK", " HTTP/1.1 200 OK", "HTTP/1.1 200 O\x01K", "HTTP/1.1 2x0 OK",
  "HTTP/1.1 101 Switching Protocols",
];
const BAD_SIZES = ["", "g", "-1", "0x10", " 1", "1 x", "1;", "1;=b", "1;\"a", "FFFFFFFFFFFFFFFF", "1\x00", "+1"];
const BAD_FIELDS = ["Bad Name: x", "NoColonHere", " folded: value", ": no name", "Name : space before colon", "X-Ctl: a\x01b", "X-Cr: a\rb"];
const BAD_LENGTHS = ["-1", "0x10", "", "1 2", "1,1", "+5", "12345678901234567890"];
/** Over the parser's default head limit (16 KiB, skipped lines counted as they pass). */
const HUGE_FIELD = "X-Big: " + "b".repeat(17000);

type Corrupt = (segs: Segment[], m: Model, pick: number, text: string) => Segment[] | null;

function replaceKind(segs: Segment[], kind: Segment["kind"], pick: number, text: string): Segment[] | null {
  const at = segs.map((s, i) => (s.kind === kind ? i : -1)).filter((i) => i >= 0);
  if (!at.length) return null;
  const i = at[pick % at.length];
  return segs.slice(0, i).concat([{ kind, text }], segs.slice(i + 1));
}

function insertField(segs: Segment[], pick: number, text: string): Segment[] {
  const fields = segs.map((s, i) => (s.kind === "field" ? i : -1)).filter((i) => i >= 0);
  const blank = segs.findIndex((s) => s.kind === "blank");
  const candidates = fields.concat([blank]);
  const i = candidates[pick % candidates.length];
  return segs.slice(0, i).concat([{ kind: "field", text: text + "\r\n" }], segs.slice(i));
}

const CORRUPTIONS: Record<string, { texts: string[]; apply: Corrupt }> = {
  "bad status line": { texts: BAD_STATUS, apply: (s, _m, p, t) => replaceKind(s, "status", p, t + "\r\n") },
  "bad chunk size": {
    texts: BAD_SIZES,
    apply: (s, m, p, t) => (m.framing === "chunked" ? replaceKind(s, "size", p, t + "\r\n") : null),
  },
  "bad header line": { texts: BAD_FIELDS, apply: (s, _m, p, t) => insertField(s, p, t) },
  "bare LF in the head": {
    texts: ["\n"],
    apply: (s, _m, p) => {
      const head = s.map((x, i) => (x.kind === "status" || x.kind === "field" || x.kind === "blank" ? i : -1)).filter((i) => i >= 0 && i <= s.findIndex((x) => x.kind === "blank"));
      const i = head[p % head.length];
      return s.slice(0, i).concat([{ kind: s[i].kind, text: s[i].text.slice(0, -2) + "\n" }], s.slice(i + 1));
    },
  },
  "Transfer-Encoding and Content-Length": {
    texts: ["Content-Length: 10", "Content-Length: 0"],
    apply: (s, m, p, t) => (m.framing === "chunked" ? insertField(s, p, t) : null),
  },
  "conflicting or invalid Content-Length": {
    texts: BAD_LENGTHS.concat(["+1"]),
    apply: (s, m, p, t) => (m.framing === "length" ? insertField(s, p, "Content-Length: " + (t === "+1" ? String(m.body.length + 1) : t)) : null),
  },
  "chunk longer than its size": {
    texts: [""],
    apply: (s, m, p) => {
      const sizes = s.map((x, i) => (x.kind === "size" ? i : -1)).filter((i) => i >= 0).slice(0, m.chunks.length);
      const long = sizes.filter((_, k) => m.chunks[k] >= 2);
      if (!long.length) return null;
      const i = long[p % long.length];
      const n = m.chunks[sizes.indexOf(i)];
      return s.slice(0, i).concat([{ kind: "size", text: (n - 1).toString(16) + "\r\n" }], s.slice(i + 1));
    },
  },
  "head over the limit": { texts: [HUGE_FIELD], apply: (s, _m, p, t) => insertField(s, p, t) },
  "cut before the end": { texts: [""], apply: (s) => s },
};

/** A framed valid response made invalid in one way; the parser must answer with an error. */
export const arbCorruption: fc.Arbitrary<Corruption> = fc
  .tuple(arbFramedModel, fc.constantFrom(...Object.keys(CORRUPTIONS)), fc.nat(), fc.nat())
  .map(([m, what, pick, cut]) => {
    const c = CORRUPTIONS[what];
    const segs = c.apply(segments(m), m, pick, c.texts[pick % c.texts.length]);
    if (!segs) return null;
    let raw = segs.map((x) => x.text).join("");
    if (what === "cut before the end") raw = raw.substring(0, cut % raw.length);
    return { what, raw };
  })
  .filter((c): c is Corruption => c !== null);

// ------------------------------------------------------------------ noise

const NOISE_UNITS = fc.oneof(
  arbByte,
  fc.constantFrom("\r\n", "\r", "\n", " ", ":", "HTTP/1.1 ", "200 OK", "chunked", "Content-Length: 5", "0\r\n\r\n", "\r\n\r\n"),
);

/** Bytes that cannot be a response: after any leading empty lines they do not start with "HTTP/". */
export const arbNoise = fc.string({ unit: NOISE_UNITS, maxLength: 200 }).filter((s) => s.replace(/^(\r\n)+/, "").substring(0, 5) !== "HTTP/");

// ------------------------------------------------------------------ cuts

/** Sorted cut points inside a string of length n. */
export function arbCuts(n: number): fc.Arbitrary<number[]> {
  if (n < 2) return fc.constant([]);
  return fc.uniqueArray(fc.integer({ min: 1, max: n - 1 }), { maxLength: 16 }).map((a) => a.sort((x, y) => x - y));
}

export function cutAt(raw: string, cuts: number[]): string[] {
  const out: string[] = [];
  let at = 0;
  for (const c of cuts) {
    out.push(raw.substring(at, c));
    at = c;
  }
  out.push(raw.substring(at));
  return out.filter((p) => p.length > 0);
}

// ------------------------------------------------------------------ configs

/** Characters that could end a line on some reading of the bytes, or hide one. */
const HOSTILE = ["\r", "\n", "\r\n", " ", "\t", "\x00", "\x0b", "\x7f", "\x85", "\u2028", "\u010a", "\u010d", "%0d%0a", "@", "#", "?", ":", "/", "\\"];
const clean = (alphabet: string) => fc.string({ unit: fc.constantFrom(...chars(alphabet)), minLength: 1, maxLength: 10 });
/** Mostly clean text, sometimes with one hostile character put somewhere. */
const withHostile = (base: fc.Arbitrary<string>) =>
  fc.oneof(
    { arbitrary: base, weight: 3 },
    { arbitrary: fc.tuple(base, fc.constantFrom(...HOSTILE), fc.nat()).map(([s, h, at]) => s.slice(0, at % (s.length + 1)) + h + s.slice(at % (s.length + 1))), weight: 2 },
  );

const arbUrl = fc
  .tuple(
    fc.constantFrom("http://", "https://", "HTTP://", "ftp://", "", "http:/"),
    withHostile(clean("abcdefghijklmnopqrstuvwxyz0123456789.-")),
    fc.constantFrom("", ":80", ":8080", ":0", ":99999", ":x"),
    withHostile(clean("abcdefghijklmnopqrstuvwxyz0123456789/-._~%?&=")),
  )
  .map(([scheme, host, port, path]) => scheme + host + port + "/" + path);

const arbHeaders = fc.dictionary(withHostile(arbToken), withHostile(arbValue), { maxKeys: 4 });

/** A raw config (as config.json would hold) for a board without WiFi. */
export const arbConfig = fc.record({ url: arbUrl, headers: arbHeaders }, { requiredKeys: ["url"] });
