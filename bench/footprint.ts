// How many of the board's variable blocks the app takes once loaded: an
// estimate from the bundle's text, since only a board can give the number.
//
// How Espruino stores a program (src/jsvar.h, src/jsutils.h of Espruino 2v29):
// it keeps each function's source text as a string for as long as the
// function lives, and a function created inside another gets its own copy of
// its text. Code that runs once at load and is then unreachable (the bundle's
// outer IIFE) is freed. A string takes one block per charsPerBlock()
// characters, and that depends on the board: blocks have room for 4 bytes of
// data plus whatever the reference fields (sized for the board's variable
// count) leave in a string extension block. Names and small numbers take one
// block each.
//
// Run from a Storage file (what `npm run upload` does), the text stays in
// flash and each function keeps a one-block pointer to it.
//
// So the estimate is, for every function but an outer IIFE:
//   FUNCTION_BLOCKS + one per parameter + its text (RAM: text length /
//   chars-per-block; flash: FLASH_TEXT_BLOCKS) + its scope link: none for a
//   function at the top level of a program load() runs, one for one at a
//   module's level or one call deep, and an array of the scopes (one block
//   and one per scope) deeper than that (scopeLinkBlocks)
// plus one block per declared name and per object-literal property, plus the
// strings and regexes the load-time code keeps (module constants). It counts
// every function as alive at once, but not what a request makes while it
// runs (sockets, the parser, a 536-byte piece, call scopes).
// Checked on Espruino 2v29 for Linux (21 chars per block), the Linux bundle
// of an earlier version, process.memory().usage with the interpreter's own 46
// blocks: estimated 957 (RAM) and 557 (flash); measured 896 and 646 once
// idle, 1220 and 946 at the peak while fetching 256 KiB, constant through
// the whole transfer. So a request adds about 300 blocks. Measured on 2v29
// for Linux, 40 functions `function fN(){return N}` and an array of them,
// from a Storage file: 4 blocks each at the top level of a file load() runs
// (name, function, code name, flash text), 5 in an IIFE or at a module's
// level (and the scope link), 8 two calls deep (an array of 2 scopes).

import * as acorn from "acorn";
import { isFunction, Node, walk } from "../tools/ast";

import { FLASH_TEXT_BLOCKS, FUNCTION_BLOCKS, SCOPE_LINK_BLOCKS } from "../sim/memory";
export { FLASH_TEXT_BLOCKS, FUNCTION_BLOCKS };
/**
 * What a request adds while it runs, measured on Espruino 2v29 for Linux
 * (peak while streaming less idle, both homes): 300 and 324 blocks.
 */
export const REQUEST_BLOCKS = 300;
/**
 * A RegExp object besides its pattern text: the object and its __proto__,
 * source, flags and lastIndex. Measured on 2v29 for Linux: ten one-block
 * patterns in an array took 83 blocks, ten strings 23.
 */
export const REGEX_BLOCKS = 6;


/** Reference width and reference-count bits of Espruino's 32-bit builds, by variable count. */
const REF_LAYOUT: [maxVars: number, refBits: number, countBits: number, packBits: number][] = [
  [254, 8, 6, 8],
  [1023, 10, 6, 2],
  [2047, 11, 4, 0],
  [4095, 12, 8, 0],
  [8191, 13, 4, 0],
  [16383, 14, 8, 0],
  [65535, 16, 8, 0],
];
/** Data bytes of a block on 32-bit Espruino: also the characters of a name's first block (JSVAR_DATA_STRING_NAME_LEN). */
export const DATA_BYTES_32 = 4;
/** Espruino for Linux (64-bit, 32-bit references): measured 2100 chars in 101 blocks. */
export const LINUX_CHARS_PER_BLOCK = 21;

/** Characters in one string extension block on a board with this many variables. */
export function charsPerBlock(variables: number, linux = false): number {
  if (linux) return LINUX_CHARS_PER_BLOCK;
  for (const [max, ref, count, pack] of REF_LAYOUT) {
    if (variables <= max) return DATA_BYTES_32 + ((ref * 3 + pack + count) >> 3);
  }
  return DATA_BYTES_32 + ((16 * 3 + 8) >> 3);
}

export interface Footprint {
  blocks: number;
  charsPerBlock: number;
  functions: number;
  codeBlocks: number;
  nameBlocks: number;
  stringBlocks: number;
}

/**
 * A function's link to where it was made, with `scopes` scopes between it and
 * the root: none at the root, one link to one scope, else a link to an array
 * of them.
 */
export function scopeLinkBlocks(scopes: number): number {
  return scopes === 0 ? 0 : scopes === 1 ? SCOPE_LINK_BLOCKS : SCOPE_LINK_BLOCKS + 1 + scopes;
}

/** The outer IIFE: the function called by the bundle's one top-level statement. */
function outerIife(ast: Node): Node | null {
  const first = ast.body[0];
  let e = first && first.type === "ExpressionStatement" ? first.expression : null;
  if (e && e.type === "UnaryExpression") e = e.argument;
  if (e && e.type === "CallExpression" && e.callee.type === "FunctionExpression") return e.callee;
  return null;
}

/**
 * Where the function texts live. "ram": sent to the console, each function
 * keeps a copy of its text in variable blocks. "flash": run from a Storage
 * file (what `npm run upload` does), each function's text is one block that
 * points into flash (src/jsparse.c: a native string when the source is one).
 */
export type CodeHome = "ram" | "flash";

/** `module`: the code is a module's, run in a scope of its own (require()), not at the root as load() runs a program. */
export function footprint(code: string, cpb: number, home: CodeHome = "ram", module = false): Footprint {
  const ast = acorn.parse(code, { ecmaVersion: 5 }) as unknown as Node;
  const skip = outerIife(ast);
  const blocksOf = (chars: number) => Math.ceil(chars / cpb);
  const r: Footprint = { blocks: 0, charsPerBlock: cpb, functions: 0, codeBlocks: 0, nameBlocks: 0, stringBlocks: 0 };
  walk(ast, (n, _parent, _key, functions) => {
    const fn = functions.length ? functions[functions.length - 1] : null;
    const depth = functions.length;
    if (isFunction(n) && n !== skip) {
      r.functions++;
      const text = home === "flash" ? FLASH_TEXT_BLOCKS : blocksOf(n.body.end - n.body.start);
      r.codeBlocks += FUNCTION_BLOCKS + n.params.length + text + scopeLinkBlocks(depth + (module ? 1 : 0));
    }
    if (n.type === "VariableDeclarator" || n.type === "Property" || n.type === "FunctionDeclaration") r.nameBlocks++;
    // Literals in functions are part of their text; those the load-time code
    // evaluates (module constants: strings, regexes) are kept as values too.
    if (n.type === "Literal" && (fn === null || fn === skip)) {
      if (typeof n.value === "string") r.stringBlocks += blocksOf(n.value.length);
      if (n.regex) r.stringBlocks += REGEX_BLOCKS + blocksOf(n.regex.pattern.length);
    }
  });
  r.blocks = r.codeBlocks + r.nameBlocks + r.stringBlocks;
  return r;
}
