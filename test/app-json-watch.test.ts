// The streaming JSON path matcher (src/app/json-watch.ts): every answer is
// the same at every cut of the body (pieces cut inside strings, escapes and
// numbers), for short bodies at every position and a 16 KiB one at random
// positions; bodies that are not JSON, missing paths, values over the bound.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createJsonWatch, VALUE_MAX } from "../src/app/json-watch";

function watch(path: string, pieces: string[]): { text?: string; problem?: string } {
  const w = createJsonWatch(path);
  for (const p of pieces) w.push_(p);
  w.end_();
  return { text: w.text_, problem: w.problem_ };
}

/** The answer for the body whole, after checking every cut into two and three pieces gives the same. */
function everyCut(path: string, body: string): { text?: string; problem?: string } {
  const whole = watch(path, [body]);
  for (let i = 0; i <= body.length; i++) {
    assert.deepEqual(watch(path, [body.slice(0, i), body.slice(i)]), whole, `${path}: cut at ${i}`);
    for (let j = i; j <= Math.min(body.length, i + 7); j++) {
      assert.deepEqual(watch(path, [body.slice(0, i), body.slice(i, j), body.slice(j)]), whole, `${path}: cut at ${i} and ${j}`);
    }
  }
  assert.deepEqual(watch(path, body.split("")), whole, `${path}: one character at a time`);
  return whole;
}

const STATUS = JSON.stringify({
  page: { id: "x{y}", name: "Status \"page\" [1]", url: "https://a.b/c,d:e" },
  "we\\ird": 1,
  status: { indicator: "none", description: "All Systems Operational" },
  items: [{ state: "ok", n: -1.5e3 }, { state: "failing\\", n: 2 }, [], {}],
  main: { temp: 21.5, ok: true, none: null, esc: "a\u00e9\n\"q\"" },
});
const PRETTY = JSON.stringify(JSON.parse(STATUS), null, 2);

test("json watch: finds each kind of value at every cut of the body, compact and pretty", () => {
  const want: [string, unknown][] = [
    ["status.indicator", "none"], ["main.temp", 21.5], ["main.ok", true], ["main.none", null],
    ["items.0.state", "ok"], ["items.0.n", -1500], ["items.1.state", "failing\\"], ["items.2", []], ["items.3", {}],
    ["main.esc", "a\u00e9\n\"q\""], ["page.url", "https://a.b/c,d:e"], ["we\\ird", 1], ["status", { indicator: "none", description: "All Systems Operational" }],
  ];
  for (const body of [STATUS, PRETTY]) {
    for (const [path, value] of want) {
      const r = everyCut(path, body);
      assert.equal(r.problem, undefined, `${path}: ${r.problem}`);
      assert.deepEqual(JSON.parse(r.text!), value, path);
    }
  }
});

test("json watch: a missing path, a path through a scalar or string, an index past the end: no such path", () => {
  for (const path of ["status.color", "main.temp.x", "page.name.0", "items.4", "items.0.state.x", "nothere", "items.x"]) {
    assert.deepEqual(everyCut(path, STATUS), { text: undefined, problem: `no ${path} in the body` }, path);
  }
});

test("json watch: bodies that are not JSON: html, text, empty, cut short, a bad value", () => {
  for (const body of ["<!doctype html><p>{\"a\": 1}</p>", "OK", "", "   ", '{"a": {"b": ', '{"a": tru}', '{"a": "x}']) {
    assert.deepEqual(everyCut("a", body), { text: undefined, problem: "the body is not JSON" }, JSON.stringify(body));
  }
});

test(`json watch: a value longer than ${VALUE_MAX} characters is a problem, whatever its kind; one of ${VALUE_MAX} is kept`, () => {
  const long = "x".repeat(VALUE_MAX);
  for (const v of [long, [long], { k: long }]) {
    assert.deepEqual(everyCut("v", JSON.stringify({ v, after: 1 })), { text: undefined, problem: `v is longer than ${VALUE_MAX} characters` });
  }
  const fits = "y".repeat(VALUE_MAX - 2);
  assert.equal(everyCut("v", JSON.stringify({ v: fits })).text, JSON.stringify(fits));
});

/** A 16 KiB status-page-like body with the value sought near its end. */
function bigBody(): string {
  const components = [];
  for (let i = 0; components.length < 60 || JSON.stringify(components).length < 15000; i++) {
    components.push({ id: "c" + i, name: "Component \"" + i + "\" {a,b}", status: i % 7 ? "operational" : "degraded", position: i, group: { id: null, tags: ["x", "y\\", "z:1"] } });
  }
  return JSON.stringify({ page: { id: "p" }, components, status: { indicator: "minor" } });
}

test("json watch: a 16 KiB body at random cuts (536- and 268-byte pieces and random ones) gives one answer", () => {
  const body = bigBody();
  assert.ok(body.length >= 15000 && body.length <= 17000, String(body.length));
  let seed = 7;
  const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648) % n);
  for (const path of ["status.indicator", "components.41.group.tags.2", "components.60.name", "components.999"]) {
    const whole = watch(path, [body]);
    for (const size of [536, 268]) {
      const ps = [];
      for (let i = 0; i < body.length; i += size) ps.push(body.slice(i, i + size));
      assert.deepEqual(watch(path, ps), whole, `${path}: ${size}-byte pieces`);
    }
    for (let k = 0; k < 40; k++) {
      const ps = [];
      for (let i = 0; i < body.length; ) {
        const n = 1 + rand(600);
        ps.push(body.slice(i, i + n));
        i += n;
      }
      assert.deepEqual(watch(path, ps), whole, `${path}: random cuts ${k}`);
    }
  }
  assert.equal(watch("status.indicator", [body]).text, '"minor"');
  assert.equal(JSON.parse(watch("components.41.group.tags.2", [body]).text!), "z:1");
  assert.equal(watch("components.999", [body]).problem, "no components.999 in the body");
});
