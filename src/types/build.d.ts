// Constants the build puts into build/app.js (tools/build.ts). Only
// src/main.ts reads them; every other module gets them as arguments.

/** The checked config (tools/config.ts), embedded at build time. */
declare const APP_CONFIG: import("../app/config").AppConfig;
/** The LED pin, or undefined when the firmware has no such pin. */
declare const APP_LED: import("../device").EspPin | undefined;
/** The second LED (`led2`), or undefined when none is set or the pin is absent. */
declare const APP_LED2: import("../device").EspPin | undefined;
/** The serial port of an AT-command WiFi module (pico-esp8266 only). */
declare const APP_SERIAL: import("../device").EspSerial | undefined;
/** How WiFi comes up on this board: folded in by terser. */
declare const BOARD_WIFI: "builtin" | "at" | "none";
/** Whether this board's firmware has require("tls"). */
declare const BOARD_TLS: boolean;
