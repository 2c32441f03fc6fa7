// The fault matrix: hostile networks and servers a board meets, as a table.
// Each row: the situation, the scripted server (and WiFi), and what the app
// must do: its outcome line, the LED pattern and every line it prints.
// test/proof-fault-matrix.test.ts plays each row on the built app for several
// boards; the "What it does on bad input" table in docs/http.md is this one.
import { respond, onRequest, resetWithoutResponse, silent, httpResponse, type Route, type WifiScript, type ServerConn } from "../../sim/index";

export const HOST = "example.com";
export const URL_PATH = "/data";
export const INTERVAL_MS = 10000;
export const TIMEOUT_MS = 5000;

/** What a row's server may look at while it runs. */
export interface Env {
  /** The link is up (the WiFi-drop row sends nothing across a dropped link). */
  linkUp(): boolean;
  /** Runs fn after ms on the board's clock. */
  later(fn: () => void, ms: number): void;
}

export interface Row {
  name: string;
  /** Routes by "host:port"; a host with no route does not resolve. */
  servers: (env: Env) => Record<string, Route>;
  wifi?: WifiScript;
  config?: Record<string, unknown>;
  /** The outcome line's start: "DONE 200" or "ERROR <CLASS>". */
  outcome: string;
  /** Per board, where the firmware reports the failure as another class. */
  outcomeOn?: Record<string, string>;
  /** The outcome's LED pattern: 1 OK, 2 bad answer, 3 server fault, 4 device fault. */
  blinks: 1 | 2 | 3 | 4;
  blinksOn?: Record<string, 1 | 2 | 3 | 4>;
  /** Every line printed in the first cycle, in order (a string matches exactly). */
  lines: (string | RegExp)[];
  linesOn?: Record<string, (string | RegExp)[]>;
  /** The next poll's outcome when it differs (the network came back). */
  next?: string;
  nextOn?: Record<string, string>;
}

const OK_BODY = "<p>fine</p>";
/** Longer than the rows' printBody (512): the rest of it is only counted. */
const LONG_BODY = "0123456789".repeat(200);
const DONE = (status: number, bytes: number) => new RegExp(`^DONE ${status}, ${bytes} bytes in \\d+ ms$`);

/** The request path of a request head. */
function pathOf(head: string): string {
  return head.substring(head.indexOf(" ") + 1, head.indexOf(" HTTP/"));
}

/** Answers by path; anything else is a 404. */
function byPath(map: Record<string, string>): Route {
  return onRequest((head, c) => {
    c.write(map[pathOf(head)] || httpResponse("not here", { status: 404, reason: "Not Found" })).end();
  });
}

function redirect(to: string, status = 302): string {
  return httpResponse("", { status, reason: "Found", headers: [["Location", to]] });
}

/** Sends the bytes, then resets (or closes) the connection. */
function cutShort(raw: string, how: "reset" | "close"): Route {
  return onRequest((_h, c) => {
    c.write(raw);
    if (how === "reset") c.reset(5);
    else c.end(5);
  });
}

/** One byte every `everyMs`, then a close. */
function drip(raw: string, everyMs: number): Route {
  return onRequest((_h, c: ServerConn) => {
    for (const ch of raw) c.write(ch, { delayMs: everyMs });
    c.end();
  });
}

const HEAD_64K = (() => {
  let h = "HTTP/1.1 200 OK\r\n";
  for (let i = 0; h.length < 64 * 1024; i++) h += `X-Pad-${i}: ${"p".repeat(80)}\r\n`;
  return h + "Content-Length: 2\r\n\r\nok";
})();

const CHUNKED_EXT =
  "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" +
  '4;name=value\r\nWiki\r\n5 ; q="a \\" b"\r\npedia\r\nE\r\n in\r\n\r\nchunks.\r\n0;last\r\nX-Trailer: t\r\nX-Other: u\r\n\r\n';
const CHUNKED_BODY = "Wikipedia in\r\n\r\nchunks.";

const url = (path = URL_PATH) => `http://${HOST}${path}`;
const at = (routes: Record<string, Route>) => routes;

export const MATRIX: Row[] = [
  {
    name: "a normal 200 response",
    servers: () => at({ [`${HOST}:80`]: respond(httpResponse(OK_BODY)) }),
    outcome: "DONE 200", blinks: 1,
    lines: ["HTTP/1.1 200 OK", OK_BODY, DONE(200, OK_BODY.length)],
  },
  {
    name: "connection refused",
    servers: () => at({ [`${HOST}:80`]: "refuse" }),
    outcome: "ERROR REFUSED", blinks: 3,
    lines: [/^ERROR REFUSED: /],
  },
  {
    name: "unknown host (DNS fails)",
    servers: () => at({}),
    outcome: "ERROR DNS", outcomeOn: { "espruino-wifi": "ERROR REFUSED", "pico-esp8266": "ERROR REFUSED" },
    blinks: 4, blinksOn: { "espruino-wifi": 3, "pico-esp8266": 3 },
    lines: [/^ERROR DNS: /],
    linesOn: { "espruino-wifi": [/^ERROR REFUSED: host not found or refused/], "pico-esp8266": [/^ERROR REFUSED: host not found or refused/] },
  },
  {
    name: "no network: the access point is not there",
    servers: () => at({ [`${HOST}:80`]: respond(httpResponse(OK_BODY)) }),
    wifi: { joins: ["no-ap"] },
    outcome: "ERROR WIFI_DOWN", blinks: 4,
    lines: ["ERROR WIFI_DOWN: network not found"],
  },
  {
    name: "no network under the socket (the link is gone at connect)",
    servers: () => at({ [`${HOST}:80`]: respond(httpResponse(OK_BODY)) }),
    wifi: { dropAfterMs: 0 },
    // The AT module keeps its socket layer and reports the failed connect as -6.
    // It hears of no drop either; the app joins again after any failure.
    outcome: "ERROR WIFI_DOWN", outcomeOn: { "pico-esp8266": "ERROR REFUSED" }, blinks: 4, blinksOn: { "pico-esp8266": 3 },
    next: "DONE 200",
    lines: [/^ERROR WIFI_DOWN: /], linesOn: { "pico-esp8266": [/^ERROR REFUSED: /] },
  },
  {
    name: "the server accepts and never answers",
    servers: () => at({ [`${HOST}:80`]: silent() }),
    outcome: "ERROR TIMEOUT", blinks: 3,
    lines: [`ERROR TIMEOUT: deadline of ${TIMEOUT_MS} ms`],
  },
  {
    name: "reset before any byte",
    servers: () => at({ [`${HOST}:80`]: resetWithoutResponse() }),
    outcome: "ERROR RESET", blinks: 3,
    lines: [/^ERROR RESET: /],
  },
  {
    name: "reset in the middle of the head",
    servers: () => at({ [`${HOST}:80`]: cutShort("HTTP/1.1 200 OK\r\nContent-Ty", "reset") }),
    outcome: "ERROR TRUNCATED", outcomeOn: { esp8266: "ERROR RESET" }, blinks: 3,
    lines: [/^ERROR TRUNCATED: /], linesOn: { esp8266: [/^ERROR RESET: /] },
  },
  {
    name: "reset in the middle of the body",
    servers: () => at({ [`${HOST}:80`]: cutShort("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n" + "b".repeat(300), "reset") }),
    outcome: "ERROR TRUNCATED", outcomeOn: { esp8266: "ERROR RESET" }, blinks: 3,
    lines: ["HTTP/1.1 200 OK", "b".repeat(300), /^ERROR TRUNCATED: /],
    linesOn: { esp8266: ["HTTP/1.1 200 OK", "b".repeat(300), /^ERROR RESET: /] },
  },
  {
    // Past printBody the body is only counted: complete at the close that follows it, or at the deadline.
    name: "a long body, then the server keeps the connection open",
    servers: () => at({ [`${HOST}:80`]: onRequest((_h, c) => void c.write(httpResponse(LONG_BODY))) }),
    outcome: "DONE 200", blinks: 1,
    lines: ["HTTP/1.1 200 OK", LONG_BODY.slice(0, 512), DONE(200, LONG_BODY.length)],
  },
  {
    // Counted whole, it is complete however the connection ends after it: a reset too.
    name: "a long body, then a reset",
    servers: () => at({ [`${HOST}:80`]: cutShort(httpResponse(LONG_BODY), "reset") }),
    outcome: "DONE 200", blinks: 1,
    lines: ["HTTP/1.1 200 OK", LONG_BODY.slice(0, 512), DONE(200, LONG_BODY.length)],
  },
  {
    name: "a long body cut short by the close",
    servers: () => at({ [`${HOST}:80`]: cutShort("HTTP/1.1 200 OK\r\nContent-Length: 3000\r\n\r\n" + LONG_BODY, "close") }),
    outcome: "ERROR TRUNCATED", blinks: 3,
    lines: ["HTTP/1.1 200 OK", LONG_BODY.slice(0, 512), /^ERROR TRUNCATED: /],
  },
  {
    name: "close in the middle of a chunk",
    servers: () => at({ [`${HOST}:80`]: cutShort("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3e8\r\n" + "c".repeat(100), "close") }),
    outcome: "ERROR TRUNCATED", blinks: 3,
    lines: ["HTTP/1.1 200 OK", "c".repeat(100), /^ERROR TRUNCATED: /],
  },
  {
    name: "an invalid chunk size",
    servers: () => at({ [`${HOST}:80`]: respond("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n") }),
    outcome: "ERROR PROTOCOL", blinks: 3,
    lines: ["HTTP/1.1 200 OK", "ERROR PROTOCOL: bad chunk size"],
  },
  {
    name: "bytes that are not HTTP",
    servers: () => at({ [`${HOST}:80`]: respond("SSH-2.0-OpenSSH_9.6\r\n") }),
    outcome: "ERROR PROTOCOL", blinks: 3,
    lines: ["ERROR PROTOCOL: bad status line"],
  },
  {
    name: "a head far over the limit (64 KiB of headers)",
    servers: () => at({ [`${HOST}:80`]: respond(HEAD_64K) }),
    outcome: "ERROR TOO_LARGE", blinks: 3,
    lines: ["ERROR TOO_LARGE: head too long"],
  },
  {
    name: "a huge Content-Length (more digits than any body)",
    servers: () => at({ [`${HOST}:80`]: respond("HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999999\r\n\r\nshort") }),
    outcome: "ERROR PROTOCOL", blinks: 3,
    lines: ["ERROR PROTOCOL: bad Content-Length"],
  },
  {
    name: "a huge Content-Length, then the close",
    servers: () => at({ [`${HOST}:80`]: respond("HTTP/1.1 200 OK\r\nContent-Length: 4294967296000\r\n\r\nshort") }),
    outcome: "ERROR TRUNCATED", blinks: 3,
    lines: ["HTTP/1.1 200 OK", "short", /^ERROR TRUNCATED: /],
  },
  {
    name: "a 1-byte drip that ends within the deadline",
    servers: () => at({ [`${HOST}:80`]: drip(httpResponse("drip"), 20) }),
    outcome: "DONE 200", blinks: 1,
    lines: ["HTTP/1.1 200 OK", "drip", DONE(200, 4)],
  },
  {
    name: "a 1-byte drip that does not end within the deadline",
    servers: () => at({ [`${HOST}:80`]: drip(httpResponse("x".repeat(100)), 40) }),
    outcome: "ERROR TIMEOUT", blinks: 3,
    lines: ["HTTP/1.1 200 OK", /^x+$/, `ERROR TIMEOUT: deadline of ${TIMEOUT_MS} ms`],
  },
  {
    name: "404 with a body",
    servers: () => at({ [`${HOST}:80`]: respond(httpResponse("no such page", { status: 404, reason: "Not Found" })) }),
    outcome: "DONE 404", blinks: 2,
    lines: ["HTTP/1.1 404 Not Found", "no such page", DONE(404, 12)],
  },
  {
    name: "500 with a body",
    servers: () => at({ [`${HOST}:80`]: respond(httpResponse("it broke", { status: 500, reason: "Internal Server Error" })) }),
    outcome: "DONE 500", blinks: 2,
    lines: ["HTTP/1.1 500 Internal Server Error", "it broke", DONE(500, 8)],
  },
  {
    name: "a redirect",
    servers: () => at({ [`${HOST}:80`]: byPath({ [URL_PATH]: redirect("/moved"), "/moved": httpResponse(OK_BODY) }) }),
    outcome: "DONE 200", blinks: 1,
    lines: ["HTTP/1.1 200 OK", OK_BODY, DONE(200, OK_BODY.length)],
  },
  {
    name: "a redirect chain (3 hops, one to another host)",
    servers: () => at({
      [`${HOST}:80`]: byPath({ [URL_PATH]: redirect("/b", 301), "/b": redirect("http://other.example:8080/c", 307) }),
      "other.example:8080": byPath({ "/c": redirect("/final", 308), "/final": httpResponse(OK_BODY) }),
    }),
    outcome: "DONE 200", blinks: 1,
    lines: ["HTTP/1.1 200 OK", OK_BODY, DONE(200, OK_BODY.length)],
  },
  {
    name: "a redirect loop",
    servers: () => at({ [`${HOST}:80`]: byPath({ [URL_PATH]: redirect("/b"), "/b": redirect(URL_PATH) }) }),
    outcome: "ERROR PROTOCOL", blinks: 3,
    lines: [`ERROR PROTOCOL: redirect loop at ${url()}`],
  },
  {
    name: "too many redirects",
    servers: () => at({
      [`${HOST}:80`]: onRequest((head, c) => {
        const n = Number(pathOf(head).replace(/[^0-9]/g, "") || 0);
        c.write(redirect("/r" + (n + 1))).end();
      }),
    }),
    outcome: "ERROR PROTOCOL", blinks: 3,
    lines: ["ERROR PROTOCOL: more than 5 redirects"],
  },
  {
    name: "HTTP/1.0: the body ends with the connection",
    servers: () => at({ [`${HOST}:80`]: respond("HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil the close") }),
    outcome: "DONE 200", blinks: 1,
    lines: ["HTTP/1.0 200 OK", "until the close", DONE(200, 15)],
  },
  {
    name: "chunked with extensions and trailers",
    servers: () => at({ [`${HOST}:80`]: respond(CHUNKED_EXT, { pieces: [50, 3, 1, 7] }) }),
    outcome: "DONE 200", blinks: 1,
    lines: ["HTTP/1.1 200 OK", CHUNKED_BODY, DONE(200, CHUNKED_BODY.length)],
  },
  {
    name: "duplicate, equal Content-Length",
    servers: () => at({ [`${HOST}:80`]: respond("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\nhello") }),
    outcome: "DONE 200", blinks: 1,
    lines: ["HTTP/1.1 200 OK", "hello", DONE(200, 5)],
  },
  {
    name: "conflicting Content-Length",
    servers: () => at({ [`${HOST}:80`]: respond("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!") }),
    outcome: "ERROR PROTOCOL", blinks: 3,
    lines: ["ERROR PROTOCOL: bad Content-Length"],
  },
  {
    name: "Content-Length and Transfer-Encoding together",
    servers: () => at({ [`${HOST}:80`]: respond("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n") }),
    outcome: "ERROR PROTOCOL", blinks: 3,
    lines: [/^ERROR PROTOCOL: bad framing/],
  },
  {
    name: "WiFi drops in the middle of the body (and comes back)",
    servers: (env) => at({
      [`${HOST}:80`]: onRequest((_h, c) => {
        c.write("HTTP/1.1 200 OK\r\nContent-Length: 20\r\n\r\n0123456789");
        // Nothing crosses a dropped link: the rest goes 1 s later, if the link is up.
        env.later(() => {
          if (env.linkUp() && !c.closed) c.write("abcdefghij").end();
        }, 1000);
      }),
    }),
    wifi: { dropAfterMs: 500, backAfterMs: 3000 },
    outcome: "ERROR TIMEOUT", blinks: 3, next: "DONE 200",
    lines: ["HTTP/1.1 200 OK", "0123456789", `ERROR TIMEOUT: deadline of ${TIMEOUT_MS} ms`],
  },
];
