// The run loop: check what the firmware can do, bring WiFi up, GET the URL,
// print and blink the outcome and, with `intervalMs`, do it again for months.
//
// Cycle: [join WiFi] -> memory check -> get() -> done(). done() ends a cycle
// with exactly one outcome line and one LED pattern, then schedules the next.
// `gen` numbers the cycles: a callback from an earlier cycle (late, doubled,
// or after stop()) finds it changed and does nothing.

import { AppDevice } from "./device";
import { AppConfig } from "./config";
import { createLed } from "./led";
import { createWifi } from "./wifi";
import { get, GetResult } from "../client/get";
import { HttpError, httpError, formatError } from "../http/errors";

/** Fewer free variable blocks than this and a request is not started. */
export const MIN_FREE_BLOCKS = 200;
/** The wait after consecutive failures doubles up to this (or intervalMs if longer). */
export const BACKOFF_CAP_MS = 300000;

const HTTPS = /^https:/i;

// Any callback the app hands out: timers, WiFi, get() and its events.
type Callback = (a?: any, b?: any) => void;

export interface App {
  /** Starts from scratch (after upload, and at power-on after save()). */
  start(): void;
  /** Cancels every timer and the request in flight; nothing of this run fires later. */
  stop(): void;
}

export function createApp(cfg: AppConfig, dev: AppDevice): App {
  const t = dev.timers;
  const say = dev.print;
  const every = cfg.intervalMs;
  const blink = createLed(dev.led, cfg.ledActiveLow, t);
  const wifi = createWifi(dev.wifi, t, cfg.wifiTimeoutMs, cfg.password);
  let gen = 0;
  let fails = 0;
  // Timer ids are never 0 (Espruino counts from 1): 0 means none.
  let wait: unknown = 0;
  let req: { abort(): void } | undefined;
  let body = "";

  // Every callback goes through here: a stale one is dropped, the watchdog
  // is kicked, and an exception ends the cycle as INTERNAL instead of
  // stopping the loop (on Espruino an uncaught error ends that chain).
  function guard(my: number, fn: Callback): Callback {
    return function (a, b) {
      if (my !== gen) return;
      if (dev.kick) dev.kick();
      try {
        fn(a, b);
      } catch (e) {
        done(httpError("INTERNAL", String(e)), null);
      }
    };
  }

  function cancel(): void {
    gen++;
    // Only a live timer: Espruino reuses the ids of fired ones.
    if (wait) t.clearTimeout(wait);
    wait = 0;
    // After save() and power-on the socket is gone; ending it may throw.
    try {
      if (req) req.abort();
    } catch (e) {
      // nothing left to end
    }
    req = undefined;
  }

  // The next cycle is scheduled before anything is printed, so not even a
  // failing print can stop the loop.
  function done(err: HttpError | null, res: GetResult | null): void {
    cancel();
    fails = err ? fails + 1 : 0;
    if (every) wait = t.setTimeout(guard(gen, cycle), Math.min(every * Math.pow(2, fails), Math.max(every, BACKOFF_CAP_MS)));
    // A failure leaves the link in doubt: a link can die without a word (the
    // AT module reports it only as a refused connect). Join afresh first.
    if (err) wifi.stop();
    if (body) say(body);
    // getTime() has sub-millisecond digits on the board: whole ms are enough.
    say(res ? "DONE " + res.status + ", " + res.bytes + " bytes in " + (res.timings.totalMs | 0) + " ms" : formatError(err!));
    blink(err ? 3 : res!.status >= 400 ? 2 : 1);
  }

  function cycle(): void {
    wait = 0;
    const my = ++gen;
    if (wifi.up) request(my);
    else {
      wifi.join(guard(my, function (err: HttpError | null) {
        if (err) done(err, null);
        else request(my);
      }));
    }
  }

  function request(my: number): void {
    const free = dev.memory();
    if (free < MIN_FREE_BLOCKS) return done(httpError("LOW_MEMORY", "only " + free + " blocks free"), null);
    body = "";
    // get() never calls back before it returns, so req is set in time.
    req = get(cfg.url, {
      timeoutMs: cfg.timeoutMs,
      headers: cfg.headers,
      net: dev.net!,
      tls: dev.tls,
      timers: t,
      onHead: guard(my, function (h: { version: string; status: number; reason: string }) {
        say("HTTP/" + h.version + " " + h.status + " " + h.reason);
      }),
      onBody: guard(my, function (chunk: string) {
        // Only what will be printed is kept; get() counts the rest.
        if (body.length < cfg.printBody) body += chunk.substring(0, cfg.printBody - body.length);
      }),
    }, guard(my, done));
  }

  function stop(): void {
    cancel();
    wifi.stop();
    blink(0);
    fails = 0;
  }

  return {
    start: function () {
      stop();
      // A module the firmware lacks can never appear: say so once, no retries.
      const missing = dev.net ? dev.missing || (HTTPS.test(cfg.url) && !dev.tls ? "tls" : "") : "net";
      if (missing) {
        say(formatError(httpError("UNSUPPORTED", "this firmware has no " + (missing === "tls" ? "TLS for https" : "networking") +
          ' (require("' + missing + '") is missing)')));
        blink(3);
      } else guard(gen, cycle)();
    },
    stop: stop,
  };
}
