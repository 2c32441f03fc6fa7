// How each board's socket layer reports trouble, as measured on Espruino 2v29
// or read in its sources. The same failure looks different per firmware, so
// the simulation plays one variant at a time and the device code must handle
// them all. Which board has which variant: board/profiles.json.

import type { SocketVariant } from "../board/profiles";

/**
 * linux: Espruino for Linux (measured): refused and unknown host throw at connect.
 * esp32: connect blocks and throws like linux.
 * esp8266: asynchronous DNS and connect; failures are `error` events.
 * at: an ESP8266 AT-command module on a UART (Espruino WiFi, Pico + module):
 *   the connect callback fires before the connection exists; every connect
 *   failure is `error -6`; at most 5 sockets.
 */
export type NetVariant = SocketVariant;

// libs/network/socketerrors.h
export const SOCKET_ERR = {
  MEM: -2,
  TIMEOUT: -3,
  NO_ROUTE: -4,
  BUSY: -5,
  NOT_FOUND: -6,
  MAX_SOCK: -7,
  UNSENT_DATA: -8,
  RESET: -9,
  UNKNOWN: -10,
  NO_CONN: -11,
  BAD_ARG: -12,
  SSL_HAND: -13,
  SSL_INVALID: -14,
  NO_RESP: -15,
} as const;

// libs/network/socketerrors.c, indexed by -1 - code.
const MESSAGES = [
  "connection closed", "out of memory", "timeout", "no route", "busy", "not found",
  "max sockets", "unsent data", "connection reset", "unknown error", "no connection",
  "bad argument", "SSL handshake failed", "invalid SSL data", "no response",
];

export function socketErrorMessage(code: number): string {
  const i = -1 - code;
  return MESSAGES[i >= 0 && i < MESSAGES.length ? i : -1 - SOCKET_ERR.UNKNOWN];
}

/** Sockets an AT-command module can hold at once (AT+CIPSTART ids 0..4). */
export const AT_MAX_SOCKETS = 5;
/** The AT module's own connect timeout (AT+CIPSTART, 10 s). */
export const AT_CONNECT_TIMEOUT_MS = 10000;

export const MSG_NO_SOCKET = "Unable to create socket";
export const MSG_NO_HOST = "Unable to locate host";
export const MSG_OFFLINE = "Not connected to the internet";

/** Builds the exception Espruino throws; the runner makes it in the app's own realm. */
export type ErrorFactory = (name: string, message: string) => Error;

export const hostErrorFactory: ErrorFactory = (name, message) => {
  const e = new Error(message);
  e.name = name;
  return e;
};

/** How a failure of this kind shows on this variant. */
export type FailureReport =
  | { kind: "throw"; name: string; message: string }
  | { kind: "error"; code: number; callbackFirst: boolean };

/** A connection refused by the host (RST to the SYN). */
export function refusedReport(v: NetVariant): FailureReport {
  if (v === "linux" || v === "esp32") return { kind: "throw", name: "InternalError", message: MSG_NO_SOCKET };
  if (v === "at") return { kind: "error", code: SOCKET_ERR.NOT_FOUND, callbackFirst: true };
  return { kind: "error", code: SOCKET_ERR.NO_CONN, callbackFirst: false };
}

/**
 * A host name that does not resolve. (ESP32's sources also queue `end` and
 * `close(false)` after the throw; no app can see them, since the socket was
 * never returned, so the simulation leaves them out.)
 */
export function dnsReport(v: NetVariant): FailureReport {
  if (v === "linux" || v === "esp32") return { kind: "throw", name: "InternalError", message: MSG_NO_HOST };
  return { kind: "error", code: SOCKET_ERR.NOT_FOUND, callbackFirst: v === "at" };
}

/** A SYN nobody answers (a host that is down, a firewall dropping packets). */
export function blackholeReport(v: NetVariant): FailureReport | null {
  if (v === "at") return { kind: "error", code: SOCKET_ERR.NOT_FOUND, callbackFirst: true };
  if (v === "esp8266") return { kind: "error", code: SOCKET_ERR.TIMEOUT, callbackFirst: false };
  // linux/esp32: not measured; the simulation shows it as "no event ever".
  return null;
}

/** How a TCP reset from the server shows once connected. */
export function resetIsCleanClose(v: NetVariant): boolean {
  // Measured on linux: end, close(false), no error. ESP8266's espconn reports
  // ESPCONN_RST as an error instead.
  return v !== "esp8266";
}

/** Delay before a failure report arrives, per variant (ms). */
export function failureDelayMs(v: NetVariant, report: FailureReport, blackhole: boolean): number {
  if (report.kind === "throw") return 0;
  if (blackhole && v === "at") return AT_CONNECT_TIMEOUT_MS;
  if (blackhole) return 5000;
  return 20;
}
