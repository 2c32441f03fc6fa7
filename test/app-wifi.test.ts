// WiFi bring-up on every board: one result, within the deadline, the same
// reasons whatever the firmware says, and the password never in them.
import { test } from "node:test";
import assert from "node:assert/strict";
import { VirtualClock } from "../sim/index";
import { wifiBoards } from "../board/profiles";
import { WifiBoard } from "../sim/wifi";
import { WifiRadio, WifiScript, JoinOutcome } from "../sim/wifi-radio";
import { SimAtModule } from "../sim/wifi-at";
import { SimSerial } from "../sim/serial";
import { createWifi, wifiReason, Wifi, WifiLink } from "../src/app/wifi";
import { builtinLink, atLink } from "../src/app/wifi-links";
import { HttpError } from "../src/http/errors";
import { strictTimers, PASSWORD } from "./tools/app-rig";
import { boardRig } from "./tools/board-rig";

const TIMEOUT_MS = 30000;

interface Joined {
  clock: VirtualClock;
  wifi: Wifi;
  radio: WifiRadio;
  results: { t: number; err: HttpError | null }[];
}

/** WiFi on a simulated board: "at" is the board with an AT-command module (pico-esp8266). */
function board(b: WifiBoard | "at", script: WifiScript, timeoutMs = TIMEOUT_MS): Joined & { serial: SimSerial; module?: SimAtModule } {
  const { clock, timers, board: sim } = boardRig({ board: b === "at" ? wifiBoards("at")[0] : b, wifi: script });
  const at = sim.profile.at;
  const serial = sim.serials[at ? at.serial : "Serial2"];
  const link: WifiLink = at ? atLink(sim.atModule!, serial, at, "home", PASSWORD) : builtinLink(sim.wifi!, "home", PASSWORD);
  const wifi = createWifi(link, timers, timeoutMs, PASSWORD);
  return { clock, wifi, radio: sim.radio, serial, module: sim.atModule, results: [] };
}

function join(j: Joined): void {
  j.wifi.join((err) => j.results.push({ t: j.clock.now(), err }));
}

const BOARDS: (WifiBoard | "at")[] = [...(wifiBoards("builtin") as WifiBoard[]), "at"];

// What each firmware makes of each failure, after how long.
const EXPECT: Record<string, Record<Exclude<JoinOutcome, "join">, [string, number]>> = {
  "espruino-wifi": { "wrong-password": ["wrong password", 1500], "no-ap": ["network not found", 1500], "no-answer": ["no answer from the network", 20000] },
  esp32: { "wrong-password": ["wrong password", 4500], "no-ap": ["network not found", 4500], "no-answer": ["no answer from the network", 4500] },
  esp8266: { "wrong-password": ["wrong password", 1500], "no-ap": ["network not found", 1500], "no-answer": ["no answer within 30 s", 30000] },
  at: { "wrong-password": ["wrong password", 2500], "no-ap": ["network not found", 2500], "no-answer": ["no answer from the network", 21000] },
};

for (const b of BOARDS) {
  test(`wifi ${b}: joins, calls back once with null, is up, leaves no timer`, () => {
    const j = board(b, {});
    assert.equal(j.wifi.up, false);
    join(j);
    j.clock.runUntilIdle();
    assert.deepEqual(j.results.map((r) => r.err), [null]);
    assert.equal(j.wifi.up, true);
    assert.equal(j.clock.liveTimers(), 0);
  });

  for (const outcome of ["wrong-password", "no-ap", "no-answer"] as const) {
    const [reason, at] = EXPECT[b][outcome];
    test(`wifi ${b}: ${outcome} -> WIFI_DOWN "${reason}" after ${at} ms, once`, () => {
      const j = board(b, { joins: [outcome] });
      join(j);
      j.clock.runUntilIdle(120000);
      assert.deepEqual(j.results, [{ t: at, err: { code: "WIFI_DOWN", reason } }]);
      assert.equal(j.wifi.up, false);
      assert.equal(j.clock.liveTimers(), 0);
    });
  }
}

test("wifi: the deadline is wifiTimeoutMs, and a late success after it is ignored", () => {
  const j = board("esp32", { joinMs: 8000 }, 5000);
  join(j);
  j.clock.runUntilIdle();
  assert.deepEqual(j.results, [{ t: 5000, err: { code: "WIFI_DOWN", reason: "no answer within 5 s" } }]);
  assert.equal(j.wifi.up, false, "a join this code gave up on does not count");
});

test("wifi: a retry after a failure can succeed (the script's next attempt joins)", () => {
  const j = board("esp8266", { joins: ["wrong-password", "join"] });
  join(j);
  j.clock.runUntilIdle();
  join(j);
  j.clock.runUntilIdle();
  assert.deepEqual(j.results.map((r) => r.err && r.err.reason), ["wrong password", null]);
  assert.equal(j.wifi.up, true);
});

test("wifi: the firmware's 'disconnected' takes the link down; a new join brings it back", () => {
  const j = board("esp32", { dropAfterMs: 10000 });
  join(j);
  j.clock.advance(5000);
  assert.equal(j.wifi.up, true);
  j.clock.advance(10000);
  assert.equal(j.wifi.up, false);
  join(j);
  j.clock.runUntilIdle();
  assert.equal(j.wifi.up, true);
  assert.equal(j.results.length, 2);
});

test("wifi: stop() during a join: no callback ever, no timer left, not up", () => {
  const j = board("esp8266", { joins: ["no-answer"] });
  join(j);
  j.clock.advance(1000);
  j.wifi.stop();
  assert.equal(j.clock.liveTimers(), 0);
  j.clock.runUntilIdle();
  assert.deepEqual(j.results, []);
  assert.equal(j.wifi.up, false);
});

test("wifi: a join that throws is WIFI_DOWN with the firmware's words, at once", () => {
  const clock = new VirtualClock();
  const link: WifiLink = {
    join() {
      throw new Error("Module Wifi not found");
    },
    onDrop() {},
    ip() {},
  };
  const wifi = createWifi(link, strictTimers(clock), TIMEOUT_MS, PASSWORD);
  const got: (HttpError | null)[] = [];
  wifi.join((e) => got.push(e));
  assert.deepEqual(got, [{ code: "WIFI_DOWN", reason: "WiFi failed: Error: Module Wifi not found" }]);
  assert.equal(clock.liveTimers(), 0);
});

test("wifi: without a link (Espruino for Linux) it is always up and joining is a no-op", () => {
  const clock = new VirtualClock();
  const wifi = createWifi(undefined, strictTimers(clock), TIMEOUT_MS, PASSWORD);
  assert.equal(wifi.up, true);
  wifi.stop();
  assert.equal(wifi.up, true, "nothing to lose");
});

test("wifi AT: serial set up with the configured wiring; every join resets the module; one UART listener", () => {
  const j = board("at", { joins: ["no-ap", "join"] });
  join(j);
  j.clock.runUntilIdle();
  join(j);
  j.clock.runUntilIdle();
  assert.deepEqual(j.serial.setups, [
    { baud: 115200, options: { rx: "A3", tx: "A2" } },
    { baud: 115200, options: { rx: "A3", tx: "A2" } },
  ]);
  assert.equal(j.module!.resets, 2);
  assert.equal(j.serial.listenerCount("data"), 1, "the old AT layer's listener is dropped");
  assert.equal(j.wifi.up, true);
});

test("wifi AT: a module that never answers its reset is WIFI_DOWN with the module's words", () => {
  const j = board("at", { module: "no-answer" });
  join(j);
  j.clock.runUntilIdle();
  assert.deepEqual(j.results, [{ t: 10000, err: { code: "WIFI_DOWN", reason: "WiFi failed: No 'ready' after AT+RST" } }]);
});

test("wifiReason: each firmware's words map to one reason; others pass through, never the password", () => {
  const cases: [string, string][] = [
    ["AUTH_FAIL", "wrong password"],
    ["4WAY_HANDSHAKE_TIMEOUT", "wrong password"],
    ["bad_password", "wrong password"],
    ["auth_failed", "wrong password"],
    ["WiFi connect failed: +CWJAP:2", "wrong password"],
    ["NO_AP_FOUND", "network not found"],
    ["no_ap_found", "network not found"],
    ["WiFi connect failed: +CWJAP:3", "network not found"],
    ["BEACON_TIMEOUT", "no answer from the network"],
    ["connect_failed", "WiFi failed: connect_failed"],
    [`WiFi connect failed: AT+CWJAP="home","${PASSWORD}"`, 'WiFi failed: WiFi connect failed: AT+CWJAP="home","***"'],
  ];
  for (const [err, reason] of cases) assert.equal(wifiReason(err, PASSWORD), reason, err);
  assert.equal(wifiReason("x", ""), "WiFi failed: x", "an open network has no password to hide");
});
