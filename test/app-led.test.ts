// The LED signal: n blinks of 150 ms lit and 150 ms dark, on timers only,
// each pattern shown whole, polarity one setting.
import { test } from "node:test";
import assert from "node:assert/strict";
import { VirtualClock } from "../sim/index";
import { createLed, BLINK_MS, PATTERN_GAP_MS } from "../src/app/led";
import { strictTimers, patterns, blinks } from "./tools/app-rig";
import { boardRig } from "./tools/board-rig";

/** The LED of an ESP32 (D2): its timeline as lit / dark, and as the values written. */
function setup(activeLow = false) {
  const { clock, timers, ledPin, led, board } = boardRig({ board: "esp32" });
  const blink = createLed(ledPin, activeLow, timers);
  return { clock, timers, blink, states: () => led(activeLow), written: () => board.pins.timeline.map((e) => ({ t: e.t, value: e.value })) };
}

for (const n of [1, 2, 3]) {
  test(`led: ${n} blink(s) = ${n} x (150 ms lit, 150 ms dark), then nothing left running`, () => {
    const { clock, states, blink } = setup();
    clock.advance(1000);
    blink(n);
    clock.runUntilIdle();
    assert.deepEqual(patterns(states()), [n]);
    const b = blinks(states());
    assert.equal(b[0].on, 1000, "starts at once");
    for (let i = 0; i < n; i++) assert.deepEqual(b[i], { on: 1000 + 2 * i * BLINK_MS, off: 1000 + (2 * i + 1) * BLINK_MS });
    assert.equal(clock.liveTimers(), 0);
  });
}

test("led: only write() is used; active-low inverts every write, blink(0) included", () => {
  const high = setup(false);
  const low = setup(true);
  for (const s of [high, low]) {
    s.blink(0);
    s.blink(2);
    s.clock.runUntilIdle();
  }
  assert.deepEqual(high.written()[0], { t: 0, value: false }, "blink(0): off");
  assert.deepEqual(low.written()[0], { t: 0, value: true }, "blink(0): off, active-low");
  assert.equal(high.written().length, low.written().length);
  high.written().forEach((w, i) => assert.deepEqual(low.written()[i], { t: w.t, value: !w.value }));
  assert.deepEqual(patterns(low.states()), [2]);
});

test("led: a pattern asked for during another waits for it and a dark gap; the newest waiting one wins", () => {
  const { clock, states, blink } = setup();
  blink(3);
  clock.advance(100);
  blink(1); // replaced by the next one before it could start
  blink(2);
  clock.runUntilIdle();
  assert.deepEqual(patterns(states()), [3, 2]);
  const b = blinks(states());
  assert.equal(b[3].on - b[2].off, PATTERN_GAP_MS, "the waiting pattern starts after the gap");
});

test("led: a new pattern after the gap starts at once; during the gap it waits for its end", () => {
  const { clock, states, blink } = setup();
  blink(1);
  clock.advance(2 * BLINK_MS);
  blink(1); // inside the gap after the first pattern
  clock.runUntilIdle();
  const b = blinks(states());
  assert.equal(b[1].on - b[0].off, PATTERN_GAP_MS);
  clock.advance(5000);
  const at = clock.now();
  blink(2);
  clock.runUntilIdle();
  assert.equal(blinks(states())[2].on, at);
  assert.deepEqual(patterns(states()), [1, 1, 2]);
});

test("led: blink(0) cancels a running and a waiting pattern and leaves the LED off", () => {
  const { clock, states, written, blink } = setup(true);
  blink(3);
  blink(2);
  clock.advance(BLINK_MS / 2); // lit now
  blink(0);
  assert.deepEqual(written()[written().length - 1], { t: BLINK_MS / 2, value: true }, "off (active-low)");
  assert.equal(clock.liveTimers(), 0);
  clock.runUntilIdle();
  assert.equal(blinks(states()).length, 1, "only the cut first blink");
});

test("led: without a pin nothing is written and nothing throws", () => {
  const clock = new VirtualClock();
  const blink = createLed(undefined, false, strictTimers(clock));
  blink(3);
  assert.ok(clock.runUntilIdle());
});

test("led: time passes only on its timers: the whole pattern is timer steps", () => {
  const { clock, blink, states } = setup();
  blink(3);
  assert.deepEqual(states(), [{ t: 0, on: true }], "lit at once; the rest waits for timers");
  assert.equal(clock.liveTimers(), 1);
  clock.runUntilIdle();
  assert.equal(clock.now(), 5 * BLINK_MS + PATTERN_GAP_MS);
});
