// One timer at a time: the way every part of the app holds a timer.
// Espruino reuses the id of a timer that has fired and clearTimeout() with no
// id clears every timer, so only an id known to be live is ever cleared.

import { Timers } from "./device";

/**
 * `slot(fn, ms)` replaces the pending timer with a new one; `slot()` only
 * cancels it. Calling it from inside its own timer is safe.
 */
export type Slot = (fn?: () => void, ms?: number) => void;

/**
 * A slot of its own on `timers`. @once: where one place makes them (the
 * module), that place holds the code; a function costs about 5 variable
 * blocks while loaded, one more per parameter.
 */
export function createSlot(timers: Timers): Slot {
  // Timer ids are never 0 (Espruino counts from 1): 0 means none.
  let id: unknown = 0;
  return function (fn, ms) {
    if (id) timers.clearTimeout(id);
    id = 0;
    if (fn) {
      id = timers.setTimeout(function () {
        id = 0;
        fn();
      }, ms!);
    }
  };
}
