import { test } from "node:test";
import assert from "node:assert/strict";
import { VirtualClock, RealClock } from "../sim/clock";

test("virtual clock: timers fire in due order, ties in scheduling order", () => {
  const c = new VirtualClock();
  const log: string[] = [];
  c.setTimeout(() => log.push("b@20"), 20);
  c.setTimeout(() => log.push("a@10"), 10);
  c.setTimeout(() => log.push("c@10"), 10);
  c.advance(9);
  assert.deepEqual(log, []);
  c.advance(1);
  assert.deepEqual(log, ["a@10", "c@10"]);
  assert.equal(c.now(), 10);
  c.advance(100);
  assert.deepEqual(log, ["a@10", "c@10", "b@20"]);
  assert.equal(c.now(), 110);
});

test("virtual clock: now() inside a callback is the timer's due time", () => {
  const c = new VirtualClock();
  const seen: number[] = [];
  c.setTimeout(() => seen.push(c.now()), 30000);
  c.advance(60000);
  assert.deepEqual(seen, [30000]);
});

test("virtual clock: clearTimeout and liveTimers", () => {
  const c = new VirtualClock();
  const fired: number[] = [];
  const a = c.setTimeout(() => fired.push(1), 5);
  c.setTimeout(() => fired.push(2), 5);
  assert.equal(c.liveTimers(), 2);
  c.clearTimeout(a);
  assert.equal(c.liveTimers(), 1);
  c.advance(5);
  assert.deepEqual(fired, [2]);
  assert.equal(c.liveTimers(), 0);
});

test("virtual clock: intervals repeat until cleared and count as one live timer", () => {
  const c = new VirtualClock();
  let n = 0;
  const id = c.setInterval(() => n++, 100);
  c.advance(350);
  assert.equal(n, 3);
  assert.equal(c.liveTimers(), 1);
  c.clearInterval(id);
  c.advance(1000);
  assert.equal(n, 3);
  assert.equal(c.liveTimers(), 0);
});

test("virtual clock: extra setTimeout arguments are passed to the callback", () => {
  const c = new VirtualClock();
  const got: unknown[] = [];
  c.setTimeout((a: unknown, b: unknown) => got.push(a, b), 1, "x", 2);
  c.advance(1);
  assert.deepEqual(got, ["x", 2]);
});

test("virtual clock: deferred simulation work is not an app timer", () => {
  const c = new VirtualClock();
  let ran = false;
  c.defer(() => (ran = true), 5);
  assert.equal(c.liveTimers(), 0);
  assert.equal(c.pending(), 1);
  c.advance(5);
  assert.equal(ran, true);
});

test("virtual clock: runUntilIdle runs chains and stops at the limit for intervals", () => {
  const c = new VirtualClock();
  const log: number[] = [];
  c.setTimeout(() => c.setTimeout(() => log.push(c.now()), 500), 500);
  assert.equal(c.runUntilIdle(), true);
  assert.deepEqual(log, [1000]);
  c.setInterval(() => undefined, 10);
  assert.equal(c.runUntilIdle(1000), false);
  assert.equal(c.now(), 2000);
});

test("virtual clock: a throwing callback goes to onError and the clock keeps running", () => {
  const c = new VirtualClock();
  const errors: string[] = [];
  c.onError = (e) => errors.push((e as Error).message);
  let after = false;
  c.setTimeout(() => {
    throw new Error("boom");
  }, 1);
  c.setTimeout(() => (after = true), 2);
  c.advance(5);
  assert.deepEqual(errors, ["boom"]);
  assert.equal(after, true);
});

test("virtual clock: a throwing callback rethrows by default", () => {
  const c = new VirtualClock();
  c.setTimeout(() => {
    throw new Error("loud");
  }, 1);
  assert.throws(() => c.advance(1), /loud/);
});

test("virtual clock: block() moves time without running anything", () => {
  const c = new VirtualClock();
  let ran = false;
  c.setTimeout(() => (ran = true), 10);
  c.block(50);
  assert.equal(ran, false);
  assert.equal(c.now(), 50);
  c.flush();
  assert.equal(ran, true);
});

test("real clock: timers fire, clears work, liveTimers counts", async () => {
  const c = new RealClock();
  const log: string[] = [];
  const id = c.setTimeout(() => log.push("cleared"), 5);
  c.setTimeout(() => log.push("fired"), 5);
  assert.equal(c.liveTimers(), 2);
  c.clearTimeout(id);
  await new Promise((r) => setTimeout(r, 30));
  assert.deepEqual(log, ["fired"]);
  assert.equal(c.liveTimers(), 0);
  assert.ok(c.now() >= 5);
});

test("timer ids are reused as on Espruino, so a stale clearTimeout cancels a newer timer", () => {
  const clock = new VirtualClock();
  let fired = 0;
  const first = clock.setTimeout(() => {}, 10);
  clock.advance(10);
  const second = clock.setTimeout(() => fired++, 10);
  assert.equal(second, first, "the id of a fired timer comes back");
  clock.clearTimeout(first);
  clock.advance(20);
  assert.equal(fired, 0);
});

test("clearTimeout() with no id clears every timer; clearTimeout(undefined) throws", () => {
  const clock = new VirtualClock();
  clock.setTimeout(() => {}, 10);
  clock.setInterval(() => {}, 10);
  assert.throws(() => clock.clearTimeout(undefined), /timer id/);
  assert.equal(clock.liveTimers(), 2);
  clock.clearTimeout();
  assert.equal(clock.liveTimers(), 0);
});
