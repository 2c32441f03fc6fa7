// The seam to the device. Every module depends on these narrow interfaces,
// each a subset of Espruino's real API; src/main.ts wires in the real objects
// and the host simulation (sim/) provides peers of them. Nothing here runs.

/** `{code, message}` as Espruino passes it to a socket's `error` event. */
export interface EspSocketError {
  code: number;
  message: string;
}

/** What `require("net").connect()` returns (also `require("tls")`). */
export interface EspSocket {
  on(event: "data", fn: (data: string) => void): void;
  on(event: "end", fn: () => void): void;
  on(event: "close", fn: (hadError: boolean) => void): void;
  on(event: "error", fn: (err: EspSocketError) => void): void;
  on(event: "drain", fn: (socket: EspSocket) => void): void;
  /** Every Espruino object has it (EventEmitter methods are on Object.prototype). */
  removeAllListeners(event: string): void;
  /** Returns false on Espruino even for a tiny write; that is not an error. */
  write(data: string): boolean;
  end(): void;
}

/** `require("net")` or `require("tls")`. */
export interface EspNet {
  connect(options: { host: string; port: number }, onConnect: () => void): EspSocket;
}

/**
 * Espruino's `process`, for what the firmware throws from its own idle loop,
 * where no try/catch reaches (a failed TLS handshake): its
 * `uncaughtException` listeners get it instead of the console.
 */
export interface EspProcess {
  on(event: "uncaughtException", fn: (e: unknown) => void): void;
  removeAllListeners(event: string): void;
}

/** The built-in `require("Wifi")` of Espruino WiFi, ESP32 and ESP8266. */
export interface EspWifi {
  connect(ssid: string, options: { password?: string }, cb: (err?: string | null) => void): void;
  on(event: string, fn: (details?: unknown) => void): void;
  /** Returns the details (ESP32, ESP8266) and/or calls back with them (Espruino WiFi: only that). */
  getIP(cb: (err: unknown, info?: { ip?: string }) => void): { ip?: string } | undefined;
}

/** A WiFi object of the `ESP8266WiFi_0v25` AT-command module. */
export interface AtWifi {
  connect(ssid: string, key: string, cb: (err?: string | null) => void): void;
  getIP(cb: (err: unknown, ip?: string) => void): void;
}

/** The `ESP8266WiFi_0v25` module itself. */
export interface AtWifiModule {
  connect(serial: EspSerial, cb: (err?: string | null) => void): AtWifi;
}

export interface EspSerial {
  setup(baud: number, options: { rx: unknown; tx: unknown }): void;
  /** Every Espruino object has it (EventEmitter methods are on Object.prototype). */
  removeAllListeners(event: string): void;
}

/** An Espruino pin such as `LED1` or `D2`; only `write` is used. */
export interface EspPin {
  write(value: boolean): void;
}

/** Timers in milliseconds; `now` is `getTime() * 1000` on the board. */
export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(id: unknown): void;
  now(): number;
}
