// WiFi bring-up with one deadline and one result on every board. Each
// firmware joins its own way (src/app/wifi-links.ts) and reports failure its
// own way: "AUTH_FAIL" (ESP32), "bad_password" (ESP8266), "WiFi connect
// failed: +CWJAP:2" (AT firmware), or never (ESP8266 retries some failures
// forever). Here all of them become null or WIFI_DOWN with a plain reason,
// exactly once, within `timeoutMs`.

import { Timers } from "../device";
import { HttpError, httpError, E_WIFI_DOWN } from "../http/errors";
import { createSlot } from "../timer";

/** One board's way of joining the network. */
export interface WifiLink {
  /** Starts joining; the firmware calls back with an error string, null, or never. */
  join(cb: (err?: unknown) => void): void;
  /** Registers fn (once) for the firmware's `disconnected` event. */
  onDrop(fn: () => void): void;
  /** Once joined: calls back with the address the network gave the board (or never). */
  ip(cb: (ip: string) => void): void;
}

export interface Wifi {
  /** Joined and not dropped since: a request may go out. */
  up: boolean;
  /** Joins; cb(null) or cb(WIFI_DOWN) exactly once, within the deadline. */
  join(cb: (err: HttpError | null) => void): void;
  /** Cancels a join in progress without calling back and forgets the link. */
  stop(): void;
}

/** A firmware error in plain words; the password never shows. */
export function wifiReason(err: unknown, password: string): string {
  // AT firmware's join codes (+CWJAP:n): 2 wrong password, 3 network not found.
  // Plain alternatives only: Espruino's engine mishandles a `^` before a `|`.
  const WRONG_PASSWORD = /pass|auth_fail|handshake|cwjap:2/i;
  const NOT_FOUND = /no_ap|cwjap:3/i;
  // Espruino WiFi's "WiFi connect failed: Timeout", ESP32's "BEACON_TIMEOUT".
  const NO_ANSWER = /timeout/i;
  const text = "" + err;
  return WRONG_PASSWORD.test(text) ? "wrong password" : NOT_FOUND.test(text) ? "network not found"
    : NO_ANSWER.test(text) ? "no answer from the network"
    // AT firmware may echo a join command back, and that holds the password.
    : "WiFi failed: " + (password ? text.split(password).join("***") : text);
}

/** `link` undefined: the host's own network (Espruino for Linux), always up. */
export function createWifi(link: WifiLink | undefined, timers: Timers, timeoutMs: number, password: string): Wifi {
  const deadline = createSlot(timers);
  // Bumped by every ending, so a late answer to an earlier join is ignored.
  let attempt = 0;

  const w: Wifi = {
    up: !link,
    join: function (cb) {
      w.stop();
      const my = attempt;
      function finish(reason: string | 0): void {
        if (my !== attempt) return;
        w.stop();
        w.up = !reason;
        cb(reason ? httpError(E_WIFI_DOWN, reason) : null);
      }
      deadline(function () {
        finish("no answer within " + timeoutMs / 1000 + " s");
      }, timeoutMs);
      try {
        link!.join(function (err) {
          finish(err ? wifiReason(err, password) : 0);
        });
      } catch (e) {
        finish(wifiReason(e, password));
      }
    },
    stop: function () {
      deadline();
      w.up = !link;
      attempt++;
    },
  };
  if (link) {
    link.onDrop(function () {
      w.up = false;
    });
  }
  return w;
}
