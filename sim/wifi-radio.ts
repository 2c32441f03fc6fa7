// The radio behind every simulated WiFi API: a scripted access point that
// accepts, rejects or ignores each join, and can drop the link later and
// bring it back. Board-specific reporting lives in sim/wifi.ts (built-in
// require("Wifi")) and sim/wifi-at.ts (the ESP8266 AT module).

import type { SimClock } from "./clock";
import type { NetworkState } from "./net-scripted";

/** What the access point does with one join attempt. */
export type JoinOutcome = "join" | "wrong-password" | "no-ap" | "no-answer";

export interface WifiScript {
  /** Outcome of each join attempt in turn; the last one repeats. Default ["join"]. */
  joins?: JoinOutcome[];
  /** How long an attempt takes to succeed or fail (ms). Default 1500. */
  joinMs?: number;
  /** After the first successful join, the link drops this much later. */
  dropAfterMs?: number;
  /** After a drop, the firmware rejoins by itself this much later. */
  backAfterMs?: number;
  /** AT module only: whether it answers its reset. Default "ok". */
  module?: "ok" | "no-answer";
  /** The address DHCP hands out. */
  ip?: string;
  /**
   * The access point's name and password as the bytes it compares (one
   * character per byte, as Espruino's strings hold them): a join with other
   * bytes fails as "no-ap" or "wrong-password". Absent: any is accepted.
   */
  ssid?: string;
  password?: string;
}

/** One step of bring-up, for `npm start` and for tests. Never holds the password. */
export interface WifiStep {
  t: number;
  text: string;
}

export const DEFAULT_JOIN_MS = 1500;
export const DEFAULT_IP = "192.168.1.42";

export class WifiRadio {
  joined = false;
  /** The network driver exists (always for built-in WiFi; after the AT module's reset). */
  ready: boolean;
  readonly steps: WifiStep[] = [];
  /** Called for every step as it happens. */
  onStep?: (step: WifiStep) => void;
  /** Called when the link drops (up = false) or comes back by itself (up = true). */
  onLink?: (up: boolean) => void;
  readonly script: WifiScript;
  private attempts = 0;
  private generation = 0;
  private dropped = false;

  constructor(readonly clock: SimClock, script: WifiScript = {}, ready = true) {
    this.script = script;
    this.ready = ready;
  }

  get ip(): string {
    return this.script.ip || DEFAULT_IP;
  }

  /** What a socket connect finds: no driver, driver but no link, or up. */
  networkState(): NetworkState {
    if (!this.ready) return "none";
    return this.joined ? "up" : "down";
  }

  step(text: string): void {
    const s = { t: Math.round(this.clock.now()), text };
    this.steps.push(s);
    if (this.onStep) this.onStep(s);
  }

  /**
   * One join attempt: `result` gets the outcome after `ms` (default the
   * script's joinMs), unless a newer attempt or a disconnect came first.
   */
  attempt(ssid: string, result: (o: JoinOutcome) => void, ms?: number, password?: string): void {
    const joins = this.script.joins && this.script.joins.length ? this.script.joins : ["join" as const];
    const scripted = joins[Math.min(this.attempts++, joins.length - 1)];
    const s = this.script;
    const outcome = s.ssid !== undefined && s.ssid !== ssid ? "no-ap"
      : s.password !== undefined && s.password !== String(password ?? "") && scripted === "join" ? "wrong-password" : scripted;
    const my = ++this.generation;
    this.joined = false;
    this.step(`joining "${ssid}"`);
    this.clock.defer(() => {
      if (my !== this.generation) return;
      if (outcome === "join") this.linkUp();
      result(outcome);
    }, ms ?? this.script.joinMs ?? DEFAULT_JOIN_MS);
  }

  /** Forgets any attempt in progress and the link. */
  disconnect(): void {
    this.generation++;
    this.joined = false;
  }

  /** The outcome of the next attempt, without using it up. */
  peek(): JoinOutcome {
    const joins = this.script.joins && this.script.joins.length ? this.script.joins : ["join" as const];
    return joins[Math.min(this.attempts, joins.length - 1)];
  }

  private linkUp(): void {
    this.joined = true;
    this.step(`joined, IP ${this.ip}`);
    if (this.script.dropAfterMs !== undefined && !this.dropped) {
      this.dropped = true;
      const my = this.generation;
      this.clock.defer(() => my === this.generation && this.drop(), this.script.dropAfterMs);
    }
  }

  private drop(): void {
    this.joined = false;
    this.step("link dropped");
    if (this.onLink) this.onLink(false);
    if (this.script.backAfterMs === undefined) return;
    const my = this.generation;
    this.clock.defer(() => {
      if (my !== this.generation) return;
      this.joined = true;
      this.step(`link back, IP ${this.ip}`);
      if (this.onLink) this.onLink(true);
    }, this.script.backAfterMs);
  }
}
