// The one simulated board the unit tests build on (sim/board.ts, as the
// end-to-end runner does): the virtual clock with strict timers (clearing an
// id that already fired fails the test: Espruino reuses those ids), the
// board's scripted sockets, its WiFi radio and driver, serial ports and pins.
import {
  VirtualClock, createBoard, ledStates, type SimBoard, type SimPin, type ScriptedNet, type Route, type NetVariant,
  type NetworkState, type WifiScript,
} from "../../sim/index";
import { strictTimers } from "./strict-timers";

export interface BoardRigSpec {
  /** A board of board/profiles.json. */
  board: string;
  /** Scripted servers of require("net"). */
  routes?: Record<string, Route>;
  /** Scripted servers of require("tls"); without them the firmware has no TLS. */
  tlsRoutes?: Record<string, Route>;
  wifi?: WifiScript;
  /** Socket failure variant; by default the board's. */
  variant?: NetVariant;
  /** A fixed network state instead of the board's WiFi (the client's own tests). */
  network?: NetworkState;
}

/** The LED's timeline: when it was written lit or dark (sim/pins.ts ledStates()). */
export type LedStates = { t: number; on: boolean }[];

export interface BoardRig {
  clock: VirtualClock;
  timers: ReturnType<typeof strictTimers>;
  board: SimBoard;
  net: ScriptedNet;
  tls?: ScriptedNet;
  /** The board's LED pin (board/profiles.json). */
  ledPin: SimPin;
  /** The LED pin's timeline as lit / dark (lit is low when activeLow). */
  led(activeLow: boolean): LedStates;
}

export function boardRig(spec: BoardRigSpec): BoardRig {
  const clock = new VirtualClock();
  const board = createBoard({
    board: spec.board, clock, servers: spec.routes, tlsServers: spec.tlsRoutes, wifi: spec.wifi || {},
    firmware: { tls: !!spec.tlsRoutes }, variant: spec.variant, network: spec.network,
  });
  const ledPin = board.pins.pin(board.profile.led);
  return {
    clock,
    timers: strictTimers(clock),
    board,
    net: board.net as ScriptedNet,
    tls: board.tls as ScriptedNet | undefined,
    ledPin,
    led: (activeLow) => ledStates(board.pins.timeline, ledPin.name, activeLow),
  };
}
