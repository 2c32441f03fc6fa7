// Everything the app touches on the board, in one object built by src/main.ts
// from Espruino's globals (and by tests from the simulation).

import { EspNet, EspPin, EspProcess, Timers } from "../device";
import { WifiLink } from "./wifi";

export interface AppDevice {
  timers: Timers;
  /** One line to the console (Espruino's `print`). */
  print(line: string): void;
  /** The signal LED; undefined when the board has no such pin. */
  led?: EspPin;
  /** The second (green) LED of two-LED boards, where configured (`led2`). */
  led2?: EspPin;
  /** require("net"); undefined on firmware without networking (RP2040). */
  net?: EspNet;
  /** require("tls"); undefined where the firmware has none. */
  tls?: EspNet;
  /** Espruino's `process`: where a failed TLS handshake's exception is caught. */
  process?: EspProcess;
  /** What is wrong with the settings file (src/app/settings.ts); the app then only reports it. */
  problems?: string[];
  /** A module this board needs that failed to load (its WiFi driver). */
  missing?: string;
  /** How this board joins WiFi; undefined when the host's network is used (Linux). */
  wifi?: WifiLink;
  /** Free variable blocks (`process.memory().free`). */
  memory(): number;
  /** E.kickWatchdog where the firmware has it. */
  kick?(): void;
}
