// The edge: the only module that does anything at load and the only one that
// reads Espruino's globals and the build constants. It reads the settings
// from Storage, builds the device object and starts the app now (after
// upload) and at every power-on.
import { createApp } from "./app/app";
import { AppDevice } from "./app/device";
import { checkSettings, CheckedSettings, SETTINGS_FILE } from "./app/settings";
import { builtinLink, atLink } from "./app/wifi-links";
import { EspPin, Timers } from "./device";

const timers: Timers = {
  setTimeout: setTimeout,
  clearTimeout: clearTimeout,
  now: function () {
    return getTime() * 1000;
  },
};

/** The device object; settings that cannot be used go to dev.problems, which the app reports. */
function deviceFor(checked: CheckedSettings): AppDevice {
  const cfg = checked.settings;
  const dev: AppDevice = {
    timers: timers,
    print: print,
    // The check found these pins (or the default, which may be absent: undefined).
    led: global[cfg.led] as EspPin | undefined,
    led2: cfg.led2 ? (global[cfg.led2] as EspPin | undefined) : undefined,
    memory: function () {
      return process.memory().free;
    },
    kick: E.kickWatchdog,
    process: process,
  };
  if (checked.problems.length) dev.problems = checked.problems;
  // A missing module is reported by the app, never thrown here: Espruino's
  // RP2040 build has no "net" at all (and then no "tls" either); where "tls"
  // alone is missing, https is unsupported.
  try {
    dev.net = require("net");
    if (BOARD_TLS) dev.tls = require("tls");
  } catch (e) {
    // left undefined
  }
  // BOARD_WIFI is folded at build time, so a bundle keeps one of these. Module
  // names stay literal: the Espruino tools find them and upload the AT driver.
  if (BOARD_WIFI === "builtin") {
    try {
      dev.wifi = builtinLink(require("Wifi"), cfg.ssid, cfg.password);
    } catch (e) {
      dev.missing = "Wifi";
    }
  }
  if (BOARD_WIFI === "at") {
    try {
      dev.wifi = atLink(require("ESP8266WiFi_0v25"), global[cfg.at!.serial], cfg.at!, cfg.ssid, cfg.password);
    } catch (e) {
      dev.missing = "ESP8266WiFi_0v25";
    }
  }
  return dev;
}

// The settings file, checked, in one expression at the top level: the
// minifier runs the checks in place, so they and the parsed file are freed
// once they are done (a function kept at the top level is kept for the
// app's life).
const checked = checkSettings(require("Storage").readJSON(SETTINGS_FILE, true), {
  id: BOARD_ID, wifi: BOARD_WIFI, led: BOARD_LED, led2: BOARD_LED2, ledActiveLow: BOARD_LED_LOW, at: BOARD_AT, pins: global,
  stored: function () {
    return require("Storage").read(SETTINGS_FILE) !== undefined;
  },
});
const app = createApp(checked.settings, deviceFor(checked));
// At power-on Espruino runs saved boot code (upload --save) and then 'init',
// before any timer (src/jsinteractive.c, jsiSemiInit): the run the code just
// started must not be started twice. After save() the state is restored
// instead, with `running` cleared by the timer long before, and 'init' starts
// a fresh run (start() stops the restored one). A timer that runs once costs
// nothing after; a 'kill' listener would be kept for the app's life.
let running = 1;
setTimeout(function () {
  running = 0;
}, 0);
E.on("init", function () {
  if (!running) app.start();
  running = 0;
});
app.start();
