// The app's settings, checked and completed on the host by tools/config.ts and
// embedded in build/app.js by the build. Device code trusts this shape.

export interface AtSettings {
  serial: string;
  rx: string;
  tx: string;
  baud: number;
}

export interface AppConfig {
  url: string;
  ssid: string;
  /** Never printed, never logged. */
  password: string;
  /** 0: one request, like the seed program; otherwise the poll period. */
  intervalMs: number;
  /** One deadline for a whole request: DNS, connect, first byte, body. */
  timeoutMs: number;
  /** Deadline for WiFi bring-up, even where the firmware retries forever. */
  wifiTimeoutMs: number;
  /** How many body bytes to print; the rest is counted, not kept. */
  printBody: number;
  ledActiveLow: boolean;
  /** Extra request headers, in order. */
  headers: [string, string][];
  /** Serial wiring of an ESP8266 AT-command module (pico-esp8266 only). */
  at?: AtSettings;
}
