// The run loop: check what the firmware can do, bring WiFi up, GET the URL,
// print and blink the outcome and, with `intervalMs`, do it again for months.
//
// Cycle: [join WiFi] -> memory check -> get() -> done(). done() ends a cycle
// with exactly one outcome, printed and handed to the status light
// (signal.ts), then schedules the next.
// `gen` numbers the cycles (done() and stop() move it on): a callback from an
// earlier cycle (late, doubled, or after stop()) finds it changed and does
// nothing.

import { AppDevice } from "./device";
import { AppConfig } from "./config";
import { createLed } from "./led";
import { createSignal, errorClass, OK, BAD_ANSWER } from "./signal";
import { createChecks, Checks } from "./checks";
import { createWifi } from "./wifi";
import { pollNote } from "./when";
import { get, GetResult } from "../client/get";
import { ResponseHead } from "../http/head";
import { HttpError, httpError, E_INTERNAL, E_LOW_MEMORY, E_SETTINGS, E_UNSUPPORTED } from "../http/errors";
import { createSlot } from "../timer";

/** Fewer free variable blocks than this and a request is not started. */
export const MIN_FREE_BLOCKS = 200;
/** The wait after consecutive failures doubles up to this (or intervalMs if longer). */
export const BACKOFF_CAP_MS = 300000;

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
  const light = createSignal(createLed(dev.led, cfg.ledActiveLow, t), dev.led2 && createLed(dev.led2, cfg.ledActiveLow, t), cfg, t);
  const wifi = createWifi(dev.wifi, t, cfg.wifiTimeoutMs, cfg.password);
  const wait = createSlot(t);
  let gen = 0;
  // The wait before the next cycle: intervalMs, doubled by each failure in a row.
  let backoff = every;
  let req: { abort(): void } | null | undefined;
  let body = "";
  // The checks on this request's response (`expect`, `value`), if any.
  let checks: Checks | null = null;
  // Outcomes since start() and when it ran: a polling board's log says which
  // poll, and when. Not getTime() itself: that is the calendar time on
  // Espruino for Linux (measured on 2v29).
  let polls = 0;
  let born = 0;

  // Every callback goes through here: a stale one is dropped, the watchdog
  // is kicked, and an exception ends the cycle as INTERNAL instead of
  // stopping the loop (on Espruino an uncaught error ends that chain). Every
  // callback the app hands out (timers, WiFi, get() and its events) takes at
  // most two arguments, so passing on two passes on all.
  function guard<P extends [unknown?, unknown?]>(fn: (...args: P) => void): (...args: P) => void {
    const my = gen;
    return function (a?: P[0], b?: P[1]) {
      if (my !== gen) return;
      if (dev.kick) dev.kick();
      try {
        (fn as (a?: P[0], b?: P[1]) => void)(a, b);
      } catch (e) {
        // The request may be going on: it ends first.
        cancel();
        done(httpError(E_INTERNAL, "" + e));
      }
    };
  }

  function cancel(): void {
    gen++;
    wait();
    // After save() and power-on the socket is gone; ending it may throw.
    try {
      if (req) req.abort();
    } catch (e) {
      // nothing left to end
    }
    req = null;
  }

  // The next cycle is scheduled before anything is printed, so not even a
  // failing print can stop the loop. No request is left to abort: done() is
  // get()'s callback, or its cycle started none (a failure inside a
  // callback cancels the request first).
  function done(err: HttpError | null, res?: GetResult | null): void {
    req = null;
    cancel();
    backoff = err ? Math.min(backoff * 2, Math.max(every, BACKOFF_CAP_MS)) : every;
    if (every) wait(guard(cycle), backoff);
    // A failure leaves the link in doubt: a link can die without a word (the
    // AT module reports it only as a refused connect). Join afresh first.
    if (err) wifi.stop();
    report(err, res, every ? pollNote(++polls, t.now() - born, err ? backoff : 0) : "");
  }

  // Everything an outcome prints, and its class for the light: the body kept
  // so far, then `DONE ...` or `ERROR <CODE>: <reason>` with `when` (when.ts)
  // after it, then a failed check and the value.
  function report(err: HttpError | null, res?: GetResult | null, when?: string): void {
    const c = res && checks;
    const why = c ? c.verdict_(res!.status) : "";
    checks = null;
    if (body) say(body);
    body = "";
    // getTime() has sub-millisecond digits on the board: whole ms are enough.
    say((res ? "DONE " + res.status + ", " + res.bytes + " bytes in " + (res.timings.totalMs | 0) + " ms" : "ERROR " + err!.code + ": " + err!.reason) + (when || ""));
    if (why) say("CHECK failed: " + why);
    if (c && cfg.value) say(c.value_());
    // Without `expect.status`, 400 or more is a bad answer by itself.
    const bad = why || res && res.status >= 400 && !(cfg.expect && cfg.expect.status);
    const code = err && err.code;
    light.outcome_(res ? bad ? BAD_ANSWER : OK : errorClass(code!));
  }

  // One cycle: join WiFi if it is down (then come back here), check memory,
  // GET. It runs inside a guarded callback of the current cycle, so the
  // callbacks it hands out carry that cycle's `gen`.
  function cycle(err?: HttpError | null): void {
    const free = dev.memory();
    if (err) return done(err);
    if (!wifi.up) {
      say("WIFI joining " + cfg.ssid);
      light.joining_();
      return wifi.join(guard(joined));
    }
    if (free < MIN_FREE_BLOCKS) return done(httpError(E_LOW_MEMORY, "only " + free + " blocks free"));
    checks = cfg.expect || cfg.value ? createChecks(cfg.expect, cfg.value) : null;
    // get() never calls back before it returns, so req is set in time.
    req = get(cfg.url, {
      timeoutMs: cfg.timeoutMs,
      headers: cfg.headers,
      net: dev.net!,
      tls: dev.tls,
      process: dev.process,
      timers: t,
      onHead: guard(function (h: ResponseHead) {
        say("HTTP/" + h.version + " " + h.status + " " + h.reason);
      }),
      // Not guarded: it runs for every piece of the body, cannot throw, and
      // get() stops calling it once the cycle is cancelled (req.abort()).
      // None when nothing of the body is printed or checked: then get() only
      // counts it, from its first byte.
      onBody: checks || cfg.printBody ? function (chunk: string) {
        // Only what will be printed is kept; once it is, and no check reads
        // the body, get() counts the rest and calls this no more.
        if (checks) checks.push_(chunk);
        if (body.length < cfg.printBody) body = (body + chunk).slice(0, cfg.printBody);
        return !checks && body.length >= cfg.printBody;
      } : undefined,
    }, guard(done));
  }

  // Joined: the light goes idle and the console gets the board's address
  // (what a telnet console is reached at); the request goes on meanwhile.
  function joined(err: HttpError | null): void {
    if (!err) {
      light.idle_();
      dev.wifi!.ip(guard(function (ip: string) {
        say("WIFI up, IP " + ip);
      }));
    }
    cycle(err);
  }

  function stop(): void {
    cancel();
    wifi.stop();
    light.stop_();
    backoff = every;
    polls = 0;
    born = t.now();
  }

  return {
    start: function () {
      stop();
      // Settings that cannot be used: every problem, the last as the outcome
      // (the device-fault pattern), and no request until they are fixed.
      const bad = dev.problems;
      if (bad) {
        for (let i = 0; i < bad.length - 1; i++) say("ERROR SETTINGS: " + bad[i]);
        return report(httpError(E_SETTINGS, bad[bad.length - 1]));
      }
      // A module the firmware lacks can never appear: say so once, no retries.
      // The settings' URL passed the check: http:// or https://.
      const missing = dev.net ? dev.missing || !dev.tls && /^https/i.test(cfg.url) && "tls" : "net";
      if (missing) report(httpError(E_UNSUPPORTED, 'this firmware has no require("' + missing + '")'));
      else guard(cycle)();
    },
    stop: stop,
  };
}
