// The demo scenarios of `npm start -- --scenario NAME`: a demo server whose
// answers change over time, the settings that show them off, and the WiFi
// script of the simulated board, so the status light can be watched live.

import type { IncomingMessage, ServerResponse } from "node:http";
import type { WifiScript } from "./wifi-radio";

export interface Scenario {
  name: string;
  /** What the scenario shows, for --help and the header. */
  about: string;
  /** Settings on top of the demo's (url, ssid and password come from the demo). */
  config: Record<string, unknown>;
  wifi: WifiScript;
  /** How long the demo runs before it draws the timelines and exits. */
  runMs: number;
  /** Answers request number n (0-based). */
  answer(n: number, req: IncomingMessage, res: ServerResponse): void;
}

const POLL_MS = 3000;

function json(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(text) });
  res.end(text);
}

/** The answers of the flaky scenario, one per poll, then OK for good. */
const FLAKY: [status: number, indicator: string, temp: number][] = [
  [200, "none", 21.5], [200, "none", 21.7], [500, "", 0], [200, "major", 22.0], [200, "major", 22.4], [200, "none", 22.1],
];

export const SCENARIOS: Scenario[] = [
  {
    name: "flaky",
    about: "a status page that is fine, fails with a 500, reports \"major\", loses the WiFi and comes back",
    config: { intervalMs: POLL_MS, signalEveryMs: 2500, expect: { json: { path: "status.indicator", equals: "none" } }, value: "main.temp" },
    // The link drops 25 s in; the access point is gone for two joins.
    wifi: { joinMs: 1500, dropAfterMs: 25000, joins: ["join", "no-ap", "no-ap", "join"] },
    runMs: 70000,
    answer: (n, _req, res) => {
      const [status, indicator, temp] = FLAKY[Math.min(n, FLAKY.length - 1)];
      if (status >= 400) json(res, status, { error: "internal error" });
      else json(res, status, { status: { indicator }, main: { temp } });
    },
  },
];

/** The demo page, as the demo server serves it without a scenario. */
function page(res: ServerResponse, status = 200): void {
  const body = status === 200 ? "<!doctype html>\n<h1>Hello from the demo server</h1>\n" : "not found\n";
  res.writeHead(status, { "Content-Type": "text/html; charset=utf-8", "Content-Length": Buffer.byteLength(body) });
  res.end(body);
}

// The failures a maker meets first: one request each, on the demo's settings.
SCENARIOS.push(
  { name: "wrong-password", about: "the network refuses the password: ERROR WIFI_DOWN: wrong password", config: {}, wifi: { joinMs: 800, joins: ["wrong-password"] }, runMs: 6000, answer: (_n, _req, res) => page(res) },
  { name: "network-not-found", about: "no network of that name in range: ERROR WIFI_DOWN: network not found", config: {}, wifi: { joinMs: 800, joins: ["no-ap"] }, runMs: 6000, answer: (_n, _req, res) => page(res) },
  { name: "no-network", about: "the network never answers: ERROR WIFI_DOWN after wifiTimeoutMs (5 s here)", config: { wifiTimeoutMs: 5000 }, wifi: { joinMs: 800, joins: ["no-answer"] }, runMs: 9000, answer: (_n, _req, res) => page(res) },
  // Takes the request and never answers.
  { name: "silent-server", about: "the server never answers: ERROR TIMEOUT after timeoutMs (3 s here)", config: { timeoutMs: 3000 }, wifi: { joinMs: 800 }, runMs: 7000, answer: () => undefined },
  { name: "not-found", about: "the page is not there: DONE 404, 2 blinks", config: {}, wifi: { joinMs: 800 }, runMs: 5000, answer: (_n, _req, res) => page(res, 404) },
);

export function getScenario(name: string): Scenario | undefined {
  return SCENARIOS.find((s) => s.name === name);
}
