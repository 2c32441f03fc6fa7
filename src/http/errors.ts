// Errors are data: a stable code plus a human reason, identical on every
// board. They are plain objects because subclassing Error does not survive the
// ES5 downlevel on Espruino, and because the app prints them as one line.

export type ErrorCode =
  | "WIFI_DOWN"
  | "DNS"
  | "REFUSED"
  | "CONNECT_TIMEOUT"
  | "TIMEOUT"
  | "RESET"
  | "TRUNCATED"
  | "PROTOCOL"
  | "TOO_LARGE"
  | "TLS"
  | "UNSUPPORTED"
  | "LOW_MEMORY"
  | "INTERNAL"
  | "SETTINGS";

export interface HttpError {
  code: ErrorCode;
  reason: string;
}

// Device code names a code by its number (E_...): the bundle then carries
// each code's name once, here, instead of at every place that reports it.
// Kept as one string and split when an error is made: an array of 14
// strings would hold about 35 variable blocks for as long as the code is loaded.
const CODES = "WIFI_DOWN DNS REFUSED CONNECT_TIMEOUT TIMEOUT RESET TRUNCATED PROTOCOL TOO_LARGE TLS UNSUPPORTED LOW_MEMORY INTERNAL SETTINGS";
export const E_WIFI_DOWN = 0;
export const E_DNS = 1;
export const E_REFUSED = 2;
export const E_CONNECT_TIMEOUT = 3;
export const E_TIMEOUT = 4;
export const E_RESET = 5;
export const E_TRUNCATED = 6;
export const E_PROTOCOL = 7;
export const E_TOO_LARGE = 8;
export const E_TLS = 9;
export const E_UNSUPPORTED = 10;
export const E_LOW_MEMORY = 11;
export const E_INTERNAL = 12;
/** The settings file on the board is missing or not what the build would accept. */
export const E_SETTINGS = 13;

/** The number of a code: one of the E_... constants. */
export type CodeNumber = number;

export function httpError(code: CodeNumber, reason: string): HttpError {
  return { code: CODES.split(" ")[code] as ErrorCode, reason: reason };
}
