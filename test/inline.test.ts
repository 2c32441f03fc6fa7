// The build puts functions marked @inline in place where they are called (tools/inline.ts).
import { test } from "node:test";
import assert from "node:assert/strict";
import { inlineMarked, markedNames, stringsInPlace } from "../tools/inline";
import { buildApp } from "./tools/app-bundle";

const SMALL = "var LIMIT=10;function small(a,b){return a<LIMIT&&b.x===a}";

test("the marks are read from the TypeScript source: @inline in the doc comment right before a function", () => {
  const source = `/** Not this one. */\nexport function a(x: number): number { return x; }\n/**\n * Small.\n * @inline: put in place.\n */\nexport function small(a: number): boolean { return a < 1; }\n/** @inline */ function b$(): number { return 1; }\n`;
  assert.deepEqual(markedNames(source), ["small", "b$"]);
});

test("a call of a marked function becomes its expression, the arguments in place of the parameters", () => {
  const code = SMALL + "function use(n,o){return small(n,o)?1:small(3,o)?2:0}";
  const out = inlineMarked(code, ["small"]);
  // LIMIT, a constant, goes in as its value: not left a variable named twice.
  assert.match(out, /return \(n<10&&o\.x===n\)\?1:\(3<10&&o\.x===3\)\?2:0/);
  // One assigned again stays a name.
  assert.match(inlineMarked(code + "LIMIT=5;", ["small"]), /return \(n<LIMIT&&o\.x===n\)\?1/);
  // The same answers either way.
  const run = (src: string) => new Function(src + ";return [use(4,{x:4}),use(4,{x:3}),use(12,{x:3}),use(20,{x:12})]")();
  assert.deepEqual(run(out), run(code));
  assert.deepEqual(run(code), [1, 2, 2, 0]);
  // A property named like a parameter stays a property; a name rollup made unique is the same function.
  assert.match(inlineMarked("function f$1(a){return a.a}function g(b){return f$1(b)}", ["f"]), /return \(b\.a\)/);
  // A pattern kept in a constant stays that constant: its literal would make a new one at each run.
  assert.match(inlineMarked("var P=/a/;function f(a){return P.test(a)}function g(x){return f(x)}", ["f"]), /return \(P\.test\(x\)\)/);
  // `this` is passed as it is: it means in the expression what it means at the call.
  assert.match(inlineMarked("function f(a){return a.n-1}function g(){return f(this)}", ["f"]), /return \(this\.n-1\)/);
  // An expression read once, before anything is called, in order: in place, in parentheses.
  assert.match(inlineMarked("function f(p,c,r){return done(p,err(c,r))}function g(p,w){return f(p,7,\"bad \"+w)}", ["f"]), /return \(done\(p,err\(7,\("bad "\+w\)\)\)\)/);
  // A property read where nothing is called or assigned but other properties: read where the parameter is.
  assert.match(inlineMarked("function f(p){return void(p.l>0&&(p.a-=p.l),p.l=0)}function g(r){return r.q&&f(r.q)}", ["f"]), /r\.q&&\(void\(r\.q\.l>0&&\(r\.q\.a-=r\.q\.l\),r\.q\.l=0\)\)/);
  // An expression that calls another marked function: both put in place.
  assert.match(inlineMarked("function f(a){return a.n+1}function g(a){return f(a)*2}function h(x){return g(x)}", ["f", "g"]), /function h\(x\)\{return \(\(x\.n\+1\)\*2\)\}/);
  // Unmarked, nothing changes.
  assert.equal(inlineMarked(code, ["other"]), code);
});

test("what cannot be put in place unchanged is a build error naming the function", () => {
  const cases: [string, RegExp][] = [
    ["function f(a){var b=a;return b}function g(x){return f(x)}", /f: its body must be one return/],
    ["function f(a){return function(){return a}}function g(x){return f(x)}", /f: its expression makes a function/],
    // An argument run twice, skipped, or run in another order, would change the program.
    ["function f(a,b){return a+b}function g(o){return f(o)}", /f: a call must pass an argument for each parameter/],
    ["function f(a){return a+a}function g(o){return f(o.n())}", /f: an expression passed for a parameter not read exactly once/],
    ["function f(a,b){return a&&b}function g(o){return f(o,o.n())}", /f: an expression passed for a parameter read in a branch/],
    ["function f(a,b){return a.x()+b}function g(o){return f(o,o.n())}", /f: an expression passed for a parameter read after a call/],
    ["function f(a,b){return b+a}function g(o){return f(o.m(),o.n())}", /f: expressions passed out of the order/],
    ["function f(a){return a.n()}function g(o){return f(o.p)}", /f: a property passed where the expression calls/],
    ["function f(a,b){return a.n=b}function g(o){return f(o.n,1)}", /f: a property passed where the expression calls or assigns/],
    // LIMIT means something else inside use().
    [SMALL.replace("small", "f") + "function use(n,o){var LIMIT=1;return f(n,o)}", /f: a call is where LIMIT means something else/],
  ];
  for (const [code, message] of cases) assert.throws(() => inlineMarked(code, ["f"]), message, code);
});

test("the shipped parser's plain chunk-size test is put in place (no call per chunk boundary)", async () => {
  const { code } = await buildApp("linux", { url: "http://example.com/", ssid: "home", password: "long-enough" });
  // The rule appears where it is used, twice, and no function holding it alone is left.
  assert.equal((code.match(/\.toString\(16\)\+"\\r\\n"===/g) || []).length, 2);
  assert.doesNotMatch(code, /function [\w$]+\([\w$]+,[\w$]+\)\{return [\w$]+<[\w$.]+&&"\\r\\n"\+/);
});

test("a top-level string constant is written where it is used: not a property's name, not a name a function declares, not one assigned again", () => {
  const code = 'var UA="x/1",N="n",M="m";function f(o){return UA+o.UA+UA}function g(UA){return UA}function h(){N="k";return N+M}';
  const out = stringsInPlace(code);
  assert.match(out, /function f\(o\)\{return "x\/1"\+o\.UA\+"x\/1"\}/);
  assert.match(out, /function g\(UA\)\{return UA\}/);
  // N is assigned again: a variable still; M is not.
  assert.match(out, /function h\(\)\{N="k";return N\+"m"\}/);
  const run = (src: string) => new Function(src + ";return [f({UA:'-'}),g(1),h()]")();
  assert.deepEqual(run(out), run(code));
});
