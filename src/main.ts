// The edge: the only module that does anything at load and the only one that
// reads Espruino's globals and the build constants. It reads the settings
// from Storage, builds the device object and starts the app now (after
// upload) and at every power-on.
import { createApp, blinksFor } from "./app/app";
import { AppDevice } from "./app/device";
import { createLed } from "./app/led";
import { checkSettings, Settings, SETTINGS_FILE } from "./app/settings";
import { builtinLink, atLink } from "./app/wifi-links";
import { httpError, E_SETTINGS } from "./http/errors";
import { EspPin, Timers } from "./device";

const timers: Timers = {
  setTimeout: setTimeout,
  clearTimeout: clearTimeout,
  now: function () {
    return getTime() * 1000;
  },
};

/** A pin or port by name; undefined, never a ReferenceError, when the board has none. */
function named(name: string): any {
  // A pin is typeof "number" on Espruino, a serial port an object: both are
  // known by their methods. global["X"] of an absent name is undefined.
  const v = global[name];
  return v != null && (typeof v.write === "function" || typeof v.setup === "function") ? v : undefined;
}

/**
 * The checked settings, or null after printing what is wrong with them and
 * showing the fault on the LED. Runs in its own scope so that the file's
 * parsed text and the checks are freed once it returns.
 */
function readSettings(): Settings | null {
  // readJSON: undefined for a missing file and, with noExceptions, for one
  // that is not JSON (Espruino's jswrap_storage.c).
  const storage = require("Storage");
  const raw = storage.readJSON(SETTINGS_FILE, true);
  const checked = checkSettings(raw, { id: BOARD_ID, wifi: BOARD_WIFI, led: BOARD_LED, ledActiveLow: BOARD_LED_LOW, at: BOARD_AT, pin: named });
  let problems = checked.problems;
  if (raw === undefined) {
    problems = [SETTINGS_FILE + (storage.read(SETTINGS_FILE) === undefined ? " is not in Storage (npm run configure writes it)" : " is not valid JSON")];
  }
  if (!problems.length) return checked.settings;
  for (let i = 0; i < problems.length; i++) print("ERROR SETTINGS: " + problems[i]);
  createLed(named(checked.settings.led), checked.settings.ledActiveLow, timers)(blinksFor(httpError(E_SETTINGS, "")));
  return null;
}

function deviceFor(cfg: Settings): AppDevice {
  const dev: AppDevice = {
    timers: timers,
    print: print,
    led: named(cfg.led) as EspPin | undefined,
    memory: function () {
      return process.memory().free;
    },
    kick: E.kickWatchdog,
    process: process,
  };
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
      dev.wifi = atLink(require("ESP8266WiFi_0v25"), named(cfg.at!.serial), cfg.at!, cfg.ssid, cfg.password);
    } catch (e) {
      dev.missing = "ESP8266WiFi_0v25";
    }
  }
  return dev;
}

const settings = readSettings();
if (settings) {
  const app = createApp(settings, deviceFor(settings));
  // At power-on Espruino runs saved boot code (upload --save) and then 'init':
  // the run the code just started must not be started twice. After save() the
  // state is restored instead, with `running` cleared by 'kill' (which save()
  // fires), and 'init' starts a fresh run (start() stops the restored one).
  let running = 1;
  E.on("kill", function () {
    running = 0;
  });
  E.on("init", function () {
    if (!running) app.start();
    running = 0;
  });
  app.start();
}
