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
const NO_ROUTE = -4;
const BUSY = -5;
const NOT_FOUND = -6;
const MAX_SOCK = -7;
const NO_CONN = -11;
const BAD_ARG = -12;
const SSL_HANDSHAKE = -13;
const SSL_INVALID = -14;

/**
 * The class of an `error` event's code. `up`: the connect callback fired.
 * `handshake`: a TLS socket that has received no data yet.
 */
function classOf(code: number, up: boolean, handshake: boolean): ErrorCode {
  // ESP8266 reports an unknown host as -6 before any connect callback. The
  // AT-command path calls back first and then reports every connect failure
  // (unknown host, refused, its own 10 s timeout) as -6.
  if (code === NOT_FOUND) return up ? "REFUSED" : "DNS";
  if (code === MEM || code === MAX_SOCK) return "LOW_MEMORY";
  if (code === TIMEOUT) return "CONNECT_TIMEOUT";
  if (code === NO_CONN || code === NO_ROUTE || code === BUSY || code === BAD_ARG) return "REFUSED";
  // Measured on Linux: a failed handshake is -8 (unsent data), after the
  // connect callback, so any other failure before the first byte is TLS's.
  if (code === SSL_HANDSHAKE || code === SSL_INVALID || handshake) return "TLS";
  // -8 unsent data, -9 reset, -10 unknown, -15 no response, anything newer.
  return "RESET";
}

function asyncError(e: EspSocketError, up: boolean, handshake: boolean): HttpError {
  return httpError(classOf(e.code, up, handshake), e.code === NOT_FOUND ? "host not found or refused" : e.message + " (" + e.code + ")");
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
    end(asyncError(e, up, tls && !got));
  });
  socket.on("close", function () {
    end(null);
  });
  return socket;
}
