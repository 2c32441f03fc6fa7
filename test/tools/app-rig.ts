// The app on a simulated board (the test rig of ./board-rig.ts) for its unit
// tests: a console that records lines, process.memory(), the watchdog, and
// the LED's patterns.
import assert from "node:assert/strict";
import { VirtualClock, ScriptedNet, Route } from "../../sim/index";
import { SimWifi, WifiBoard } from "../../sim/wifi";
import { WifiRadio, WifiScript } from "../../sim/wifi-radio";
import { AppConfig } from "../../src/app/config";
import { AppDevice } from "../../src/app/device";
import { App, createApp } from "../../src/app/app";
import { builtinLink } from "../../src/app/wifi-links";
import { BLINK_MS } from "../../src/app/led";
import { JOIN_BLINK_MS } from "../../src/app/signal";
import { strictTimers } from "./strict-timers";
import { boardRig, LedStates } from "./board-rig";
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

export interface Blink {
  on: number;
  off: number;
}

/** The lit intervals of an LED timeline. */
export function blinks(states: LedStates): Blink[] {
  const out: Blink[] = [];
  let since = -1;
  for (const w of states) {
    const lit = w.on;
    if (lit && since < 0) since = w.t;
    if (!lit && since >= 0) {
      out.push({ on: since, off: w.t });
      since = -1;
    }
  }
  assert.equal(since, -1, "the LED was left lit");
  return out;
}

/** The joining-WiFi glows: blinks lit longer than BLINK_MS, at most JOIN_BLINK_MS (cut short when the join ends). */
export function glows(states: LedStates): Blink[] {
  return blinks(states).filter((b) => b.off - b.on > BLINK_MS);
}

/**
 * Blink counts of each outcome pattern: blinks closer than two blink times
 * belong to one pattern. Also checks every blink is BLINK_MS lit and every
 * gap inside a pattern BLINK_MS dark. The joining glows are left out (see
 * glows()); none is lit longer than JOIN_BLINK_MS.
 */
export function patterns(states: LedStates): number[] {
  for (const g of glows(states)) assert.ok(g.off - g.on <= JOIN_BLINK_MS, `a glow lit for ${g.off - g.on} ms`);
  const b = blinks(states).filter((x) => x.off - x.on <= BLINK_MS);
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
  lines: string[];
  /** The app's WIFI joining / up lines, apart: the tests here read the request's own lines. */
  wifiLines: string[];
  memory: { free: number };
  kicks: number;
  app: App;
  /** Lines that are outcomes: DONE ... or ERROR ... */
  outcomes(): string[];
  patterns(): number[];
}


export function rig(spec: RigSpec = {}): Rig {
  const cfg = config(spec.config);
  const { clock, timers, net, tls, board, ledPin, led } = boardRig({
    board: spec.board || "esp32", routes: spec.routes, tlsRoutes: spec.tlsRoutes, wifi: spec.wifi,
  });
  const memory = { free: spec.free ?? 5000 };
  let printed = 0;
  const r: Rig = {
    clock, timers, net, tls, radio: board.radio, wifi: board.wifi, memory,
    lines: [],
    wifiLines: [],
    kicks: 0,
    app: undefined as unknown as App,
    outcomes: () => r.lines.filter((l) => /^(DONE|ERROR) /.test(l)),
    patterns: () => patterns(led(cfg.ledActiveLow)),
  };
  const dev: AppDevice = {
    timers,
    print: (line: string) => {
      if (++printed === spec.printThrowsAt) throw new Error("console is gone");
      (line.startsWith("WIFI ") ? r.wifiLines : r.lines).push(line);
    },
    led: ledPin,
    net: spec.noNet ? undefined : net,
    tls,
    wifi: board.wifi && builtinLink(board.wifi, cfg.ssid, cfg.password),
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
