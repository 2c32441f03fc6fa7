// The status light (src/app/signal.ts) on its own: classes and their LEDs,
// state that stays (repeat) or one pattern per outcome (once), failAfter, the
// joining glow, and the ERROR codes each class holds.
import { test } from "node:test";
import assert from "node:assert/strict";
import { ledStates } from "../sim/index";
import { createLed } from "../src/app/led";
import { createSignal, errorClass, SignalSettings, OK, BAD_ANSWER, SERVER_FAULT, DEVICE_FAULT, SIGNAL_EVERY_MS, JOIN_BLINK_MS, JOIN_EVERY_MS } from "../src/app/signal";
import { patterns, glows } from "./tools/app-rig";
import { boardRig } from "./tools/board-rig";

/** An Espruino WiFi's red LED1 and green LED2, each as its timeline (`writes`) of lit / dark. */
function setup(cfg: Partial<SignalSettings>, two = false) {
  const { clock, timers, board } = boardRig({ board: "espruino-wifi" });
  const pins = ["LED1", "LED2"].map((n) => board.pins.pin(n, board.profile.pinAliases[n]));
  const [red, green] = pins.map((p) => ({ get writes() { return ledStates(board.pins.timeline, p.name, false); } }));
  const light = createSignal(createLed(pins[0], false, timers), two ? createLed(pins[1], false, timers) : undefined, { intervalMs: 0, ...cfg }, timers);
  return { clock, red, green, light };
}

test("signal: the ERROR codes of the device's own trouble are DEVICE FAULT, the rest SERVER FAULT", () => {
  for (const c of ["WIFI_DOWN", "DNS", "LOW_MEMORY", "UNSUPPORTED", "INTERNAL", "SETTINGS"]) assert.equal(errorClass(c), DEVICE_FAULT, c);
  for (const c of ["REFUSED", "CONNECT_TIMEOUT", "TIMEOUT", "RESET", "TRUNCATED", "PROTOCOL", "TOO_LARGE", "TLS"]) assert.equal(errorClass(c), SERVER_FAULT, c);
});

test("signal: once (default without polling): one pattern per outcome, its class's blink count, then dark", () => {
  const { clock, red, light } = setup({});
  for (const cls of [OK, BAD_ANSWER, SERVER_FAULT, DEVICE_FAULT]) {
    light.outcome_(cls);
    clock.advance(10000);
  }
  assert.deepEqual(patterns(red.writes), [1, 2, 3, 4]);
  assert.equal(clock.liveTimers(), 0);
});

test("signal: repeat (default when polling): the state shows every signalEveryMs until the next outcome", () => {
  const { clock, red, light } = setup({ intervalMs: 60000 });
  light.outcome_(SERVER_FAULT);
  clock.advance(3 * SIGNAL_EVERY_MS - 1);
  light.outcome_(OK);
  clock.advance(2 * SIGNAL_EVERY_MS - 1);
  assert.deepEqual(patterns(red.writes), [3, 3, 3, 1, 1]);
  const custom = setup({ intervalMs: 60000, signalEveryMs: 2000 });
  custom.light.outcome_(BAD_ANSWER);
  custom.clock.advance(9999);
  assert.deepEqual(patterns(custom.red.writes), [2, 2, 2, 2, 2]);
  custom.light.stop_();
  assert.equal(custom.clock.liveTimers(), 0, "stop_ leaves nothing running");
});

test('signal: "signal": "once" while polling, and "repeat" for one request', () => {
  const once = setup({ intervalMs: 60000, signal: "once" });
  once.light.outcome_(BAD_ANSWER);
  once.clock.advance(30000);
  assert.deepEqual(patterns(once.red.writes), [2]);
  const rep = setup({ signal: "repeat" });
  rep.light.outcome_(OK);
  rep.clock.advance(SIGNAL_EVERY_MS + 1000);
  assert.deepEqual(patterns(rep.red.writes), [1, 1]);
});

test("signal: failAfter 3: the state turns bad on the third bad outcome in a row; one OK shows at once", () => {
  const { clock, red, light } = setup({ failAfter: 3 });
  for (const cls of [OK, SERVER_FAULT, SERVER_FAULT, DEVICE_FAULT, OK, BAD_ANSWER]) {
    light.outcome_(cls);
    clock.advance(10000);
  }
  assert.deepEqual(patterns(red.writes), [1, 1, 1, 4, 1, 1]);
  const fresh = setup({ failAfter: 2 });
  fresh.light.outcome_(SERVER_FAULT);
  fresh.clock.advance(10000);
  assert.deepEqual(patterns(fresh.red.writes), [], "no state yet: nothing to show");
});

test("signal: two LEDs: OK on the green one, every other class on the red one; switching cuts the other LED", () => {
  const { clock, red, green, light } = setup({ intervalMs: 60000 }, true);
  light.outcome_(OK);
  clock.advance(SIGNAL_EVERY_MS + 1000);
  light.outcome_(BAD_ANSWER);
  clock.advance(SIGNAL_EVERY_MS - 100);
  light.outcome_(OK);
  clock.advance(1000);
  assert.deepEqual(patterns(green.writes), [1, 1, 1]);
  assert.deepEqual(patterns(red.writes), [2]);
  // OK while the red pattern is still lit: it is cut, green shows at once.
  light.outcome_(SERVER_FAULT);
  clock.advance(100);
  light.outcome_(OK);
  assert.equal(red.writes[red.writes.length - 1].on, false, "red off at once");
  assert.equal(green.writes[green.writes.length - 1].on, true, "green lit at once");
  light.stop_();
  assert.equal(clock.liveTimers(), 0);
});

test("signal: joining: a slow glow (1 s lit every 2 s) that no outcome has; idle_ goes back to the state", () => {
  const { clock, red, light } = setup({ intervalMs: 60000 });
  light.outcome_(DEVICE_FAULT);
  clock.advance(SIGNAL_EVERY_MS - 2000);
  light.joining_();
  clock.advance(3 * JOIN_EVERY_MS - 1);
  light.idle_();
  clock.advance(SIGNAL_EVERY_MS - 1);
  const g = glows(red.writes);
  assert.equal(g.length, 3);
  assert.ok(g.every((x) => x.off - x.on === JOIN_BLINK_MS));
  assert.equal(g[1].on - g[0].on, JOIN_EVERY_MS);
  assert.deepEqual(patterns(red.writes), [4, 4], "before, and right after joining");
});
