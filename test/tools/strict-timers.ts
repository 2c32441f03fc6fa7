// Timers over the virtual clock that fail the test when an id is cleared
// after it fired or was cleared: Espruino reuses timer ids, so on the board
// such a clear can cancel another part's timer.
import assert from "node:assert/strict";
import type { VirtualClock } from "../../sim/clock";
import type { Timers } from "../../src/device";

export function strictTimers(clock: VirtualClock): Timers & { live: Set<unknown> } {
  const live = new Set<unknown>();
  return {
    live,
    setTimeout(fn, ms) {
      const id = clock.setTimeout(() => {
        live.delete(id);
        fn();
      }, ms);
      live.add(id);
      return id;
    },
    clearTimeout(id) {
      assert.ok(live.has(id), `clearTimeout(${String(id)}) of a timer that is not live`);
      live.delete(id);
      clock.clearTimeout(id);
    },
    now: () => clock.now(),
  };
}

