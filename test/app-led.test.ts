// The LED signal: n blinks of 150 ms lit and 150 ms dark, on timers only,
// each pattern shown whole, polarity one setting.
import { test } from "node:test";
import assert from "node:assert/strict";
import { VirtualClock } from "../sim/index";
import { createLed, BLINK_MS, PATTERN_GAP_MS } from "../src/app/led";
import { RecordingPin, strictTimers, patterns, blinks } from "./tools/app-rig";

function setup(activeLow = false) {
  const clock = new VirtualClock();
  const timers = strictTimers(clock);
  const pin = new RecordingPin(clock);
  const blink = createLed(pin, activeLow, timers);
  return { clock, timers, pin, blink };
}

for (const n of [1, 2, 3]) {
  test(`led: ${n} blink(s) = ${n} x (150 ms lit, 150 ms dark), then nothing left running`, () => {
    const { clock, pin, blink } = setup();
    clock.advance(1000);
    blink(n);
    clock.runUntilIdle();
    assert.deepEqual(patterns(pin.writes), [n]);
    const b = blinks(pin.writes);
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
  assert.deepEqual(high.pin.writes[0], { t: 0, v: false }, "blink(0): off");
  assert.deepEqual(low.pin.writes[0], { t: 0, v: true }, "blink(0): off, active-low");
  assert.equal(high.pin.writes.length, low.pin.writes.length);
  high.pin.writes.forEach((w, i) => assert.deepEqual(low.pin.writes[i], { t: w.t, v: !w.v }));
  assert.deepEqual(patterns(low.pin.writes, true), [2]);
});

test("led: a pattern asked for during another waits for it and a dark gap; the newest waiting one wins", () => {
  const { clock, pin, blink } = setup();
  blink(3);
  clock.advance(100);
  blink(1); // replaced by the next one before it could start
  blink(2);
  clock.runUntilIdle();
  assert.deepEqual(patterns(pin.writes), [3, 2]);
  const b = blinks(pin.writes);
  assert.equal(b[3].on - b[2].off, PATTERN_GAP_MS, "the waiting pattern starts after the gap");
});

test("led: a new pattern after the gap starts at once; during the gap it waits for its end", () => {
  const { clock, pin, blink } = setup();
  blink(1);
  clock.advance(2 * BLINK_MS);
  blink(1); // inside the gap after the first pattern
  clock.runUntilIdle();
  const b = blinks(pin.writes);
  assert.equal(b[1].on - b[0].off, PATTERN_GAP_MS);
  clock.advance(5000);
  const at = clock.now();
  blink(2);
  clock.runUntilIdle();
  assert.equal(blinks(pin.writes)[2].on, at);
  assert.deepEqual(patterns(pin.writes), [1, 1, 2]);
});

test("led: blink(0) cancels a running and a waiting pattern and leaves the LED off", () => {
  const { clock, pin, blink } = setup(true);
  blink(3);
  blink(2);
  clock.advance(BLINK_MS / 2); // lit now
  blink(0);
  assert.deepEqual(pin.writes[pin.writes.length - 1], { t: BLINK_MS / 2, v: true }, "off (active-low)");
  assert.equal(clock.liveTimers(), 0);
  clock.runUntilIdle();
  assert.equal(blinks(pin.writes, true).length, 1, "only the cut first blink");
});

test("led: without a pin nothing is written and nothing throws", () => {
  const clock = new VirtualClock();
  const blink = createLed(undefined, false, strictTimers(clock));
  blink(3);
  assert.ok(clock.runUntilIdle());
});

test("led: time passes only on its timers: the whole pattern is timer steps", () => {
  const { clock, blink, pin } = setup();
  blink(3);
  assert.deepEqual(pin.writes, [{ t: 0, v: true }], "lit at once; the rest waits for timers");
  assert.equal(clock.liveTimers(), 1);
  clock.runUntilIdle();
  assert.equal(clock.now(), 5 * BLINK_MS + PATTERN_GAP_MS);
});
