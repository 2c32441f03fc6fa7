import { test } from "node:test";
import assert from "node:assert/strict";
import { VirtualClock, PinBank, blinkCount, ledStates, boardPinGlobals } from "../sim/index";

test("pin writes are recorded on the timeline with the clock's time", () => {
  const clock = new VirtualClock();
  const bank = new PinBank(clock);
  const led = bank.pin("LED1", "B2");
  led.write(true);
  clock.advance(150);
  led.reset();
  clock.advance(50);
  led.set();
  assert.deepEqual(bank.timeline, [
    { t: 0, pin: "B2", value: true },
    { t: 150, pin: "B2", value: false },
    { t: 200, pin: "B2", value: true },
  ]);
  assert.equal(led.read(), true);
  assert.equal(led.toggle(), false);
});

test("aliases share one pin: LED1 on Espruino WiFi is B2", () => {
  const bank = new PinBank(new VirtualClock());
  const g = boardPinGlobals(bank, "espruino-wifi");
  assert.equal(g.LED1, g.B2);
  assert.equal(g.LED2, g.B12);
  g.LED1.write(1);
  assert.equal(g.B2.read(), true);
  assert.equal(boardPinGlobals(bank, "esp8266").LED1, undefined, "no LED1 in the ESP8266 board file");
});

test("Espruino for Linux: a written value reads back as 0", () => {
  const bank = new PinBank(new VirtualClock(), false);
  const d = boardPinGlobals(bank, "linux").D5;
  d.write(true);
  assert.equal(d.read(), false);
  assert.equal(bank.timeline.length, 1);
});

test("blinkCount counts off -> on changes, honouring an active-low LED", () => {
  const tl = [true, false, true, false, true, true, false].map((value, i) => ({ t: i * 100, pin: "D2", value }));
  assert.equal(blinkCount(tl, "D2"), 3);
  // Active low: low is on. Starting off, every fall to low is a blink.
  assert.equal(blinkCount(tl, "D2", true), 3);
  assert.equal(blinkCount(tl, "D2", false, 150), 2);
  assert.equal(blinkCount(tl, "D3"), 0);
  assert.deepEqual(ledStates(tl, "D2", true).slice(0, 2), [{ t: 0, on: false }, { t: 100, on: true }]);
});

test("onChange sees every change as it happens", () => {
  const bank = new PinBank(new VirtualClock());
  const seen: boolean[] = [];
  bank.onChange = (e) => seen.push(e.value);
  bank.pin("D2").write(true);
  bank.pin("D2").write(0);
  assert.deepEqual(seen, [true, false]);
});
