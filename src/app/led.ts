// One LED's patterns: n blinks of BLINK_MS on then BLINK_MS off (or of a
// longer time, for the joining-WiFi glow), driven by timers (nothing
// busy-waits: Espruino would stop serving sockets). What to show, and when,
// is the status light's business (signal.ts).
//
// A pattern is always shown whole: one asked for while another is running
// waits for it to end (plus PATTERN_GAP_MS of dark), and only the newest
// waiting one is kept, so a fast poll can never stack blinks up or turn two
// patterns into one longer count.

import { EspPin, Timers } from "../device";
import { createSlot } from "../timer";

export const BLINK_MS = 150;
/** Dark time after a pattern's last blink, so a waiting pattern reads as its own count. */
export const PATTERN_GAP_MS = 600;

/**
 * `blink(n)` shows n blinks after the pattern now running, `blink(n, ms)`
 * blinks of `ms` lit and dark; `blink(0)` cancels everything and leaves the
 * LED off. `activeLow`: the LED lights when the pin is low (ESP8266 modules).
 */
export type Blink = (n: number, ms?: number) => void;

export function createLed(pin: EspPin | undefined, activeLow: boolean, timers: Timers): Blink {
  const timer = createSlot(timers);
  // Timer steps still to go in the running pattern: its half-blinks (even:
  // the lit half is next), then the dark gap; 0 when none runs. And the
  // pattern waiting for it, each with its blink time.
  let left = 0;
  let next = 0;
  let ms = BLINK_MS;
  let nextMs = ms;

  function write(lit: boolean): void {
    if (pin) pin.write(lit !== activeLow);
  }

  function step(): void {
    if (left > 1) {
      left--;
      write(left % 2 === 0);
      timer(step, left > 1 ? ms : PATTERN_GAP_MS);
    } else {
      left = next && next * 2 + 1;
      ms = nextMs;
      next = 0;
      if (left) step();
    }
  }

  return function (n, len) {
    if (!n) {
      timer();
      left = 0;
      write(false);
    }
    next = n;
    nextMs = len || BLINK_MS;
    if (!left) step();
  };
}
