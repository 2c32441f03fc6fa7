// What the README's Security section promises, checked on the built app:
// extra headers (which may carry credentials) go only to the configured
// origin, never to another host a redirect points at; the WiFi password is
// never printed, whatever fails; and the files that hold secrets are not
// committed.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { runApp, onRequest, httpResponse, type VirtualClock, type ScriptedNet, type Route } from "../sim/index";
import { ROOT, wifiBoards } from "../board/profiles";
import { buildApp } from "./tools/app-bundle";

const TOKEN = "Bearer top-secret-token";
const PASSWORD = "wifi-secret-pw";

function redirectTo(location: string): Route {
  return onRequest((_h, c) => c.write(httpResponse("", { status: 302, reason: "Found", headers: [["Location", location]] })).end());
}

function requestsTo(net: ScriptedNet, host: string, port: number): string[] {
  return net.connections.filter((c) => c.host === host && c.port === port).map((c) => c.received);
}

test("proof: extra headers go to the configured origin only, never to the host a redirect points at", async () => {
  const { code, storage } = await buildApp("esp32", {
    url: "http://example.com/start", ssid: "home", password: PASSWORD, headers: { Authorization: TOKEN, "X-Api-Key": "k-123" },
  });
  const run = runApp({
    storage,
    code, board: "esp32",
    servers: {
      "example.com:80": onRequest((head, c) => {
        if (head.startsWith("GET /start ")) c.write(httpResponse("", { status: 301, reason: "Moved", headers: [["Location", "/same-host"]] })).end();
        else c.write(httpResponse("", { status: 302, reason: "Found", headers: [["Location", "http://example.com:8080/other-port"]] })).end();
      }),
      "example.com:8080": redirectTo("http://elsewhere.example/final"),
      "elsewhere.example:80": onRequest((_h, c) => c.write(httpResponse("done")).end()),
    },
  });
  (run.clock as VirtualClock).runUntilIdle(120000);
  const net = run.net as ScriptedNet;
  const origin = requestsTo(net, "example.com", 80);
  assert.equal(origin.length, 2, "the start and the same-origin redirect");
  for (const r of origin) {
    assert.match(r, new RegExp(`\\r\\nAuthorization: ${TOKEN}\\r\\n`));
    assert.match(r, /\r\nX-Api-Key: k-123\r\n/);
  }
  const others = requestsTo(net, "example.com", 8080).concat(requestsTo(net, "elsewhere.example", 80));
  assert.equal(others.length, 2, "the other port and the other host were asked");
  for (const r of others) {
    assert.ok(r.indexOf(TOKEN) < 0 && r.indexOf("k-123") < 0, `credentials leaked: ${JSON.stringify(r)}`);
  }
  assert.match(run.printed[run.printed.length - 1], /^DONE 200, 4 bytes/);
  for (const l of run.printed) assert.ok(l.indexOf(TOKEN) < 0, "a header value was printed");
});

test("proof: the WiFi password is never printed, whatever fails", async () => {
  for (const board of wifiBoards()) {
    for (const joins of [["wrong-password"], ["no-ap"], ["no-answer"], ["join"]] as const) {
      const { code, storage } = await buildApp(board, { url: "http://example.com/", ssid: "home", password: PASSWORD, wifiTimeoutMs: 5000 });
      const run = runApp({ code, storage, board, wifi: { joins: [...joins] }, servers: { "example.com:80": "refuse" } });
      (run.clock as VirtualClock).runUntilIdle(120000);
      assert.ok(run.printed.length > 0, `${board} ${joins}: something was printed`);
      for (const l of run.printed.concat(run.uncaught)) assert.ok(l.indexOf(PASSWORD) < 0, `${board} ${joins}: ${l}`);
      for (const s of run.radio.steps) assert.ok(s.text.indexOf(PASSWORD) < 0, `${board} ${joins}: step ${s.text}`);
    }
  }
});

test("proof: the files that hold secrets (config.json, build/app.js) are not committed", () => {
  const ignored = (path: string) => spawnSync("git", ["check-ignore", "-q", path], { cwd: ROOT }).status === 0;
  assert.ok(ignored("config.json"), "config.json holds the WiFi password and must stay out of git");
  assert.ok(ignored("build/app.js"), "build/app.js embeds the config, password included");
  assert.ok(!ignored("build/README.md"), "build/README.md says what is generated there");
  const example = JSON.parse(readFileSync(join(ROOT, "config.example.json"), "utf8"));
  assert.equal(example.password, "your-wifi-password", "the committed example holds a placeholder, not a password");
});
