// Board profiles (board/profiles.json): how WiFi comes up, the default LED and
// its polarity, the socket chunk size and whether the firmware has TLS.
import { readFileSync } from "node:fs";
import { join } from "node:path";

export type WifiKind = "builtin" | "at" | "none";

/** How the firmware's sockets report trouble (sim/net-errors.ts describes and plays each). */
export type SocketVariant = "linux" | "esp32" | "esp8266" | "at";

export interface AtWiring {
  serial: string;
  rx: string;
  tx: string;
  baud: number;
}

export interface BoardProfile {
  id: string;
  name: string;
  wifi: WifiKind;
  led: string;
  /** The second (green) LED of two-LED boards: OK shows there. */
  led2?: string;
  ledActiveLow: boolean;
  /** Largest piece a socket `data` event carries. */
  chunkSize: number;
  sockets: SocketVariant;
  tls: boolean;
  variables: number;
  /** Board name in Espruino's own board list; board/<name>.json is its offline board file. */
  espruinoBoard: string;
  /** The firmware's pin names, as ranges: "A0-15" is A0 to A15. */
  pins: string[];
  /** Named pins (LED1 -> B2): also valid pin names. */
  pinAliases: Record<string, string>;
  /** UARTs for an AT-command module (pico-esp8266). */
  serialPorts?: string[];
  /** What its firmware reports as process.env.BOARD (the upload checks it). */
  reportsBoard: string[];
  at?: AtWiring;
  /** Baud rate of a USB-serial console (ESP32, ESP8266); absent where the console is USB CDC. */
  consoleBaud?: number;
}

export const ROOT = join(__dirname, "..");
export const DEFAULT_BOARD = "espruino-wifi";

export function loadProfiles(): Record<string, BoardProfile> {
  const raw = JSON.parse(readFileSync(join(ROOT, "board", "profiles.json"), "utf8"));
  const out: Record<string, BoardProfile> = {};
  for (const id of Object.keys(raw)) out[id] = { id, ...raw[id] };
  return out;
}

/** Every socket variant, each with the first board that has it and that board's largest socket piece. */
export function socketVariants(): { variant: SocketVariant; board: string; chunkSize: number }[] {
  const out: { variant: SocketVariant; board: string; chunkSize: number }[] = [];
  for (const p of Object.values(loadProfiles())) {
    if (!out.some((v) => v.variant === p.sockets)) out.push({ variant: p.sockets, board: p.id, chunkSize: p.chunkSize });
  }
  return out;
}

/** The sizes socket pieces come in on some board, largest first. */
export function chunkSizes(): number[] {
  return [...new Set(Object.values(loadProfiles()).map((p) => p.chunkSize))].sort((a, b) => b - a);
}

export function boardIds(): string[] {
  return Object.keys(loadProfiles());
}

/** The boards that join WiFi themselves (not Espruino for Linux), optionally only those of one kind. */
export function wifiBoards(kind?: WifiKind): string[] {
  const all = loadProfiles();
  return Object.keys(all).filter((id) => all[id].wifi !== "none" && (!kind || all[id].wifi === kind));
}

/** The profile for `id`, or a one-line error that lists the known ones. */
export function getProfile(id: string): BoardProfile {
  const all = loadProfiles();
  const p = all[id];
  if (!p) throw new UsageError(`unknown board '${id}'; known boards: ${Object.keys(all).join(", ")}`);
  return p;
}

/** Every pin name of the board, ranges spelled out (A0, A1, ..., B2). */
export function pinNames(profile: BoardProfile): string[] {
  const out: string[] = [];
  for (const range of profile.pins) {
    const m = /^([A-Z]+)([0-9]+)-([0-9]+)$/.exec(range);
    if (!m) throw new Error(`board/profiles.json: ${profile.id}: pin range "${range}" is not like "A0-15"`);
    for (let i = Number(m[2]); i <= Number(m[3]); i++) out.push(m[1] + i);
  }
  return out;
}

/** The offline board file the Espruino tool gets instead of looking the board up online. */
export function boardJsonFile(profile: BoardProfile): string {
  return join(ROOT, "board", profile.espruinoBoard + ".json");
}

/** A problem with what the user typed or wrote: printed as one line, no stack. */
export class UsageError extends Error {}
