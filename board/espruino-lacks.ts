// What V8 has and Espruino 2v29 does not: the one table read by the hazard
// check of the build (tools/check-bundle.ts refuses code that uses any of it)
// and by the simulation (sim/context.ts removes all of it from the app's
// global scope, so code that slipped past the check fails there too).
// Measured on Espruino 2v29 for Linux: `typeof` of each is "undefined" (the
// facts file's section 1 lists Symbol, Map, Set, Number.MAX_SAFE_INTEGER,
// Object.freeze, Error.captureStackTrace and propertyIsEnumerable; the rest
// were measured the same way).

/** Global names that are undefined on Espruino. */
export const MISSING_GLOBALS = [
  "Symbol", "Map", "Set", "WeakMap", "WeakSet", "Proxy", "Reflect", "WeakRef",
  "Intl", "WebAssembly", "SharedArrayBuffer", "Atomics", "BigInt",
];

/** Members of built-in globals that are undefined on Espruino, by global. */
export const MISSING_MEMBERS: Record<string, string[]> = {
  Number: ["MAX_SAFE_INTEGER", "MIN_SAFE_INTEGER", "EPSILON", "isInteger", "isSafeInteger", "isFinite", "isNaN"],
  Object: ["freeze", "seal", "getOwnPropertySymbols", "is", "preventExtensions", "isFrozen"],
  Error: ["captureStackTrace"],
  Array: ["from", "of"],
  Math: ["trunc", "log2", "hypot", "imul", "clz32", "cbrt"],
  String: ["fromCodePoint", "raw"],
  Promise: ["race", "allSettled"],
};

/** Methods that are undefined on every object (Object.prototype lacks them). */
export const MISSING_METHODS = ["propertyIsEnumerable"];
