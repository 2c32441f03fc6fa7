// The build keeps what it built (tools/build-cache.ts): named by everything
// a build reads, built once when several processes ask at the same time, and
// never stuck behind a lock left by a process that stopped.
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildKey, cachedText, CACHE_DIR } from "../tools/build-cache";

const keys: string[] = [];
const unique = () => {
  keys.push(`test-${process.pid}-${Math.random().toString(36).slice(2)}`);
  return keys[keys.length - 1];
};
after(() => keys.forEach((k) => rmSync(join(CACHE_DIR, k + ".js"), { force: true })));

test("the key changes with any file a build reads and with the request, and only then", () => {
  const root = mkdtempSync(join(tmpdir(), "pico-http-get-key-"));
  mkdirSync(join(root, "src"));
  writeFileSync(join(root, "src", "a.ts"), "export const a = 1;");
  const first = buildKey(root, { board: "esp8266" });
  assert.equal(buildKey(root, { board: "esp8266" }), first, "the same sources and request: the same key");
  assert.notEqual(buildKey(root, { board: "esp32" }), first, "another board");
  writeFileSync(join(root, "src", "a.ts"), "export const a = 2;");
  assert.notEqual(buildKey(root, { board: "esp8266" }), first, "a changed source");
  writeFileSync(join(root, "README.md"), "not read by a build");
  writeFileSync(join(root, "src", "a.ts"), "export const a = 1;");
  assert.equal(buildKey(root, { board: "esp8266" }), first, "a file the build does not read changes nothing");
  rmSync(root, { recursive: true, force: true });
});

test("asked twice at once, the text is made once; asked later, it is read back", async () => {
  const key = unique();
  let made = 0;
  const make = async () => {
    made++;
    await new Promise((r) => setTimeout(r, 200));
    return "code " + made;
  };
  const [a, b] = await Promise.all([cachedText(key, make), cachedText(key, make)]);
  assert.deepEqual([a, b, made], ["code 1", "code 1", 1]);
  assert.equal(await cachedText(key, make), "code 1");
  assert.equal(made, 1);
});

test("a build that fails keeps nothing, and the next one tries again", async () => {
  const key = unique();
  await assert.rejects(cachedText(key, async () => { throw new Error("type errors"); }), /type errors/);
  assert.equal(await cachedText(key, async () => "fixed"), "fixed");
});

test("a lock left by a process that stopped is taken over", async () => {
  const key = unique();
  const lock = join(CACHE_DIR, key + ".lock");
  mkdirSync(lock, { recursive: true });
  const old = (Date.now() - 10 * 60 * 1000) / 1000;
  utimesSync(lock, old, old);
  const started = Date.now();
  assert.equal(await cachedText(key, async () => "built"), "built");
  assert.ok(Date.now() - started < 5000, "no wait behind a stale lock");
});
