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
  | "INTERNAL";

export interface HttpError {
  code: ErrorCode;
  reason: string;
}

export function httpError(code: ErrorCode, reason: string): HttpError {
  return { code: code, reason: reason };
}

/** The one-line form the app prints: `ERROR <CODE>: <reason>`. */
export function formatError(err: HttpError): string {
  return "ERROR " + err.code + ": " + err.reason;
}
