// One simulated board: its profile (board/profiles.json), its socket
// variant, WiFi, pins and serial ports, wired together so that WiFi being
// down is what a socket connect sees.

import { getProfile, type BoardProfile } from "../board/profiles";
import type { SimClock } from "./clock";
import { BridgedNet } from "./net-bridged";
import type { ErrorFactory, NetVariant } from "./net-errors";
import { ScriptedNet, type NetworkState, type Route } from "./net-scripted";
import { BOARD_PINS, PinBank } from "./pins";
import { SimSerial } from "./serial";
import { SimStorage } from "./storage";
import { SimWifi, type WifiBoard } from "./wifi";
import { SimAtModule } from "./wifi-at";
import { WifiRadio, type WifiScript } from "./wifi-radio";

export type SimNet = ScriptedNet | BridgedNet;

export interface BoardOptions {
  board: string;
  clock: SimClock;
  /** "scripted" (default): servers are scripts. "bridged": real sockets. */
  backend?: "scripted" | "bridged";
  /** Scripted routes for require("net"): "host:port" -> behaviour. */
  servers?: Record<string, Route>;
  /** Scripted routes for require("tls"). */
  tlsServers?: Record<string, Route>;
  wifi?: WifiScript;
  /** What the firmware has; by default what the profile says. net: false is Espruino's RP2040 build. */
  firmware?: { net?: boolean; tls?: boolean };
  /** Socket failure variant; by default the board's. */
  variant?: NetVariant;
  latencyMs?: number;
  makeError?: ErrorFactory;
  onWrite?: (host: string, port: number, data: string) => void;
  /** A fixed network state instead of what the board's WiFi makes it (unit tests of the client). */
  network?: NetworkState;
  /** Files already in the board's Storage (name -> bytes), e.g. the settings file an upload wrote. */
  storage?: Record<string, string>;
}

export interface SimBoard {
  profile: BoardProfile;
  variant: NetVariant;
  radio: WifiRadio;
  /** require("Wifi") on boards with built-in WiFi. */
  wifi?: SimWifi;
  /** require("ESP8266WiFi_0v25") on the AT board. */
  atModule?: SimAtModule;
  net?: SimNet;
  tls?: SimNet;
  pins: PinBank;
  serials: Record<string, SimSerial>;
  /** require("Storage"): flash, so it outlives a power cycle. */
  storage: SimStorage;
}

/** The socket variant of each board (board/profiles.json). */
export function variantFor(profile: BoardProfile): NetVariant {
  return profile.sockets;
}

const SERIAL_PORTS = ["Serial1", "Serial2", "Serial3"];

function networkFn(profile: BoardProfile, radio: WifiRadio): () => NetworkState {
  if (profile.wifi === "none") return () => "up";
  // Built-in WiFi not joined: no route to anywhere, connect throws.
  if (profile.wifi === "builtin") return () => (radio.joined ? "up" : "none");
  return () => radio.networkState();
}

function makeNet(o: BoardOptions, variant: NetVariant, chunkSize: number, network: () => NetworkState, tls: boolean): SimNet {
  const common = { clock: o.clock, variant, chunkSize, network, makeError: o.makeError };
  if (o.backend === "bridged") return new BridgedNet({ ...common, tls, onWrite: o.onWrite });
  const net = new ScriptedNet({ ...common, latencyMs: o.latencyMs });
  const routes = (tls ? o.tlsServers : o.servers) || {};
  for (const k of Object.keys(routes)) net.serve(k, routes[k]);
  return net;
}

export function createBoard(o: BoardOptions): SimBoard {
  const profile = getProfile(o.board);
  const variant = o.variant || variantFor(profile);
  const radio = new WifiRadio(o.clock, o.wifi, profile.wifi !== "at");
  const fixed = o.network;
  const network = fixed ? () => fixed : networkFn(profile, radio);
  const hasNet = o.firmware?.net ?? true;
  const hasTls = hasNet && (o.firmware?.tls ?? profile.tls);
  const pins = new PinBank(o.clock, (BOARD_PINS[profile.id] || BOARD_PINS.linux).readBack);
  const serials: Record<string, SimSerial> = {};
  for (const name of SERIAL_PORTS) serials[name] = new SimSerial(name);
  return {
    profile,
    variant,
    radio,
    wifi: profile.wifi === "builtin" ? new SimWifi(profile.id as WifiBoard, radio) : undefined,
    atModule: profile.wifi === "at" ? new SimAtModule(radio) : undefined,
    net: hasNet ? makeNet(o, variant, profile.chunkSize, network, false) : undefined,
    tls: hasTls ? makeNet(o, variant, profile.chunkSize, network, true) : undefined,
    pins,
    serials,
    storage: new SimStorage(o.storage),
  };
}
