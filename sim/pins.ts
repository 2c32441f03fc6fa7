// Named pins (LED1, D2, B12, ...) with write/set/reset/read/toggle, every
// change recorded on a timeline with the clock's time, so a test (or
// `npm start`) can see and count the blinks.

import type { SimClock } from "./clock";
import { boardIds, loadProfiles, pinNames } from "../board/profiles";

export interface PinEvent {
  /** ms on the simulation clock */
  t: number;
  pin: string;
  value: boolean;
}

export class SimPin {
  private value = false;

  constructor(readonly name: string, private readonly bank: PinBank) {}

  write(v: unknown): void {
    this.value = !!v;
    this.bank.record(this.name, this.value);
  }

  set(): void {
    this.write(true);
  }

  reset(): void {
    this.write(false);
  }

  toggle(): boolean {
    this.write(!this.value);
    return this.value;
  }

  /** Espruino for Linux has no real GPIO: a written value reads back as 0. */
  read(): boolean {
    return this.bank.readBack ? this.value : false;
  }

  mode(): void {
    // pin modes do not matter to the simulation
  }

  getMode(): string {
    return "output";
  }

  toString(): string {
    return this.name;
  }

  /** Power-on: back to low without a timeline entry. */
  clear(): void {
    this.value = false;
  }
}

export class PinBank {
  readonly timeline: PinEvent[] = [];
  /** Called for every change as it happens (the live LED in `npm start`). */
  onChange?: (e: PinEvent) => void;
  private pins = new Map<string, SimPin>();

  constructor(private readonly clock: SimClock, readonly readBack = true) {}

  /** The pin with this name (aliases such as LED1 -> B2 share one pin). */
  pin(name: string, alias?: string): SimPin {
    const key = alias || name;
    let p = this.pins.get(key);
    if (!p) {
      p = new SimPin(key, this);
      this.pins.set(key, p);
    }
    return p;
  }

  record(pin: string, value: boolean): void {
    const e = { t: Math.round(this.clock.now()), pin, value };
    this.timeline.push(e);
    if (this.onChange) this.onChange(e);
  }

  /** Power-on reset: every pin low, the timeline kept. */
  clearAll(): void {
    this.pins.forEach((p) => p.clear());
  }
}

/** The timeline of one pin as LED states: on is high, or low for an active-low LED. */
export function ledStates(timeline: PinEvent[], pin: string, activeLow = false): { t: number; on: boolean }[] {
  return timeline.filter((e) => e.pin === pin).map((e) => ({ t: e.t, on: e.value !== activeLow }));
}

/** How many times the LED turned on (an off -> on change; it starts off). */
export function blinkCount(timeline: PinEvent[], pin: string, activeLow = false, fromT = 0): number {
  let on = false;
  let n = 0;
  for (const s of ledStates(timeline, pin, activeLow)) {
    if (s.on && !on && s.t >= fromT) n++;
    on = s.on;
  }
  return n;
}

/** Pin names per board, with the LED aliases of its board file. */
export interface BoardPins {
  names: string[];
  /** alias -> real pin (LED1 -> B2) */
  aliases: Record<string, string>;
  /** Written values read back (false on Espruino for Linux). */
  readBack: boolean;
}

/** Written values read back, except on Espruino for Linux (no real GPIO there). */
function boardPins(board: string): BoardPins {
  const all = loadProfiles();
  const profile = all[board] || all.linux;
  return { names: pinNames(profile), aliases: profile.pinAliases, readBack: profile.id !== "linux" };
}

export const BOARD_PINS: Record<string, BoardPins> = Object.fromEntries(boardIds().map((id) => [id, boardPins(id)]));

/** Every pin name the board's firmware defines, mapped to its pin object. */
export function boardPinGlobals(bank: PinBank, board: string): Record<string, SimPin> {
  const spec = BOARD_PINS[board] || BOARD_PINS.linux;
  const out: Record<string, SimPin> = {};
  for (const n of spec.names) out[n] = bank.pin(n);
  for (const a of Object.keys(spec.aliases)) out[a] = bank.pin(a, spec.aliases[a]);
  return out;
}
