// The edge: the only module that does anything at load and the only one that
// reads Espruino's globals and the build constants. It builds the device
// object and starts the app now (after upload) and at every power-on.
import { createApp } from "./app/app";
import { AppDevice } from "./app/device";
import { builtinLink, atLink } from "./app/wifi-links";

const cfg = APP_CONFIG;
const dev: AppDevice = {
  timers: {
    setTimeout: setTimeout,
    clearTimeout: clearTimeout,
    now: function () {
      return getTime() * 1000;
    },
  },
  print: print,
  led: APP_LED,
  led2: APP_LED2,
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
    dev.wifi = atLink(require("ESP8266WiFi_0v25"), APP_SERIAL!, cfg.at!, cfg.ssid, cfg.password);
  } catch (e) {
    dev.missing = "ESP8266WiFi_0v25";
  }
}

const app = createApp(cfg, dev);
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
