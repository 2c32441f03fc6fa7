// What `expect` and `value` must look like: each problem as the key it is
// in and what that key must be, so the caller prints one line such as
// `config.json: key "expect.json.below" must be a number`. Plain ES5, so the
// same check can run on the board.

import { VALUE_MAX } from "./json-watch";

/** [key, what it must be], or null when all is well. */
export type SettingsProblem = [string, string] | null;

/**
 * Checks `expect` and `value` as config.json gives them. `isObject`: the
 * settings check's own test for a JSON object, one for both (made inside
 * that check, it is freed with it once the app has started).
 */
export function checksProblem(expect: unknown, value: unknown, isObject: (v: unknown) => v is Record<string, unknown>): SettingsProblem {
  // One variable for every problem, declared first: Espruino does not hoist
  // var, and the minifier merges block-scoped names into one var.
  let p: SettingsProblem = null;
  // Only the start needs these: made here, they are freed once the settings
  // are checked, where a module-level function or list would be kept in RAM
  // for as long as the app runs.
  const OPERATORS = ["equals", "oneOf", "below", "above", "exists"];
  const EXPECT_KEYS = ["status", "contains", "json"];
  /** A path: names or indexes joined by dots, each at most VALUE_MAX characters. */
  const PATH_RULE = "must be a path such as \"status.indicator\" or \"items.0.state\"";

  function isScalar(v: unknown): boolean {
    return v === null || typeof v === "string" || typeof v === "number" || typeof v === "boolean";
  }

  function pathProblem(key: string, v: unknown): SettingsProblem {
    if (typeof v !== "string" || v === "") return [key, PATH_RULE];
    const parts = v.split(".");
    for (let i = 0; i < parts.length; i++) if (parts[i] === "" || parts[i].length > VALUE_MAX) return [key, PATH_RULE];
    return null;
  }

  function statusProblem(v: unknown): SettingsProblem {
    const rule = "must be a list of status codes and [low, high] ranges, such as [200, 204] or [[200, 299]]";
    if (!(v instanceof Array) || !v.length) return ["expect.status", rule];
    for (let i = 0; i < v.length; i++) {
      const c = v[i];
      const ok = c instanceof Array ? c.length === 2 && code(c[0]) && code(c[1]) && c[0] <= c[1] : code(c);
      if (!ok) return ["expect.status", rule];
    }
    return null;
  }

  function code(n: unknown): boolean {
    return typeof n === "number" && n % 1 === 0 && n >= 100 && n <= 599;
  }

  function jsonProblem(v: unknown): SettingsProblem {
    const key = "expect.json";
    if (!isObject(v)) return [key, 'must be an object such as {"path": "status.indicator", "equals": "none"} (or a list of them)'];
    const ops = Object.keys(v).filter(function (k) {
      return k !== "path";
    });
    for (let i = 0; i < ops.length; i++) if (OPERATORS.indexOf(ops[i]) < 0) return [key, 'has an unknown key "' + ops[i] + '" (known: path, ' + OPERATORS.join(", ") + ")"];
    if (ops.length !== 1) return [key, "must have exactly one of " + OPERATORS.join(", ") + " (to check several things, give a list of checks)"];
    const op = ops[0];
    const x = v[op];
    const ok = op === "equals" ? isScalar(x) : op === "oneOf" ? x instanceof Array && x.length > 0 && x.every(isScalar)
      : op === "exists" ? typeof x === "boolean" : typeof x === "number" && isFinite(x);
    if (!ok) {
      return [key + "." + op, op === "equals" ? "must be a string, number, true, false or null" : op === "oneOf" ? "must be a list of strings, numbers, true, false or null"
        : op === "exists" ? "must be true or false" : "must be a number"];
    }
    return pathProblem(key + ".path", v.path);
  }

  if (value !== undefined) {
    p = pathProblem("value", value);
    if (p) return p;
  }
  if (expect === undefined) return null;
  if (!isObject(expect)) return ["expect", 'must be an object such as {"status": [200], "contains": "OK"}'];
  const keys = Object.keys(expect);
  for (let i = 0; i < keys.length; i++) if (EXPECT_KEYS.indexOf(keys[i]) < 0) return ["expect", 'has an unknown key "' + keys[i] + '" (known: ' + EXPECT_KEYS.join(", ") + ")"];
  if (expect.status !== undefined) {
    p = statusProblem(expect.status);
    if (p) return p;
  }
  const c = expect.contains;
  if (c !== undefined && (typeof c !== "string" || c === "" || c.length > VALUE_MAX)) return ["expect.contains", "must be some text, at most " + VALUE_MAX + " characters"];
  const list = expect.json instanceof Array ? expect.json : expect.json === undefined ? [] : [expect.json];
  for (let i = 0; i < list.length; i++) {
    p = jsonProblem(list[i]);
    if (p) return p;
  }
  return null;
}
