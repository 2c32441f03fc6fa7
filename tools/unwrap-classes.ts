// tsc emits an ES5 class as a function run once that makes the constructor
// and its prototype's methods and returns the constructor:
//
//   var Parser = /** @class */ (function () {
//       function Parser(a) { ... }
//       Parser.prototype.push = function (d) { ... };
//       return Parser;
//   }());
//
// On Espruino every function made inside another keeps that function's scope
// as well as the one around it, in an array of scopes: 3 variable blocks more
// for each method, kept for the app's life (measured on 2v29 for Linux: a
// function one call deep costs 8 blocks against 5 at a module's top level).
// So the build puts the constructor and the prototype assignments at the
// module's own level, in the same order, where they run just the same. Only
// that exact shape is unwrapped; the lines stay where they were, so a
// finding's line is still the TypeScript one.
import * as acorn from "acorn";
import type { Node } from "./ast";

/** The class name if `decl` is tsc's class IIFE, with the statements inside it. */
function classIife(decl: Node): { name: string; body: Node[] } | null {
  if (decl.type !== "VariableDeclaration" || decl.declarations.length !== 1) return null;
  const d = decl.declarations[0];
  let call = d.init;
  if (call && call.type === "ParenthesizedExpression") call = call.expression;
  if (!call || call.type !== "CallExpression" || call.arguments.length) return null;
  let fn = call.callee;
  if (fn.type === "ParenthesizedExpression") fn = fn.expression;
  if (fn.type !== "FunctionExpression" || fn.params.length) return null;
  const name = d.id.name as string;
  const body = fn.body.body as Node[];
  const last = body[body.length - 1];
  const first = body[0];
  if (!first || first.type !== "FunctionDeclaration" || first.id.name !== name) return null;
  if (!last || last.type !== "ReturnStatement" || !last.argument || last.argument.name !== name) return null;
  const methods = body.slice(1, -1);
  if (!methods.every((s) => isPrototypeAssignment(s, name))) return null;
  return { name, body: body.slice(0, -1) };
}

/** `Name.prototype.x = ...;` */
function isPrototypeAssignment(s: Node, name: string): boolean {
  if (s.type !== "ExpressionStatement" || s.expression.type !== "AssignmentExpression") return false;
  const target = s.expression.left;
  return target.type === "MemberExpression" && target.object.type === "MemberExpression" &&
    target.object.object.type === "Identifier" && target.object.object.name === name &&
    target.object.property.name === "prototype";
}

/** `text` with every character but line ends blanked: the lines keep their numbers. */
function blank(text: string): string {
  return text.replace(/[^\n]/g, "");
}

/** An ES module's text (as tsc emits it) with its class IIFEs unwrapped. */
export function unwrapClasses(js: string): string {
  const ast = acorn.parse(js, { ecmaVersion: 2015, sourceType: "module", preserveParens: true }) as unknown as Node;
  let out = "";
  let at = 0;
  for (const s of ast.body as Node[]) {
    const c = classIife(s);
    if (!c) continue;
    const inner = c.body;
    out += js.slice(at, s.start) + blank(js.slice(s.start, inner[0].start));
    out += js.slice(inner[0].start, inner[inner.length - 1].end) + blank(js.slice(inner[inner.length - 1].end, s.end));
    at = s.end;
  }
  return out + js.slice(at);
}
