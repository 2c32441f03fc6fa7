// The bench's memory models, checked against what Espruino 2v29 for Linux
// printed and measured (bench/footprint.ts, bench/esp8266-strings.ts).
import { test } from "node:test";
import assert from "node:assert/strict";
import { footprint } from "../bench/footprint";
import { esp8266ExtraBlocks, esp8266StringBlocks } from "../bench/esp8266-strings";

test("a function costs 4 blocks at a program's top level, 5 one call deep, 8 two deep (measured: 40 of each)", () => {
  const fns = (n: number) => Array.from({ length: n }, (_, i) => `function f${i}(){return ${i}}`).join("\n");
  const top = footprint(fns(40), 21, "flash").codeBlocks + footprint(fns(40), 21, "flash").nameBlocks;
  const iife = footprint(`(function(){${fns(40)}})();`, 21, "flash");
  const deep = footprint(`(function(){(function(){${fns(40)}})();})();`, 21, "flash");
  assert.equal(top, 40 * 4);
  // The outer IIFE is run once and freed; the inner one of `deep` counts as a function of its own.
  assert.equal(iife.codeBlocks + iife.nameBlocks - top, 40);
  assert.equal(deep.codeBlocks + deep.nameBlocks - (iife.codeBlocks + iife.nameBlocks), 40 * 3 + 4);
  // At a module's level (require), each keeps one link to the module's scope.
  assert.equal(footprint(fns(40), 21, "flash", true).codeBlocks - footprint(fns(40), 21, "flash").codeBlocks, 40);
});

test("strings are counted again as an ESP8266 keeps them; code in flash is left out", () => {
  const trace = [
    '#1[r3,l1] Object { ',
    '  #38[r1,l2] Name String [2 blocks] "timeoutMs" = int 12345',
    '  #45[r1,l2] Name String [1 blocks] "url"    #46[r1,l0] String [2 blocks] "http://127.0.0.1:8080/some/long/path"  ',
    '  #699[r1,l2] Name String [1 blocks] "\\xFFcod"    #698[r1,l0] FlashString [1 blocks] "return a+b+c+d+e+f+g+h+i+j+k"  ',
    '}',
  ].join("\n");
  // timeoutMs: a name of 9 characters, 4 in its first block and 5 in one more (2, as on Linux);
  // url: 1 (1); the 36-character value: 8 and then 4 blocks of 8 (5, against 2); \xFFcod: 1 (1).
  assert.equal(esp8266StringBlocks(9, true), 2);
  assert.equal(esp8266StringBlocks(36, false), 5);
  assert.equal(esp8266ExtraBlocks(trace), 3);
});
