// Refuses JavaScript that the Espruino interpreter would reject at load or,
// worse, run wrongly (README, "Writing device code", lists them; the built-ins
// it lacks are board/espruino-lacks.ts). It
// reads the code as ES5 with acorn, so anything newer fails here too.
import * as acorn from "acorn";
import { stringStatementsAfterBlocks } from "./string-statements";
import { regexProblem } from "./check-regex";
import { Node, walk } from "./ast";
import { MISSING_GLOBALS, MISSING_MEMBERS, MISSING_METHODS } from "../board/espruino-lacks";
import { usesBeforeVar } from "./check-hoisting";
import { KEYWORD_NAMES } from "../board/espruino-globals";

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


function memberName(n: Node): string | null {
  if (n.type !== "MemberExpression") return null;
  if (n.computed) return n.property.type === "Literal" ? String(n.property.value) : null;
  return n.property.name;
}

/** The names `n` declares: a variable, a function and its parameters, a caught error. */
function declaredNames(n: Node): Node[] {
  if (n.type === "VariableDeclarator") return [n.id];
  if (n.type === "FunctionDeclaration" || n.type === "FunctionExpression") return (n.id ? [n.id] : []).concat(n.params);
  if (n.type === "CatchClause" && n.param) return [n.param];
  return [];
}

function checkNode(n: Node, report: (construct: string, at: number) => void): void {
  for (const id of declaredNames(n)) {
    if (id.type === "Identifier" && KEYWORD_NAMES.indexOf(id.name) >= 0) report(`a variable named ${id.name} (a keyword to Espruino's lexer: the file fails to load)`, id.start);
  }
  if (n.type === "LabeledStatement") report("labelled statement (ReferenceError on Espruino)", n.start);
  // Helpers are reported where they are called, which maps to the source line.
  if (n.type === "CallExpression" && n.callee.type === "Identifier" && BAD_HELPERS[n.callee.name]) report(BAD_HELPERS[n.callee.name], n.start);
  if (n.type === "Identifier" && MISSING_GLOBALS.indexOf(n.name) >= 0) report(`${n.name} (undefined on Espruino)`, n.start);
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
    if (MISSING_METHODS.indexOf(memberName(n) || "") >= 0) report(`${memberName(n)} (undefined on Espruino)`, n.start);
    if (obj.type === "Identifier" && MISSING_MEMBERS[obj.name] && MISSING_MEMBERS[obj.name].indexOf(memberName(n) || "") >= 0) {
      report(`${obj.name}.${memberName(n)} (undefined on Espruino)`, n.start);
    }
  }
  // Espruino's indexOf with a needle of several characters can match past the
  // end of the string ("abc".indexOf("cde") is 2 there): compare substrings.
  if (n.type === "CallExpression" && ["indexOf", "lastIndexOf"].indexOf(memberName(n.callee) || "") >= 0) {
    const needle = n.arguments[0];
    if ((needle && needle.type === "Literal" && typeof needle.value === "string" && needle.value.length > 1) ||
        (n.callee.object.type === "Literal" && typeof n.callee.object.value === "string")) {
      report("indexOf with a multi-character needle (can match past the end of the string on Espruino)", n.start);
    }
  }
  if (n.type === "CallExpression" && memberName(n.callee) === "split" && n.arguments.length > 1) {
    report("split(separator, limit): Espruino ignores the limit", n.start);
  }
}

/** 1-based line and 0-based column of `offset`. */
function placeOf(code: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset && i < code.length; i++) {
    if (code.charCodeAt(i) === 10) {
      line++;
      start = i + 1;
    }
  }
  return { line, column: offset - start };
}

/** Maps a place in the checked code to a line of the file it came from (a source map). */
export type LineMapper = (line: number, column: number) => number | null;

/**
 * Every Espruino hazard in `code`, each with `source:line`. The bundle is read
 * as an ES5 script; a single module (`module` true) as the ES module tsc
 * emits, with `mapLine` giving the TypeScript line.
 */
export function checkBundle(code: string, source: string, module = false, mapLine?: LineMapper): Finding[] {
  const lineOf = (offset: number): number | null => {
    const p = placeOf(code, offset);
    return mapLine ? mapLine(p.line, p.column) : p.line;
  };
  let ast: Node;
  try {
    ast = acorn.parse(code, module ? { ecmaVersion: 2015, sourceType: "module" } : { ecmaVersion: 5, sourceType: "script" }) as Node;
  } catch (e) {
    const err = e as Error & { pos?: number };
    const line = lineOf(err.pos || 0);
    return [{ construct: `not ES5: ${err.message.replace(/ \([0-9]+:[0-9]+\)$/, "")}`, where: `${source}:${line === null ? "?" : line}` }];
  }
  const found: { line: number; construct: string }[] = [];
  walk(ast, (n) => checkNode(n, (construct, at) => {
    const line = lineOf(at);
    // No source line: the inside of a helper tsc added, reported where it is called.
    if (line !== null && !found.some((f) => f.line === line && f.construct === construct)) found.push({ line, construct });
  }));
  for (const [construct, at] of usesBeforeVar(ast)) {
    const line = lineOf(at);
    if (line !== null && !found.some((f) => f.line === line && f.construct === construct)) found.push({ line, construct });
  }
  if (!module) {
    for (const at of stringStatementsAfterBlocks(code)) {
      found.push({ line: lineOf(at) || 0, construct: "statement starting with a string right after a block (Espruino skips it; tools/string-statements.ts adds a ;)" });
    }
  }
  found.sort((a, b) => a.line - b.line);
  return found.map((f) => ({ construct: f.construct, where: `${source}:${f.line}` }));
}

export function formatFindings(findings: Finding[]): string {
  return findings.map((f) => `${f.where}: ${f.construct}`).join("\n");
}
