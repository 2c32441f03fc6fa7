// Refuses JavaScript that the Espruino interpreter would reject at load or,
// worse, run wrongly (../shared/espruino-facts.md section 1 lists them). It
// reads the code as ES5 with acorn, so anything newer fails here too.
import * as acorn from "acorn";

export interface Finding {
  construct: string;
  where: string;
}

/** Helpers tsc emits that fail on Espruino, by name. */
const BAD_HELPERS: Record<string, string> = {
  __extends: "class ... extends (the __extends helper fails at load: Can't extend undefined)",
  __rest: "object rest {a, ...rest} (the __rest helper needs Object.prototype.propertyIsEnumerable)",
  __spreadArray: "array spread [...a] (the __spreadArray helper uses Array.prototype.slice.call)",
  __spread: "array spread (the __spread helper)",
  __read: "destructuring of an iterable (the __read helper uses Symbol)",
  __values: "for...of over an iterable (the __values helper uses Symbol)",
  __generator: "generator or async function (the __generator helper)",
  __awaiter: "async function (the __awaiter helper)",
};

/** Globals that are undefined on Espruino. */
const MISSING_GLOBALS: Record<string, string[]> = {
  Number: ["MAX_SAFE_INTEGER", "MIN_SAFE_INTEGER", "EPSILON", "isInteger", "isSafeInteger"],
  Object: ["freeze", "seal", "getOwnPropertySymbols"],
  Error: ["captureStackTrace"],
};
const MISSING_IDENTIFIERS = ["Symbol", "Map", "Set", "WeakMap", "WeakSet", "Proxy", "Reflect"];

type Node = acorn.Node & Record<string, any>;

function walk(node: Node, visit: (n: Node) => void): void {
  visit(node);
  for (const key of Object.keys(node)) {
    const v = (node as any)[key];
    if (Array.isArray(v)) {
      for (const c of v) if (c && typeof c.type === "string") walk(c, visit);
    } else if (v && typeof v.type === "string") walk(v, visit);
  }
}

// RegExp features Espruino's engine silently never matches.
function regexProblem(pattern: string): string | null {
  if (pattern.indexOf("(?:") >= 0) return "RegExp non-capturing group (?:...) never matches on Espruino";
  if (/[^\\]\{[0-9]+(,[0-9]*)?\}/.test(pattern) || /^\{[0-9]/.test(pattern)) {
    return "RegExp {n} / {n,m} quantifier never matches on Espruino";
  }
  if (/\(\?[=!<]/.test(pattern)) return "RegExp lookaround is not supported on Espruino";
  if (anchorBeforeAlternative(pattern)) {
    return "RegExp alternative with ^ followed by another alternative (Espruino never tries the later ones; put the ^ alternative last or use two regexes)";
  }
  return null;
}

/**
 * True when an alternative holding a `^` anchor has another alternative after
 * it in the same group: Espruino's matcher gives up at the failed `^` instead
 * of trying the rest (`/^a|b/.test("xb")` is false there).
 */
function anchorBeforeAlternative(pattern: string): boolean {
  // One entry per open group: whether its current alternative holds a `^`.
  const groups: boolean[] = [false];
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern.charAt(i);
    if (c === "\\") {
      i++;
    } else if (inClass) {
      if (c === "]") inClass = false;
    } else if (c === "[") {
      inClass = true;
    } else if (c === "(") {
      groups.push(false);
    } else if (c === ")" && groups.length > 1) {
      if (groups.pop()) groups[groups.length - 1] = true;
    } else if (c === "^") {
      groups[groups.length - 1] = true;
    } else if (c === "|" && groups[groups.length - 1]) {
      return true;
    }
  }
  return false;
}

function memberName(n: Node): string | null {
  if (n.type !== "MemberExpression") return null;
  if (n.computed) return n.property.type === "Literal" ? String(n.property.value) : null;
  return n.property.name;
}

function checkNode(n: Node, report: (construct: string, at: number) => void): void {
  if (n.type === "LabeledStatement") report("labelled statement (ReferenceError on Espruino)", n.start);
  if (n.type === "Identifier" && BAD_HELPERS[n.name]) report(BAD_HELPERS[n.name], n.start);
  if (n.type === "Identifier" && MISSING_IDENTIFIERS.indexOf(n.name) >= 0) report(`${n.name} (undefined on Espruino)`, n.start);
  if (n.type === "Literal" && n.regex) {
    const p = regexProblem(n.regex.pattern);
    if (p) report(`${p}: /${n.regex.pattern}/`, n.start);
  }
  if ((n.type === "NewExpression" || n.type === "CallExpression") && n.callee.type === "Identifier" && n.callee.name === "RegExp" &&
      n.arguments[0] && n.arguments[0].type === "Literal" && typeof n.arguments[0].value === "string") {
    const p = regexProblem(n.arguments[0].value);
    if (p) report(`${p}: RegExp("${n.arguments[0].value}")`, n.start);
  }
  if (n.type === "MemberExpression") {
    const obj = n.object;
    // Built-in methods exist on instances only: X.prototype.method is undefined.
    if (obj.type === "MemberExpression" && memberName(obj) === "prototype" && obj.object.type === "Identifier" &&
        ["Array", "String", "Function"].indexOf(obj.object.name) >= 0) {
      report(`${obj.object.name}.prototype.${memberName(n)} (built-in prototype methods are undefined on Espruino; call it on an instance)`, n.start);
    }
    if (memberName(n) === "propertyIsEnumerable") report("propertyIsEnumerable (undefined on Espruino)", n.start);
    if (obj.type === "Identifier" && MISSING_GLOBALS[obj.name] && MISSING_GLOBALS[obj.name].indexOf(memberName(n) || "") >= 0) {
      report(`${obj.name}.${memberName(n)} (undefined on Espruino)`, n.start);
    }
  }
  if (n.type === "CallExpression" && memberName(n.callee) === "split" && n.arguments.length > 1) {
    report("split(separator, limit): Espruino ignores the limit", n.start);
  }
}

function lineOf(code: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < code.length; i++) if (code.charCodeAt(i) === 10) line++;
  return line;
}

/**
 * Every Espruino hazard in `code`, each with `source:line`. The bundle is read
 * as an ES5 script; a single module (`module` true) as the ES module tsc emits.
 */
export function checkBundle(code: string, source: string, module = false): Finding[] {
  const out: Finding[] = [];
  let ast: Node;
  try {
    ast = acorn.parse(code, module ? { ecmaVersion: 2015, sourceType: "module" } : { ecmaVersion: 5, sourceType: "script" }) as Node;
  } catch (e) {
    const err = e as Error & { pos?: number };
    return [{ construct: `not ES5: ${err.message}`, where: `${source}:${lineOf(code, err.pos || 0)}` }];
  }
  walk(ast, (n) => checkNode(n, (construct, at) => out.push({ construct, where: `${source}:${lineOf(code, at)}` })));
  return out;
}

export function formatFindings(findings: Finding[]): string {
  return findings.map((f) => `${f.where}: ${f.construct}`).join("\n");
}
