// The status light: what the LED(s) show between outcomes. Each outcome has a
// class and a blink count; the light keeps showing the last shown class
// (state that stays), repeating its pattern every `signalEveryMs`, until the
// next outcome replaces it. While WiFi is being joined it glows slowly
// instead: 1 s lit, 1 s dark, a pattern no outcome has.
//
//   class          blinks  LED (two-LED boards: led2 green, led red)
//   OK               1     led2 where set, else led
//   BAD ANSWER       2     led
//   SERVER FAULT     3     led
//   DEVICE FAULT     4     led
//   joining WiFi   slow    led

import { Timers } from "../device";
import { Blink } from "./led";
import { createSlot } from "../timer";

export const OK = 1;
export const BAD_ANSWER = 2;
export const SERVER_FAULT = 3;
export const DEVICE_FAULT = 4;
/** The pattern repeats this often when `signalEveryMs` is not set. */
export const SIGNAL_EVERY_MS = 5000;
/** The joining glow: lit this long, then dark until the next one. */
export const JOIN_BLINK_MS = 1000;
export const JOIN_EVERY_MS = 2000;

/** The keys of the settings the light reads (AppConfig). */
export interface SignalSettings {
  intervalMs: number;
  /** "repeat" (default when polling) or "once" (default for one request). */
  signal?: string;
  signalEveryMs?: number;
  /** Bad outcomes in a row before the shown state turns bad (default 1). */
  failAfter?: number;
}

export interface Signal {
  /** An outcome of class OK .. DEVICE_FAULT. */
  outcome_(cls: number): void;
  /** WiFi is being joined: the slow glow until idle_() or an outcome. */
  joining_(): void;
  /** Joined: back to showing the state (a glow that is lit ends first). */
  idle_(): void;
  /** Everything off, the state forgotten. */
  stop_(): void;
}

/** `green`: the second LED (led2), or undefined on one-LED boards. */
export function createSignal(red: Blink, green: Blink | undefined, cfg: SignalSettings, timers: Timers): Signal {
  const tick = createSlot(timers);
  const repeat = cfg.signal ? cfg.signal === "repeat" : cfg.intervalMs > 0;
  // The class shown (0: none yet) and the bad outcomes in a row.
  let shown = 0;
  let bad = 0;

  function show(): void {
    tick();
    if (!shown) return;
    const on = shown === OK && green || red;
    // A pattern of the other LED, running or waiting, is the old state: cut.
    if (green) (on === red ? green : red)(0);
    on(shown);
    if (repeat) tick(show, cfg.signalEveryMs || SIGNAL_EVERY_MS);
  }

  function glow(): void {
    red(1, JOIN_BLINK_MS);
    tick(glow, JOIN_EVERY_MS);
  }

  return {
    outcome_: function (cls) {
      bad = cls === OK ? 0 : bad + 1;
      if (!bad || bad >= (cfg.failAfter || 1)) shown = cls;
      show();
    },
    joining_: glow,
    idle_: function () {
      if (repeat) show();
      else tick();
    },
    stop_: function () {
      tick();
      shown = bad = 0;
      red(0);
      if (green) green(0);
    },
  };
}

/**
 * The class of an `ERROR` code: this board's own trouble, or the server's.
 * @inline: used once, so its place is its caller's (a function costs about
 * 5 blocks while the app runs, measured).
 */
export function errorClass(code: string): number {
  return /^(WIFI_DOWN|DNS|LOW_MEMORY|UNSUPPORTED|INTERNAL|SETTINGS)$/.test(code) ? DEVICE_FAULT : SERVER_FAULT;
}
