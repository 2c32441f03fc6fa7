// How each board joins the network (sim/wifi.ts and sim/wifi-at.ts play each
// firmware's way, as measured on Espruino 2v29 or read in its sources).
// src/main.ts picks one by the build constant BOARD_WIFI, so the bundle of a
// board carries only its own.

import { AtWifi, AtWifiModule, EspSerial, EspWifi } from "../device";
import { AtSettings } from "./config";
import { WifiLink } from "./wifi";

/** Espruino WiFi, ESP32, ESP8266: the firmware's own `require("Wifi")`. */
export function builtinLink(wifi: EspWifi, ssid: string, password: string): WifiLink {
  return {
    join: function (cb) {
      wifi.connect(ssid, { password: password }, cb);
    },
    onDrop: function (fn) {
      wifi.on("disconnected", fn);
    },
    // Espruino WiFi answers getIP only through the callback; ESP32 and
    // ESP8266 return the details and may call back too: the first wins.
    ip: function (cb) {
      let told: unknown;
      function tell(info?: { ip?: string }): void {
        if (!told && info && info.ip) cb((told = info.ip) as string);
      }
      tell(wifi.getIP(function (_err, info) {
        tell(info);
      }));
    },
  };
}

/** The module object; it emits `disconnected` when the AT firmware says so. */
export interface AtModule extends AtWifiModule {
  on?(event: string, fn: () => void): void;
}

/**
 * An ESP8266 with AT firmware on a UART (`ESP8266WiFi_0v25`). Every join
 * resets the module and starts over: after a failure its state is unknown,
 * and a reset is what brings a wedged module back.
 */
export function atLink(mod: AtModule, serial: EspSerial, at: AtSettings, ssid: string, password: string): WifiLink {
  let wifi: AtWifi;
  return {
    join: function (cb) {
      // Each module connect adds a `data` listener to the UART; drop the
      // previous one so retries do not pile them up.
      serial.removeAllListeners("data");
      serial.setup(at.baud, { rx: at.rx, tx: at.tx });
      wifi = mod.connect(serial, function (err) {
        if (err) cb(err);
        else wifi.connect(ssid, password, cb);
      });
    },
    onDrop: function (fn) {
      if (mod.on) mod.on("disconnected", fn);
    },
    // Asked only once joined, so the module's WiFi object exists.
    ip: function (cb) {
      wifi.getIP(function (_err, ip) {
        if (ip) cb(ip);
      });
    },
  };
}
