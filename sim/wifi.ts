// require("Wifi") of Espruino WiFi, ESP32 and ESP8266: the same call, with
// each firmware's callbacks, events and failure reporting, as measured on
// Espruino 2v29 or read in its sources.
//
//   espruino-wifi  cb("WiFi connect failed: +CWJAP:2" | ...: Timeout after 20 s);
//                  events associated, connected, disconnected; getIP(cb) async only
//   esp32          after 3 retries cb("AUTH_FAIL" | "NO_AP_FOUND" | "BEACON_TIMEOUT");
//                  getIP() synchronous
//   esp8266        cb("bad_password" | "no_ap_found"); an AP that never answers
//                  is retried forever and the callback never comes; getIP() synchronous

import type { EspWifi } from "../src/device";
import { Emitter } from "./emitter";
import { JoinOutcome, WifiRadio } from "./wifi-radio";

export type WifiBoard = "espruino-wifi" | "esp32" | "esp8266";
type Failure = Exclude<JoinOutcome, "join">;

/** The callback's error per board and failure; null: the callback never comes. */
export const WIFI_FAILURES: Record<WifiBoard, Record<Failure, string | null>> = {
  "espruino-wifi": {
    "wrong-password": "WiFi connect failed: +CWJAP:2",
    "no-ap": "WiFi connect failed: +CWJAP:3",
    "no-answer": "WiFi connect failed: Timeout",
  },
  esp32: { "wrong-password": "AUTH_FAIL", "no-ap": "NO_AP_FOUND", "no-answer": "BEACON_TIMEOUT" },
  esp8266: { "wrong-password": "bad_password", "no-ap": "no_ap_found", "no-answer": null },
};

/** The `reason` of the `disconnected` event after a failed attempt. */
const DISCONNECT_REASON: Record<Failure, string> = {
  "wrong-password": "auth_fail",
  "no-ap": "no_ap_found",
  "no-answer": "beacon_timeout",
};

/** AT+CWJAP's own timeout inside Espruino WiFi. */
const CWJAP_TIMEOUT_MS = 20000;
/** ESP32 retries a failed join this many times before calling back. */
const ESP32_TRIES = 3;
const BSSID = "02:00:00:00:00:01";
const MAC = "02:00:00:00:00:02";
const NETMASK = "255.255.255.0";
const GATEWAY = "192.168.1.1";

export class SimWifi extends Emitter implements EspWifi {
  /** Wifi.save() was called (ESP32/ESP8266 rejoin at boot). */
  saved = false;
  private ssid = "";

  constructor(readonly board: WifiBoard, readonly radio: WifiRadio) {
    super();
    radio.onLink = (up) => (up ? this.joinedEvents() : this.emit("disconnected", { ssid: this.ssid, reason: "beacon_timeout" }));
  }

  connect(ssid: string, options: { password?: string }, cb?: (err?: string | null) => void): void {
    if (this.radio.joined) this.emit("disconnected", { ssid: this.ssid, reason: "assoc_leave" });
    this.ssid = String(ssid);
    this.radio.attempt(this.ssid, (o) => this.finish(o, cb), this.attemptMs(this.radio.peek()), options && options.password);
  }

  disconnect(cb?: () => void): void {
    const was = this.radio.joined;
    this.radio.disconnect();
    this.radio.step("disconnected by the app");
    if (was) this.emit("disconnected", { ssid: this.ssid, reason: "assoc_leave" });
    if (typeof cb === "function") this.radio.clock.defer(() => cb());
  }

  /** Espruino WiFi answers only through the callback; ESP32/ESP8266 also return it. */
  getIP(cb?: (err: string | null, info: object) => void): object | undefined {
    const info = { ip: this.radio.joined ? this.radio.ip : "0.0.0.0", netmask: NETMASK, gw: GATEWAY, mac: MAC };
    if (typeof cb === "function") this.radio.clock.defer(() => cb(null, info));
    return this.board === "espruino-wifi" ? undefined : info;
  }

  getDetails(cb?: (d: object) => void): object {
    const d = { status: this.radio.joined ? "connected" : "off", ssid: this.ssid };
    if (typeof cb === "function") this.radio.clock.defer(() => cb(d));
    return d;
  }

  save(): void {
    this.saved = true;
  }

  /** The network Wifi.save() remembered, rejoined at boot. */
  ssidForBoot(): string {
    return this.ssid;
  }

  setHostname(): void {
    // accepted and ignored
  }

  private attemptMs(o: JoinOutcome): number | undefined {
    const base = this.radio.script.joinMs ?? 1500;
    if (o === "join") return undefined;
    if (this.board === "espruino-wifi" && o === "no-answer") return CWJAP_TIMEOUT_MS;
    if (this.board === "esp32") return base * ESP32_TRIES;
    return undefined;
  }

  private finish(o: JoinOutcome, cb?: (err?: string | null) => void): void {
    if (o === "join") {
      this.joinedEvents();
      if (typeof cb === "function") cb(null);
      return;
    }
    const err = WIFI_FAILURES[this.board][o];
    this.radio.step(err === null ? "no answer: the firmware keeps retrying, no callback" : `failed: ${err}`);
    if (this.board !== "espruino-wifi") this.emit("disconnected", { ssid: this.ssid, reason: DISCONNECT_REASON[o] });
    if (err !== null && typeof cb === "function") cb(err);
  }

  private joinedEvents(): void {
    this.emit("associated", { ssid: this.ssid, bssid: BSSID, channel: 6 });
    this.emit("connected", { ip: this.radio.ip, netmask: NETMASK, gw: GATEWAY });
  }
}
