// The outcome signal: n blinks of BLINK_MS on then BLINK_MS off, driven by
// timers (nothing busy-waits: Espruino would stop serving sockets).
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
 * `blink(n)` shows n blinks after the pattern now running; `blink(0)` cancels
 * everything and leaves the LED off. `activeLow`: the LED lights when the pin
 * is low (ESP8266 modules).
 */
export function createLed(pin: EspPin | undefined, activeLow: boolean, timers: Timers): (n: number) => void {
  const timer = createSlot(timers);
  // Timer steps still to go in the running pattern: its half-blinks (even:
  // the lit half is next), then the dark gap; 0 when none runs. And the
  // pattern waiting for it.
  let left = 0;
  let next = 0;

  function write(lit: boolean): void {
    if (pin) pin.write(lit !== activeLow);
  }

  function step(): void {
    if (left > 1) {
      left--;
      write(left % 2 === 0);
      timer(step, left > 1 ? BLINK_MS : PATTERN_GAP_MS);
    } else {
      left = next && next * 2 + 1;
      next = 0;
      if (left) step();
    }
  }

  return function (n: number): void {
    if (!n) {
      timer();
      left = 0;
      write(false);
    }
    next = n;
    if (!left) step();
  };
}
