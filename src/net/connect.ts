// The socket seam: one behaviour over require("net") / require("tls") on
// every board. Boards report the same failure differently (a synchronous
// throw on Linux and ESP32, an `error` event on ESP8266 and on the AT path,
// sometimes after the connect callback already fired); here every failure
// becomes one `onDone(err)` and every end of the connection after data one
// `onDone(null)`, at most once per connection. Data strings pass through
// untouched, and the result of write() (false even when all is well) is not
// looked at.

import { EspNet, EspProcess, EspSocket, EspSocketError } from "../device";
import { HttpError, CodeNumber, httpError, E_DNS, E_REFUSED, E_CONNECT_TIMEOUT, E_RESET, E_TLS, E_LOW_MEMORY, E_WIFI_DOWN } from "../http/errors";

// Espruino's socket error codes (libs/network/socketerrors.h).
const MEM = -2;
const TIMEOUT = -3;
const NOT_FOUND = -6;
const MAX_SOCK = -7;
const RESET = -9;
const SSL_HANDSHAKE = -13;
const SSL_INVALID = -14;
// mbedtls's MBEDTLS_ERR_SSL_PEER_CLOSE_NOTIFY (-0x7880), passed on as the
// error of a TLS socket whose server closed it cleanly (measured on Linux,
// then end, close(true)): a close like any other, not a failure.
const CLOSE_NOTIFY = -30848;
const UNCAUGHT = "uncaughtException";

// Espruino's mbedtls offers RSA and DHE-RSA key exchange only
// (libs/crypto/mbedtls/config.h): a server that accepts only ECDHE suites
// fails the handshake, and so does a port that does not speak TLS.
const HANDSHAKE_FAILED = "handshake failed: the server wants a cipher this firmware lacks; use http:// or a server or proxy with RSA key exchange";

export interface ConnectOptions {
  /** require("net"), or require("tls") for https. */
  net: EspNet;
  /** Where to; with https a failure no other class explains is a TLS one. */
  url: { https: boolean; host: string; port: number };
  /** The connect callback (on the AT path it fires before TCP is up). */
  onConnect: () => void;
  onData: (chunk: string) => void;
  /**
   * Runs once: null when the connection ended after data, else why it failed
   * (a close before any byte is RESET: a reset and a server that closes
   * without answering look the same).
   */
  onDone: (err: HttpError | null) => void;
  /** Espruino's `process`, over TLS: where a failed handshake's exception is caught. */
  process?: EspProcess;
}

/**
 * The class of a socket `error` event. Before the first byte (`got`) a
 * failure means the connection could not be made; after it, that the
 * connection broke. `up`: the connect callback fired. @inline: used once,
 * so its place is its caller's (a function costs about 5 blocks while the
 * code is loaded, and one more per parameter, measured).
 */
function eventCode(code: number, url: { https: boolean }, up: boolean, got: boolean): CodeNumber {
  return code === MEM || code === MAX_SOCK ? E_LOW_MEMORY
    : code === SSL_HANDSHAKE || code === SSL_INVALID ? E_TLS
    : got || code === RESET ? E_RESET
    // ESP8266 reports an unknown host as -6 before any connect callback. The
    // AT-command path calls back first and then reports every connect
    // failure (unknown host, refused, its own 10 s timeout) as -6.
    : code === NOT_FOUND ? up ? E_REFUSED : E_DNS
    : code === TIMEOUT ? E_CONNECT_TIMEOUT
    // -4 no route, -5 busy, -11 no connection and the rest mean no
    // connection was made (a failed handshake is caught before this).
    : url.https ? E_TLS : E_REFUSED;
}

/**
 * Opens host:port. Returns null when the connect failed at once (`onDone`
 * has run). @once: a hop opens its socket in one place; one return, at the
 * end, and its inner functions as values, so the build can put it there.
 */
export function connect(o: ConnectOptions): EspSocket | null {
  const url = o.url;
  // Called back already; the connect callback fired; data arrived.
  let over: boolean;
  let up: boolean;
  let got: boolean;
  // Over TLS: drains seen (the handshake is done once the request went out).
  let drains = 0;
  const end = function (err: HttpError | null): void {
    if (over) return;
    over = true;
    o.onDone(err);
  };
  let socket: EspSocket | null = null;
  try {
    // Only the connect callback: a 'connect' listener as well crashes the
    // interpreter.
    socket = o.net.connect({ host: url.host, port: url.port }, function () {
      up = true;
      if (!over) o.onConnect();
    });
  } catch (x) {
    // Synchronous throws of net.connect (libs/network/socketserver.c,
    // network.c), found by regex: Espruino's indexOf can report a match for a
    // needle that runs past the end of the string. Memory first: "Not enough
    // memory to allocate SSL socket".
    const text = "" + ((x && (x as Error).message) || x);
    end(httpError(/memory/.test(text) ? E_LOW_MEMORY : /locate/.test(text) ? E_DNS : /internet/.test(text) ? E_WIFI_DOWN
      : url.https && !/create/.test(text) ? E_TLS : E_REFUSED, text));
  }
  if (socket) {
    socket.on("data", function (chunk: string) {
      got = true;
      if (!over) o.onData(chunk);
    });
    // Counted over TLS only (handshakeFailed). A listener is a property of
    // the socket, which Espruino's idle loop walks past in its lookups at
    // every piece (about 0.2 M instructions a 256 KiB body, 2v29 for Linux).
    if (url.https) {
      socket.on("drain", function () {
        drains++;
      });
    }
    // The socket ended before the request went out over TLS (its second
    // drain): the handshake failed. Measured on Espruino 2v29 for Linux: the
    // socket ends (error -8 unsent data, end, close(true); or end,
    // close(false) when it failed before the connect callback), then the
    // firmware throws "mbedtls_ssl_handshake returned -0x7780" from its idle
    // loop (libs/network/network.c), after those events, where no try/catch
    // reaches. Unheard it prints `Uncaught ...`, or `Uncaught undefined` once
    // any try statement has run in that pass: Espruino's try takes a pending
    // exception's value even when its own block threw nothing (src/jsparse.c).
    // One listener, added here, catches it and goes.
    const handshakeFailed = function (): boolean {
      const proc = o.process;
      if (over || !url.https || got || drains > 1) return false;
      if (proc) {
        proc.on(UNCAUGHT, function () {
          proc.removeAllListeners(UNCAUGHT);
        });
      }
      end(httpError(E_TLS, HANDSHAKE_FAILED));
      return true;
    };

    // Espruino fires error, end, close(true) on a failure and end, close(false)
    // otherwise (libs/network/socketserver.c): close always comes, last.
    socket.on("error", function (e: EspSocketError) {
      const code = e.code;
      if (handshakeFailed() || code === CLOSE_NOTIFY) return;
      end(httpError(eventCode(code, url, up, got),
        code === NOT_FOUND ? "host not found or refused" : e.message + " (" + code + ")"));
    });
    socket.on("close", function () {
      // Over plain TCP no handshake can have failed: no call (the close ends
      // every download).
      if (url.https && handshakeFailed()) return;
      end(got ? null : httpError(E_RESET, "closed before any response"));
    });
  }
  return socket;
}

/**
 * Sends the socket's further data straight to `listener`, past the checks
 * of connect()'s own listener, which only matter until the first byte. For
 * a body: on Espruino every call per piece costs. @inline: done once or
 * twice a request, and a function costs about 5 blocks while the code is
 * loaded, one more per parameter (measured).
 */
export function streamTo(socket: EspSocket, listener: (chunk: string) => void): void {
  return void (socket.removeAllListeners("data"), socket.on("data", listener));
}
