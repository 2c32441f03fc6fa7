// The LED(s) of an app run as outcome patterns: what a person reads off the
// board. Blinks 150 ms apart belong to one pattern; the joining glows are
// left out (glowsOf gives them).
import type { AppRun } from "../../sim/index";
import { blinks, glows, type Blink } from "./app-rig";
import { BLINK_MS } from "../../src/app/led";

export interface Pattern {
  t: number;
  led: "led" | "led2";
  n: number;
}

/** Outcome patterns on both LEDs (led2 where the board has it), in time order. */
export function patternsOf(run: AppRun): Pattern[] {
  const out: Pattern[] = [];
  const lists: ["led" | "led2", { t: number; on: boolean }[]][] = [["led", run.ledStates()], ["led2", run.led2States()]];
  for (const [led, states] of lists) {
    let last: Pattern | null = null;
    let lastOff = -Infinity;
    for (const b of blinks(states)) {
      if (b.off - b.on !== BLINK_MS) continue; // a joining glow
      if (last && b.on - lastOff === BLINK_MS) last.n++;
      else out.push((last = { t: b.on, led, n: 1 }));
      lastOff = b.off;
    }
  }
  return out.sort((a, b) => a.t - b.t);
}

/** The joining-WiFi glows of the first LED. */
export function glowsOf(run: AppRun): Blink[] {
  return glows(run.ledStates());
}
