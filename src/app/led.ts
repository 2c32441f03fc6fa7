// The outcome signal: n blinks of BLINK_MS on then BLINK_MS off, driven by
// timers (nothing busy-waits: Espruino would stop serving sockets).
//
// A pattern is always shown whole: one asked for while another is running
// waits for it to end (plus PATTERN_GAP_MS of dark), and only the newest
// waiting one is kept, so a fast poll can never stack blinks up or turn two
// patterns into one longer count.

import { EspPin, Timers } from "../device";

export const BLINK_MS = 150;
/** Dark time after a pattern's last blink, so a waiting pattern reads as its own count. */
export const PATTERN_GAP_MS = 600;

/**
 * `blink(n)` shows n blinks after the pattern now running; `blink(0)` cancels
 * everything and leaves the LED off. `activeLow`: the LED lights when the pin
 * is low (ESP8266 modules).
 */
export function createLed(pin: EspPin | undefined, activeLow: boolean, timers: Timers): (n: number) => void {
  // Half-blinks still to show (even: the lit half is next) and the waiting pattern.
  let left = 0;
  let next = 0;
  // Timer ids are never 0 (Espruino counts from 1): 0 means none.
  let timer: unknown = 0;

  function step(): void {
    timer = 0;
    if (!left) {
      left = next * 2;
      next = 0;
    }
    if (left) {
      if (pin) pin.write(left % 2 === 0 !== activeLow);
      left--;
      timer = timers.setTimeout(step, left ? BLINK_MS : PATTERN_GAP_MS);
    }
  }

  return function (n: number): void {
    if (!n) {
      // Only a live timer: Espruino reuses the ids of fired ones.
      if (timer) timers.clearTimeout(timer);
      timer = 0;
      left = 0;
      if (pin) pin.write(activeLow);
    }
    next = n;
    if (!timer) step();
  };
}
