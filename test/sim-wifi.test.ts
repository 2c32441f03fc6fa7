// WiFi per board (sim/wifi.ts lists each firmware's way): the same script,
// each firmware's callbacks and events.

import { test } from "node:test";
import assert from "node:assert/strict";
import {
  VirtualClock, WifiRadio, SimWifi, SimAtModule, SimSerial, WifiScript, WifiBoard, AT_NO_READY,
} from "../sim/index";
import { wifiBoards } from "../board/profiles";

function builtin(board: WifiBoard, script: WifiScript = {}) {
  const clock = new VirtualClock();
  const radio = new WifiRadio(clock, script);
  const wifi = new SimWifi(board, radio);
  const events: string[] = [];
  for (const e of ["associated", "connected", "disconnected"]) wifi.on(e, (d: { reason?: string }) => events.push(e + (d && d.reason ? " " + d.reason : "")));
  const calls: { t: number; err: unknown }[] = [];
  wifi.connect("home", { password: "hunter2" }, (err) => calls.push({ t: clock.now(), err }));
  clock.runUntilIdle();
  return { clock, radio, wifi, events, calls };
}

test("joining: callback with null after the scripted delay, then associated + connected", () => {
  for (const board of wifiBoards("builtin") as WifiBoard[]) {
    const { calls, events, radio } = builtin(board, { joinMs: 2500 });
    assert.deepEqual(calls, [{ t: 2500, err: null }], board);
    assert.deepEqual(events, ["associated", "connected"], board);
    assert.equal(radio.networkState(), "up");
  }
});

test("wrong password and AP not found: each board's own error string", () => {
  const expect: Record<WifiBoard, [string, string]> = {
    "espruino-wifi": ["WiFi connect failed: +CWJAP:2", "WiFi connect failed: +CWJAP:3"],
    esp32: ["AUTH_FAIL", "NO_AP_FOUND"],
    esp8266: ["bad_password", "no_ap_found"],
  };
  for (const board of Object.keys(expect) as WifiBoard[]) {
    assert.deepEqual(builtin(board, { joins: ["wrong-password"] }).calls.map((c) => c.err), [expect[board][0]], board);
    assert.deepEqual(builtin(board, { joins: ["no-ap"] }).calls.map((c) => c.err), [expect[board][1]], board);
  }
});

test("ESP32 answers only after its 3 retries", () => {
  const { calls } = builtin("esp32", { joins: ["no-ap"], joinMs: 1000 });
  assert.deepEqual(calls, [{ t: 3000, err: "NO_AP_FOUND" }]);
});

test("an AP that never answers: ESP8266 never calls back, Espruino WiFi times out after 20 s", () => {
  const esp = builtin("esp8266", { joins: ["no-answer"] });
  assert.deepEqual(esp.calls, []);
  assert.equal(esp.radio.joined, false);
  const ew = builtin("espruino-wifi", { joins: ["no-answer"] });
  assert.deepEqual(ew.calls, [{ t: 20000, err: "WiFi connect failed: Timeout" }]);
});

test("ESP32 and ESP8266 emit 'disconnected' with a reason on a failed attempt; Espruino WiFi does not", () => {
  assert.deepEqual(builtin("esp8266", { joins: ["wrong-password"] }).events, ["disconnected auth_fail"]);
  assert.deepEqual(builtin("esp32", { joins: ["no-ap"] }).events, ["disconnected no_ap_found"]);
  assert.deepEqual(builtin("espruino-wifi", { joins: ["no-ap"] }).events, []);
});

test("outcomes follow the script attempt by attempt, the last one repeating", () => {
  const clock = new VirtualClock();
  const wifi = new SimWifi("esp32", new WifiRadio(clock, { joins: ["no-ap", "join"] }));
  const errs: unknown[] = [];
  for (let i = 0; i < 3; i++) {
    wifi.connect("home", {}, (e) => errs.push(e));
    clock.runUntilIdle();
  }
  assert.deepEqual(errs, ["NO_AP_FOUND", null, null]);
});

test("a link that drops later and comes back: disconnected, then associated + connected", () => {
  const { clock, radio, events } = builtin("esp8266", { dropAfterMs: 60000, backAfterMs: 5000 });
  assert.deepEqual(events, ["associated", "connected", "disconnected beacon_timeout", "associated", "connected"]);
  assert.equal(radio.joined, true);
  assert.deepEqual(radio.steps.map((s) => [s.t, s.text]), [
    [0, 'joining "home"'], [1500, "joined, IP 192.168.1.42"], [61500, "link dropped"], [66500, "link back, IP 192.168.1.42"],
  ]);
  assert.equal(clock.now(), 66500);
});

test("getIP: asynchronous only on Espruino WiFi, also returned on ESP32/ESP8266", () => {
  const ew = builtin("espruino-wifi");
  assert.equal(ew.wifi.getIP(), undefined);
  const esp = builtin("esp32");
  assert.equal((esp.wifi.getIP() as { ip: string }).ip, "192.168.1.42");
  let got: unknown;
  ew.wifi.getIP((_e, info) => (got = info));
  ew.clock.flush();
  assert.equal((got as { ip: string }).ip, "192.168.1.42");
});

test("the password never appears in the steps", () => {
  const { radio } = builtin("esp32", { joins: ["wrong-password"] });
  assert.ok(radio.steps.length > 0);
  assert.ok(radio.steps.every((s) => !s.text.includes("hunter2")));
});

test("AT module: reset, then wifi.connect(ssid, key, cb); the network exists only after the reset", () => {
  const clock = new VirtualClock();
  const radio = new WifiRadio(clock, {}, false);
  const mod = new SimAtModule(radio);
  const serial = new SimSerial("Serial2");
  serial.setup(115200, { rx: "A3", tx: "A2" });
  const log: string[] = [];
  assert.equal(radio.networkState(), "none");
  const wifi = mod.connect(serial, (err) => {
    log.push(`module ${err}`);
    assert.equal(radio.networkState(), "down");
    wifi.connect("home", "key", (e) => log.push(`join ${e}`));
  });
  clock.runUntilIdle();
  assert.deepEqual(log, ["module null", "join null"]);
  assert.equal(radio.networkState(), "up");
  assert.equal(serial.listenerCount("data"), 1);
  let ip: unknown;
  wifi.getIP((_e, a) => (ip = a));
  clock.flush();
  assert.equal(ip, "192.168.1.42");
});

test("AT module failures: wrong password, a module that never answers its reset", () => {
  const clock = new VirtualClock();
  const mod = new SimAtModule(new WifiRadio(clock, { joins: ["wrong-password"] }, false));
  const log: unknown[] = [];
  const wifi = mod.connect(new SimSerial("Serial2"), () => wifi.connect("home", "key", (e) => log.push(e)));
  clock.runUntilIdle();
  assert.deepEqual(log, ["WiFi connect failed: +CWJAP:2"]);
  const dead = new SimAtModule(new WifiRadio(clock, { module: "no-answer" }, false));
  const t0 = clock.now();
  const answers: unknown[] = [];
  dead.connect(new SimSerial("Serial2"), (e) => answers.push([e, clock.now() - t0]));
  clock.runUntilIdle();
  assert.deepEqual(answers, [[AT_NO_READY, 10000]]);
});
