// The app's settings, read from the board's Storage and checked and completed
// by src/app/settings.ts (which the host's tools/config.ts runs too). Device
// code past that check trusts this shape.

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
  /** The LED's pin name, such as LED1 or D2 (src/main.ts finds the pin). */
  led?: string;
  /** The second (green) LED of two-LED boards; null: none (signal.ts). */
  led2?: string | null;
  ledActiveLow: boolean;
  /** Extra request headers, in order. */
  headers: [string, string][];
  /** Serial wiring of an ESP8266 AT-command module (pico-esp8266 only). */
  at?: AtSettings;
  /** "repeat" or "once"; unset: repeat when polling (signal.ts). */
  signal?: string;
  /** How often the shown state's pattern repeats (default 5000). */
  signalEveryMs?: number;
  /** Bad outcomes in a row before the light turns bad (default 1). */
  failAfter?: number;
  /** Checks on the response (checks.ts). */
  expect?: Expect;
  /** A JSON path whose value is printed after each response. */
  value?: string;
}

/** `expect`: every check given must hold for an OK. */
export interface Expect {
  /** Allowed codes, each a number or a [low, high] range; unset: below 400. */
  status?: (number | [number, number])[];
  /** Text the body must contain. */
  contains?: string;
  json?: JsonCheck;
}

/** A check on one value of a JSON body: a path and one operator. */
export interface JsonCheck {
  path: string;
  equals?: string | number | boolean | null;
  oneOf?: (string | number | boolean | null)[];
  below?: number;
  above?: number;
  exists?: boolean;
}
