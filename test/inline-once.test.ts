// The build puts a function marked @once at its one call (tools/inline-once.ts).
import { test } from "node:test";
import assert from "node:assert/strict";
import { inlineOnce } from "../tools/inline-once";
import { markedNames } from "../tools/inline";

/** What `use` returns for each argument list, run as the code says. */
function run(code: string, calls: unknown[][]): unknown[] {
  return new Function(code + ";return [" + calls.map((c) => "use(" + c.map((x) => JSON.stringify(x)).join(",") + ")").join(",") + "]")();
}

test("the marks are read from the TypeScript source: @once in the doc comment right before a function", () => {
  const source = `/** Not this one. */\nfunction a(): void {}\n/**\n * Cold.\n * @once: put at its call.\n */\nexport function cold(a: number): number { let b = a; return b; }\n`;
  assert.deepEqual(markedNames(source, "once"), ["cold"]);
  assert.deepEqual(markedNames(source), []);
});

test("each statement form of the one call becomes the body, with the same results", () => {
  const F = "var K=2;function f(a,b){var s=0;if(a>b)s=a-b;else s=b-a;return s*K}";
  const forms = [
    "function use(x,y){var r=f(x,y);return r+1}",
    "function use(x,y){var r;r=f(x,y);return r+1}",
    "function use(x,y){if(x<0)return -1;return f(x+1,y)}",
    "var seen=[];function g(a){seen.push(a)}function use(x,y){var r=f(x,y);g(r*y);return seen.pop()}",
  ];
  for (const use of forms) {
    const code = F + use;
    const out = inlineOnce(code, ["f", "g"]);
    assert.doesNotMatch(out, /function [fg]\(/, out);
    const calls = [[1, 5], [7, 2], [-3, 4], [0, 0]];
    assert.deepEqual(run(out, calls), run(code, calls), out);
  }
  // A function that returns early keeps its returns after `return f(a)`; one that never returns gives undefined.
  const early = "function f(a){if(a>1)return 'big';if(a<0){return 'neg'}}function use(x){return f(x)}";
  assert.deepEqual(run(inlineOnce(early, ["f"]), [[2], [-1], [0]]), ["big", "neg", undefined]);
  // Put in place in a function that is put in place in turn: its last return, inside the block it became, is still the last.
  const chain = "function f(a){var b=a*2;return b+1}function g(a){return f(a+1)}function use(x){var y=g(x);return y}";
  const chained = inlineOnce(chain, ["f", "g"]);
  assert.doesNotMatch(chained, /function [fg]\(/);
  assert.deepEqual(run(chained, [[1], [5]]), [5, 13]);
  // A name rollup made unique is the same mark; a function called in two places stays.
  assert.doesNotMatch(inlineOnce("function f$1(a){return a+1}function use(x){return f$1(x)}", ["f"]), /function f\$1/);
  const twice = "function f(a){return a+1}function use(x){var y=f(x);return f(y)}";
  assert.equal(inlineOnce(twice, ["f"]), twice);
});

test("a function made in the body sees what it saw as a function: a name passed as itself, a value in a var of its own", () => {
  const code = "function f(a,b){return function(){return a+b}}function use(x){var n=x*2;var get=f(n,x+1);n=0;return get()}";
  const out = inlineOnce(code, ["f"]);
  // n is assigned after the call: it keeps a var of its own; x is never assigned: passed as itself.
  assert.match(out, /var a\$o\d+=n/);
  assert.deepEqual(run(out, [[3], [10]]), run(code, [[3], [10]]));
  assert.deepEqual(run(code, [[3], [10]]), [10, 31]);
  // A name no one assigns goes in as itself: no var for it.
  assert.match(inlineOnce("function f(a){var q=a;return q}function use(x){return f(x)}", ["f"]), /^function use\(x\)\{\{var q\$o\d+=x;return q\$o\d+\}\}$/);
});

test("what cannot be put at its call unchanged is a build error naming the function", () => {
  const cases: [string, RegExp][] = [
    ["function f(a){return a}function use(x){return [f](0)}", /f: it is used as a value/],
    ["function f(a){return a}function use(x){return 1+f(x)}", /f: its call must be a statement/],
    ["function f(a){return a}function use(x){for(var i=0;i<2;i++)x=f(x);return x}", /f: its call is in a loop/],
    ["function f(a){return this}function use(x){return f(x)}", /f: it uses this or arguments/],
    ["function f(a){function g(){}return a}function use(x){return f(x)}", /f: it declares a function/],
    ["function f(a){if(a)return 1;return 2}function use(x){var y=f(x);return y}", /f: it returns before its end/],
    ["var K=1;function f(a){return a+K}function use(x){var K=5;return f(x)}", /f: its call is where K means something else/],
    ["var e=1;function f(a){return a+e}function use(x){try{throw 0}catch(e){return f(x)}}", /f: its call is where e means something else/],
    ["function f(a){return a}var y=f(1);", /f: its call must be in a function/],
  ];
  for (const [code, message] of cases) assert.throws(() => inlineOnce(code, ["f"]), message, code);
});
