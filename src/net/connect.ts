// The socket seam: one behaviour over require("net") / require("tls") on
// every board. Boards report the same failure differently (a synchronous
// throw on Linux and ESP32, an `error` event on ESP8266 and on the AT path,
// sometimes after the connect callback already fired); here every failure
// becomes one `done(err)` and every end of the connection one `done(null)`,
// at most once per connection. Data strings pass through untouched, and the
// result of write() (false even when all is well) is not looked at.

import { EspNet, EspSocket, EspSocketError } from "../device";
import { ErrorCode, HttpError, httpError } from "../http/errors";

// Espruino's socket error codes (libs/network/socketerrors.h).
const MEM = -2;
const TIMEOUT = -3;
const NOT_FOUND = -6;
const MAX_SOCK = -7;
const RESET = -9;
const SSL_HANDSHAKE = -13;
const SSL_INVALID = -14;

/**
 * The class of an `error` event. `up`: the connect callback fired. `got`:
 * data arrived. Before the first byte a failure means the connection could
 * not be made; after it, that the connection broke.
 */
function classOf(code: number, up: boolean, tls: boolean, got: boolean): ErrorCode {
  if (code === MEM || code === MAX_SOCK) return "LOW_MEMORY";
  if (code === SSL_HANDSHAKE || code === SSL_INVALID) return "TLS";
  if (got || code === RESET) return "RESET";
  // ESP8266 reports an unknown host as -6 before any connect callback. The
  // AT-command path calls back first and then reports every connect failure
  // (unknown host, refused, its own 10 s timeout) as -6.
  if (code === NOT_FOUND) return up ? "REFUSED" : "DNS";
  if (code === TIMEOUT) return "CONNECT_TIMEOUT";
  // Measured on Linux: a failed handshake is -8 (unsent data), after the
  // connect callback; -4 no route, -5 busy, -11 no connection and the rest
  // mean no connection was made.
  return tls ? "TLS" : "REFUSED";
}

function asyncError(e: EspSocketError, up: boolean, tls: boolean, got: boolean): HttpError {
  return httpError(classOf(e.code, up, tls, got), e.code === NOT_FOUND ? "host not found or refused" : e.message + " (" + e.code + ")");
}

// Synchronous throws of net.connect (libs/network/socketserver.c, network.c).
// Regexes rather than indexOf: Espruino's indexOf can report a match for a
// needle that runs past the end of the string.
function thrown(x: unknown, tls: boolean): HttpError {
  const text = "" + ((x && (x as Error).message) || x);
  return httpError(/locate host/.test(text) ? "DNS" : /internet/.test(text) ? "WIFI_DOWN" : /memory/.test(text) ? "LOW_MEMORY"
    : /create socket/.test(text) || !tls ? "REFUSED" : "TLS", text);
}

/**
 * Opens host:port. `connected` is the connect callback (on the AT path it
 * fires before TCP is up); `done` runs once: null when the connection ended
 * (a TCP reset looks the same), else why it failed. Returns null when the
 * connect failed at once (`done` has run).
 */
export function connect(net: EspNet, tls: boolean, host: string, port: number,
  connected: () => void, data: (chunk: string) => void, done: (err: HttpError | null) => void): EspSocket | null {
  let over = false;
  let up = false;
  let got = false;
  function end(err: HttpError | null): void {
    if (over) return;
    over = true;
    done(err);
  }
  let socket: EspSocket;
  try {
    // Only the connect callback: a 'connect' listener as well crashes the
    // interpreter.
    socket = net.connect({ host: host, port: port }, function () {
      up = true;
      if (!over) connected();
    });
  } catch (x) {
    end(thrown(x, tls));
    return null;
  }
  socket.on("data", function (chunk: string) {
    got = true;
    if (!over) data(chunk);
  });
  // Espruino fires error, end, close(true) on a failure and end, close(false)
  // otherwise (libs/network/socketserver.c): close always comes, last.
  socket.on("error", function (e: EspSocketError) {
    end(asyncError(e, up, tls, got));
  });
  socket.on("close", function () {
    end(null);
  });
  return socket;
}
