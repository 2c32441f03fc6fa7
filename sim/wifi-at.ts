// The ESP8266WiFi_0v25 module: an ESP8266 with AT firmware on a UART
// (Espruino Pico and others). `require("ESP8266WiFi_0v25").connect(serial, cb)`
// resets the module; then `wifi.connect(ssid, key, cb)` joins. The key is
// positional. After the reset the network driver exists, so a socket opened
// before the join fails the AT way (error -6), not with a throw.

import type { AtWifi, AtWifiModule } from "../src/device";
import { SimSerial } from "./serial";
import { JoinOutcome, WifiRadio } from "./wifi-radio";

/** AT+RST and waiting for "ready". */
export const AT_RESET_MS = 1000;
/** The module's wait for "ready" before giving up. */
export const AT_READY_TIMEOUT_MS = 10000;
/** AT+CWJAP's timeout in the module. */
export const AT_JOIN_TIMEOUT_MS = 20000;

export const AT_FAILURES: Record<Exclude<JoinOutcome, "join">, string> = {
  "wrong-password": "WiFi connect failed: +CWJAP:2",
  "no-ap": "WiFi connect failed: +CWJAP:3",
  "no-answer": "WiFi connect failed: Timeout",
};
export const AT_NO_READY = "No 'ready' after AT+RST";

type Callback = (err?: string | null) => void;

export class SimAtWifi implements AtWifi {
  constructor(private readonly radio: WifiRadio, private readonly module: SimAtModule) {}

  connect(ssid: string, key: string, cb?: Callback): void {
    const dead = !this.module.answering;
    const outcome = dead ? "no-answer" : this.radio.peek();
    const ms = outcome === "no-answer" ? AT_JOIN_TIMEOUT_MS : undefined;
    this.radio.attempt(String(ssid), (o) => {
      const result = dead ? "no-answer" : o;
      if (result === "join") return typeof cb === "function" && cb(null);
      const err = AT_FAILURES[result];
      this.radio.step(`failed: ${err}`);
      if (typeof cb === "function") cb(err);
    }, ms, key);
  }

  getIP(cb?: (err: string | null, ip?: string) => void): void {
    if (typeof cb !== "function") return;
    const ip = this.radio.joined ? this.radio.ip : "0.0.0.0";
    this.radio.clock.defer(() => cb(null, ip));
  }

  disconnect(cb?: () => void): void {
    this.radio.disconnect();
    this.radio.step("disconnected by the app");
    if (typeof cb === "function") this.radio.clock.defer(() => cb());
  }
}

export class SimAtModule implements AtWifiModule {
  /** connect() calls so far (each one resets the module). */
  resets = 0;

  constructor(readonly radio: WifiRadio) {}

  get answering(): boolean {
    return this.radio.script.module !== "no-answer";
  }

  connect(serial: SimSerial, cb?: Callback): SimAtWifi {
    if (!serial || typeof serial.on !== "function") throw new TypeError("ESP8266WiFi_0v25: connect needs a serial port");
    this.resets++;
    // The AT command layer listens on the UART for the module's replies.
    serial.on("data", () => undefined);
    this.radio.disconnect();
    this.radio.ready = false;
    this.radio.step(`AT module reset on ${serial.name}`);
    const ok = this.answering;
    this.radio.clock.defer(() => {
      if (ok) this.radio.ready = true;
      this.radio.step(ok ? "AT module ready" : `failed: ${AT_NO_READY}`);
      if (typeof cb === "function") cb(ok ? null : AT_NO_READY);
    }, ok ? AT_RESET_MS : AT_READY_TIMEOUT_MS);
    return new SimAtWifi(this.radio, this);
  }
}
