// The build puts functions marked @inline in place where they are called (tools/inline.ts).
import { test } from "node:test";
import assert from "node:assert/strict";
import { inlineMarked } from "../tools/inline";
import { buildApp } from "./tools/app-bundle";

const MARKED = "var LIMIT=10;/** Small. @inline */\nfunction small(a,b){return a<LIMIT&&b.x===a}";

test("a call of an @inline function becomes its expression, the arguments in place of the parameters", () => {
  const code = MARKED + "function use(n,o){return small(n,o)?1:small(3,o)?2:0}";
  const out = inlineMarked(code);
  // LIMIT, a constant, goes in as its value: not left a variable named twice.
  assert.match(out, /return \(n<10&&o\.x===n\)\?1:\(3<10&&o\.x===3\)\?2:0/);
  // One assigned again stays a name.
  assert.match(inlineMarked(code + "LIMIT=5;"), /return \(n<LIMIT&&o\.x===n\)\?1/);
  // The same answers either way.
  const run = (src: string) => new Function(src + ";return [use(4,{x:4}),use(4,{x:3}),use(12,{x:3}),use(20,{x:12})]")();
  assert.deepEqual(run(out), run(code));
  assert.deepEqual(run(code), [1, 2, 2, 0]);
  // A property named like a parameter stays a property.
  assert.match(inlineMarked("/** @inline */function f(a){return a.a}function g(b){return f(b)}"), /return \(b\.a\)/);
  // Without a mark nothing changes.
  const plain = "function f(a){return a}function g(b){return f(b)}";
  assert.equal(inlineMarked(plain), plain);
});

test("what cannot be put in place unchanged is a build error naming the function", () => {
  const cases: [string, RegExp][] = [
    ["/** @inline */function f(a){var b=a;return b}function g(x){return f(x)}", /f: its body must be one return/],
    ["/** @inline */function f(a){return function(){return a}}function g(x){return f(x)}", /f: its expression makes a function/],
    // An argument run twice, or run in another order, would change the program.
    [MARKED + "function use(o){return small(o.n(),o)}", /small: a call must pass a name or a literal/],
    [MARKED + "function use(n,o){return small(n)}", /small: a call must pass a name or a literal/],
    // LIMIT means something else inside use().
    [MARKED + "function use(n,o){var LIMIT=1;return small(n,o)}", /small: a call is where LIMIT means something else/],
  ];
  for (const [code, message] of cases) assert.throws(() => inlineMarked(code), message, code);
});

test("the shipped parser's plain chunk-size test is put in place (no call per chunk boundary)", async () => {
  const { code } = await buildApp("linux", { url: "http://example.com/", ssid: "home", password: "long-enough" });
  // The rule appears where it is used, twice, and no function holding it alone is left.
  assert.equal((code.match(/\.toString\(16\)\+"\\r\\n"===/g) || []).length, 2);
  assert.doesNotMatch(code, /function [\w$]+\([\w$]+,[\w$]+\)\{return [\w$]+<[\w$.]+&&"\\r\\n"\+/);
});
