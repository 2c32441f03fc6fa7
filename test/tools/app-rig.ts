// A simulated board for the app's unit tests: the virtual clock, scripted
// sockets, the board's WiFi, an LED pin that records its timeline, a console
// that records lines, and process.memory(). Timers are strict: clearing an
// id that already fired fails the test (Espruino reuses those ids).
import assert from "node:assert/strict";
import { VirtualClock, ScriptedNet, Route, NetVariant } from "../../sim/index";
import { SimWifi, WifiBoard } from "../../sim/wifi";
import { WifiRadio, WifiScript } from "../../sim/wifi-radio";
import { EspPin, Timers } from "../../src/device";
import { AppConfig } from "../../src/app/config";
import { AppDevice } from "../../src/app/device";
import { App, createApp } from "../../src/app/app";
import { builtinLink } from "../../src/app/wifi-links";
import { BLINK_MS } from "../../src/app/led";
import { strictTimers } from "./strict-timers";
export { strictTimers };

export const PASSWORD = "correct-horse-battery";

export function config(over: Partial<AppConfig> = {}): AppConfig {
  return {
    url: "http://example.com/",
    ssid: "home",
    password: PASSWORD,
    intervalMs: 0,
    timeoutMs: 10000,
    wifiTimeoutMs: 30000,
    printBody: 512,
    ledActiveLow: false,
    headers: [],
    ...over,
  };
}

/** A pin that remembers every write with its time. */
export class RecordingPin implements EspPin {
  writes: { t: number; v: boolean }[] = [];
  constructor(private clock: VirtualClock) {}
  write(v: boolean): void {
    this.writes.push({ t: this.clock.now(), v });
  }
}

export interface Blink {
  on: number;
  off: number;
}

/** The lit intervals of a pin timeline (lit = high, or low when activeLow). */
export function blinks(writes: { t: number; v: boolean }[], activeLow = false): Blink[] {
  const out: Blink[] = [];
  let since = -1;
  for (const w of writes) {
    const lit = w.v !== activeLow;
    if (lit && since < 0) since = w.t;
    if (!lit && since >= 0) {
      out.push({ on: since, off: w.t });
      since = -1;
    }
  }
  assert.equal(since, -1, "the LED was left lit");
  return out;
}

/**
 * Blink counts of each pattern: blinks closer than two blink times belong to
 * one pattern. Also checks every blink is BLINK_MS lit and every gap inside a
 * pattern BLINK_MS dark.
 */
export function patterns(writes: { t: number; v: boolean }[], activeLow = false): number[] {
  const b = blinks(writes, activeLow);
  const out: number[] = [];
  for (let i = 0; i < b.length; i++) {
    assert.equal(b[i].off - b[i].on, BLINK_MS, `blink ${i} lit for ${b[i].off - b[i].on} ms`);
    const gap = i > 0 ? b[i].on - b[i - 1].off : Infinity;
    if (gap <= 2 * BLINK_MS) {
      assert.equal(gap, BLINK_MS, `dark ${gap} ms inside a pattern`);
      out[out.length - 1]++;
    } else out.push(1);
  }
  return out;
}

export interface RigSpec {
  board?: WifiBoard | "linux";
  config?: Partial<AppConfig>;
  routes?: Record<string, Route>;
  tlsRoutes?: Record<string, Route>;
  wifi?: WifiScript;
  noNet?: boolean;
  free?: number;
  /** Makes print throw on the nth call (1-based). */
  printThrowsAt?: number;
}

export interface Rig {
  clock: VirtualClock;
  timers: ReturnType<typeof strictTimers>;
  net: ScriptedNet;
  tls?: ScriptedNet;
  radio: WifiRadio;
  wifi?: SimWifi;
  pin: RecordingPin;
  lines: string[];
  memory: { free: number };
  kicks: number;
  app: App;
  /** Lines that are outcomes: DONE ... or ERROR ... */
  outcomes(): string[];
  patterns(): number[];
}

const VARIANT: Record<string, NetVariant> = { "espruino-wifi": "at", esp32: "esp32", esp8266: "esp8266", linux: "linux" };

export function rig(spec: RigSpec = {}): Rig {
  const board = spec.board || "esp32";
  const clock = new VirtualClock();
  const timers = strictTimers(clock);
  const radio = new WifiRadio(clock, spec.wifi || {});
  const network = () => (board === "linux" ? "up" : radio.networkState());
  const variant = VARIANT[board];
  const net = new ScriptedNet({ clock, variant, network });
  for (const [k, v] of Object.entries(spec.routes || {})) net.serve(k, v);
  let tls: ScriptedNet | undefined;
  if (spec.tlsRoutes) {
    tls = new ScriptedNet({ clock, variant, network });
    for (const [k, v] of Object.entries(spec.tlsRoutes)) tls.serve(k, v);
  }
  const cfg = config(spec.config);
  const wifi = board === "linux" ? undefined : new SimWifi(board, radio);
  const pin = new RecordingPin(clock);
  const memory = { free: spec.free ?? 5000 };
  let printed = 0;
  const r: Rig = {
    clock, timers, net, tls, radio, wifi, pin, memory,
    lines: [],
    kicks: 0,
    app: undefined as unknown as App,
    outcomes: () => r.lines.filter((l) => /^(DONE|ERROR) /.test(l)),
    patterns: () => patterns(pin.writes, cfg.ledActiveLow),
  };
  const dev: AppDevice = {
    timers,
    print: (line: string) => {
      if (++printed === spec.printThrowsAt) throw new Error("console is gone");
      r.lines.push(line);
    },
    led: pin,
    net: spec.noNet ? undefined : net,
    tls,
    wifi: wifi && builtinLink(wifi, cfg.ssid, cfg.password),
    memory: () => memory.free,
    kick: () => {
      r.kicks++;
    },
  };
  r.app = createApp(cfg, dev);
  return r;
}

/**
 * Nothing of the app is left running: no timer now, and no socket or socket
 * listener once the simulation has delivered the closes already on their way.
 */
export function assertQuiet(r: Rig): void {
  assert.equal(r.clock.liveTimers(), 0, "live timers");
  r.clock.runUntilIdle();
  assert.equal(r.net.openSockets(), 0, "open sockets");
  assert.equal(r.net.liveListeners(), 0, "live socket listeners");
  for (const l of r.lines) assert.ok(l.indexOf(PASSWORD) < 0, "the password was printed: " + l);
}
