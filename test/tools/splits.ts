// Ways to cut one byte stream into the pieces a socket delivers. On the board
// data arrives in 536- or 268-byte pieces cut anywhere, so every parser test
// runs its input through all of these.

import { chunkSizes } from "../../board/profiles";

export interface Split {
  /** How the input was cut, for failure messages ("whole", "bytes", "at 17", ...). */
  name: string;
  pieces: string[];
}

/** Board socket piece sizes (board/profiles.json). */
export const BOARD_PIECES = chunkSizes();

export interface SplitOptions {
  /** How many seeded random cuttings (default 8). */
  random?: number;
  /** Seed of the random cuttings (default 1): the same seed gives the same pieces. */
  seed?: number;
  /** Also every 2-way split point (default true). */
  everyPoint?: boolean;
}

/** A small deterministic PRNG (mulberry32): runs are reproducible from the seed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return function () {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function fixed(input: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < input.length; i += size) out.push(input.substring(i, i + size));
  return out;
}

/** Random cut points: piece lengths from 1 up to about a quarter of the input (at least 8). */
function randomPieces(input: string, next: () => number): string[] {
  const most = Math.max(8, Math.ceil(input.length / 4));
  const out: string[] = [];
  let i = 0;
  while (i < input.length) {
    const n = 1 + Math.floor(next() * most);
    out.push(input.substring(i, i + n));
    i += n;
  }
  return out;
}

/** Every cutting of `input` to try: whole, byte by byte, every 2-way split, random, board-sized. */
export function* splits(input: string, options: SplitOptions = {}): Generator<Split> {
  yield { name: "whole", pieces: input.length ? [input] : [] };
  if (input.length > 1) yield { name: "bytes", pieces: fixed(input, 1) };
  if (options.everyPoint !== false) {
    for (let i = 1; i < input.length; i++) yield { name: `at ${i}`, pieces: [input.substring(0, i), input.substring(i)] };
  }
  const seed = options.seed === undefined ? 1 : options.seed;
  const next = prng(seed);
  const count = options.random === undefined ? 8 : options.random;
  for (let r = 0; r < count; r++) yield { name: `random ${r} (seed ${seed})`, pieces: randomPieces(input, next) };
  for (const size of BOARD_PIECES) {
    if (input.length > size) yield { name: `pieces of ${size}`, pieces: fixed(input, size) };
  }
}
