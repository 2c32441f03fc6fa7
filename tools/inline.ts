// Functions marked `@inline` in their doc comment are put in place where
// they are called, before the minifier runs: on Espruino a call costs about
// 29 K instructions (2v29 for Linux, callgrind), which on a path run per
// piece or per chunk is a few percent of a download, while the source keeps
// the rule in one place. (Terser's own /*@__INLINE__*/ moves the function,
// not its body: the call stays, on a function made each time.)
//
// Only what can be put in place without changing what the code does: the
// function's body is one `return` of an expression with no function in it,
// its parameters are names, and no function a call is in declares a name
// the expression takes from outside. Each call passes for each parameter a
// name, `this` or a literal; or a property read (`r.parser_`) where the
// expression calls nothing and assigns no such property; or any other
// expression for a parameter the expression reads once, always (not in a
// branch of `?:`, `&&`, `||`), before it calls or assigns anything, in the
// order of the parameters: so nothing is run twice, skipped or run in
// another order. Anything else is a build error naming the function: the
// mark promises a speed it cannot give.
import * as acorn from "acorn";
import { assignedNames, edited, isFunction, isPropertyName, locals, Node, walk } from "./ast";
import { UsageError } from "../board/profiles";

interface Marked {
  name: string;
  params: string[];
  expr: Node;
}

function fail(name: string, why: string): never {
  throw new UsageError(`@inline function ${name}: ${why}`);
}

/**
 * The names of the functions a TypeScript source marks: `@inline` (or
 * another `mark`: `@once`, tools/inline-once.ts) in the doc comment right
 * before `function` (tsc drops the comments, the build reads the marks here).
 */
export function markedNames(source: string, mark = "inline"): string[] {
  const out: string[] = [];
  const DOC_THEN_FUNCTION = /\/\*\*((?:(?!\*\/)[\s\S])*)\*\/\s*(?:export\s+)?function\s+([\w$]+)/g;
  const MARK = new RegExp("@" + mark + "\\b");
  for (let m = DOC_THEN_FUNCTION.exec(source); m; m = DOC_THEN_FUNCTION.exec(source)) if (MARK.test(m[1])) out.push(m[2]);
  return out;
}

/** The marked functions of the bundle (a name rollup made unique, name$1, counts too), each checked. */
function marked(program: Node, names: string[]): Marked[] {
  const out: Marked[] = [];
  walk(program, (n) => {
    if (n.type !== "FunctionDeclaration" || names.indexOf(n.id.name.replace(/\$\d+$/, "")) < 0) return;
    const name: string = n.id.name;
    const body = n.body.body as Node[];
    if (body.length !== 1 || body[0].type !== "ReturnStatement" || !body[0].argument) fail(name, "its body must be one return of an expression");
    let inner = false;
    walk(body[0].argument, (x) => void (inner = inner || isFunction(x)));
    if (inner) fail(name, "its expression makes a function");
    out.push({ name, params: (n.params as Node[]).map((p) => p.name), expr: body[0].argument });
  });
  return out;
}

/** The names `expr` reads (its identifiers that are not property names). */
function references(expr: Node): Node[] {
  const out: Node[] = [];
  walk(expr, (n, parent, key) => void (n.type === "Identifier" && !isPropertyName(parent, key) && out.push(n)));
  return out;
}

/**
 * The top-level names given a literal once and never assigned again, with
 * the literal's text: put in place as that text, so that a constant the
 * expression names is not left a variable once it is used in two places
 * (the minifier inlines a constant used once, and keeps one used more often
 * in a variable, which on Espruino takes a block of RAM while the app runs).
 * Not a pattern: its literal makes a new RegExp each time it is run (about
 * 45 K instructions on Espruino), with a lastIndex of its own.
 */
function constants(code: string, program: Node): Map<string, string> {
  const out = new Map<string, string>();
  for (const statement of program.body as Node[]) {
    if (statement.type !== "VariableDeclaration") continue;
    for (const d of statement.declarations as Node[]) if (d.init && d.init.type === "Literal" && !d.init.regex) out.set(d.id.name, code.slice(d.init.start, d.init.end));
  }
  for (const name of assignedNames(program)) out.delete(name);
  return out;
}

/** The nodes under `expr`, each with its key in its parent and its ancestors inside `expr`. */
function withAncestors(expr: Node): { n: Node; key: string; up: Node[] }[] {
  const out: { n: Node; key: string; up: Node[] }[] = [];
  walk(expr, (n, _parent, key, _functions, up) => void out.push({ n, key, up: up.slice() }));
  return out;
}

/**
 * Whether an argument goes in as it is, read wherever the parameter is: a
 * name, `this`, a literal, or a property read of those (`r.parser_`).
 */
function asIs(a: Node): boolean {
  let base = a;
  while (base.type === "MemberExpression" && !base.computed) base = base.object;
  return base.type === "Identifier" || base.type === "ThisExpression" || (base === a && base.type === "Literal");
}

const EFFECT = /^(CallExpression|NewExpression|AssignmentExpression|UpdateExpression)$/;

/** Why `arg` cannot stand for parameter `at` of `f` (see the top), or "" when it can. */
function argumentProblem(f: Marked, at: number, arg: Node, after: number): string {
  if (arg.type === "Identifier" || arg.type === "Literal" || arg.type === "ThisExpression") return "";
  const nodes = withAncestors(f.expr);
  const uses = nodes.filter((x) => x.n.type === "Identifier" && x.n.name === f.params[at] && !isPropertyName(x.up[x.up.length - 1] || null, x.key));
  if (asIs(arg)) {
    let member = arg;
    while (member.type === "MemberExpression") member = member.object;
    const prop = arg.property.name;
    const bad = nodes.some(({ n }) => n.type === "CallExpression" || n.type === "NewExpression" ||
      ((n.type === "AssignmentExpression" || n.type === "UpdateExpression") && assignsTo(n.type === "AssignmentExpression" ? n.left : n.argument, prop, member)));
    return bad ? "a property passed where the expression calls or assigns" : "";
  }
  if (uses.length !== 1) return "an expression passed for a parameter not read exactly once";
  const use = uses[0];
  const branch = use.up.some((u, i) => {
    const child = use.up[i + 1] || use.n;
    return (u.type === "ConditionalExpression" && child !== u.test) || (u.type === "LogicalExpression" && child === u.right);
  });
  if (branch) return "an expression passed for a parameter read in a branch";
  if (nodes.some(({ n }) => EFFECT.test(n.type) && n.end <= use.n.start)) return "an expression passed for a parameter read after a call or assignment";
  if (use.n.start < after) return "expressions passed out of the order they are read in";
  return "";
}

/** Whether `target` may be `base.prop` or `base` itself. */
function assignsTo(target: Node, prop: string, base: Node): boolean {
  if (target.type === "Identifier") return base.type === "Identifier" && target.name === base.name;
  return target.type === "MemberExpression" && (target.computed || target.property.name === prop);
}

/** The expression's text with each parameter replaced by the name or literal passed for it, each constant by its literal. */
function filled(code: string, f: Marked, args: Node[], known: Map<string, string>): string {
  const edits: [number, number, string][] = [];
  for (const n of references(f.expr)) {
    const at = f.params.indexOf(n.name);
    if (at >= 0) edits.push([n.start, n.end, asIs(args[at]) ? code.slice(args[at].start, args[at].end) : "(" + code.slice(args[at].start, args[at].end) + ")"]);
    else if (known.has(n.name)) edits.push([n.start, n.end, known.get(n.name)!]);
  }
  return "(" + edited(code.slice(f.expr.start, f.expr.end), f.expr.start, edits) + ")";
}

/**
 * `code` with every use of a top-level string constant (given a string once,
 * never assigned again) written as the string itself: the minifier keeps a
 * string used in two places in a variable, which on Espruino takes variable
 * blocks for as long as the code is loaded, while the text of a function
 * loaded from flash costs none.
 */
export function stringsInPlace(code: string): string {
  const program = acorn.parse(code, { ecmaVersion: 2015, sourceType: "module" }) as Node;
  const known = constants(code, program);
  for (const [name, text] of known) if (text[0] !== '"' && text[0] !== "'") known.delete(name);
  if (!known.size) return code;
  const edits: [number, number, string][] = [];
  walk(program, (n, parent, key, functions) => {
    if (n.type !== "Identifier" || !known.has(n.name) || isPropertyName(parent, key)) return;
    if (parent && parent.type === "VariableDeclarator" && key === "id") return;
    if (!functions.some((fn) => locals(fn).has(n.name))) edits.push([n.start, n.end, known.get(n.name)!]);
  });
  return edited(code, 0, edits);
}

/** `code` (ES5, as rollup joined it) with every call of a function named in `names` (markedNames) replaced by its expression. */
export function inlineMarked(code: string, names: string[]): string {
  // Again while a pass puts in place an expression that calls another.
  for (let next = inlinePass(code, names); next !== code; next = inlinePass(code, names)) code = next;
  return code;
}

function inlinePass(code: string, names: string[]): string {
  if (!names.length) return code;
  const program = acorn.parse(code, { ecmaVersion: 2015, sourceType: "module" }) as Node;
  const fns = marked(program, names);
  if (!fns.length) return code;
  const known = constants(code, program);
  const edits: [number, number, string][] = [];
  walk(program, (n, _parent, _key, functions) => {
    const f = n.type === "CallExpression" && n.callee.type === "Identifier" ? fns.find((x) => x.name === n.callee.name) : undefined;
    if (!f) return;
    const args = n.arguments as Node[];
    if (args.length !== f.params.length) fail(f.name, "a call must pass an argument for each parameter");
    let after = -1;
    args.forEach((a, i) => {
      const why = argumentProblem(f, i, a, after);
      if (why) fail(f.name, why);
      if (!asIs(a)) after = references(f.expr).find((r) => r.name === f.params[i])!.start;
    });
    const free = references(f.expr).map((r) => r.name).filter((name) => f.params.indexOf(name) < 0);
    const shadowed = free.filter((name, i) => free.indexOf(name) === i && functions.some((fn) => locals(fn).has(name)));
    if (shadowed.length) fail(f.name, `a call is where ${shadowed.join(", ")} means something else`);
    edits.push([n.start, n.end, filled(code, f, args, known)]);
    return false;
  });
  return edited(code, 0, edits);
}
