// Constants the build puts into build/app.js (tools/build.ts): facts about the
// board, the same for every user of it. The user's settings are not among
// them: they are read from Storage at start (src/app/settings.ts). Only
// src/main.ts reads these; every other module gets them as arguments.

/** The board profile's id (board/profiles.json), named in settings errors. */
declare const BOARD_ID: string;
/** The board's second LED (`led2` default), "" where it has none. */
declare const BOARD_LED2: string;
/** How WiFi comes up on this board: folded in by terser. */
declare const BOARD_WIFI: "builtin" | "at" | "none";
/** Whether this board's firmware has require("tls"). */
declare const BOARD_TLS: boolean;
/** The board's LED pin name and polarity, for settings that name none. */
declare const BOARD_LED: string;
declare const BOARD_LED_LOW: boolean;
/** The AT module's default wiring (pico-esp8266), undefined elsewhere. */
declare const BOARD_AT: import("../app/config").AtSettings | undefined;
