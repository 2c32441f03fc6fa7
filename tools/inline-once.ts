// Functions marked `@once` in their doc comment are put at their call when
// the bundle calls them in one place (the module, which checks no settings),
// and kept as functions where it calls them in more (the app). On Espruino
// every function a program defines at its level costs about 5 variable
// blocks for as long as it is loaded, and one more per parameter (measured
// on 2v29 for Linux); a function's text in flash costs none. The source keeps
// its small functions; the bundle has fewer.
//
// Only where the program does the same, so the call must be a statement of
// its own: `f(a);`, `x = f(a);`, `var x = f(a);` or `return f(a);`, in a
// function and in no loop of it (the body then runs at most once per run of
// that function, as the call did). The function must not use `this` or
// `arguments` or declare functions (expressions are fine), and, except
// after `return f(a)`, may return only as its last statement. Its
// parameters and variables are renamed to names the program has nowhere,
// each parameter a `var` given its argument, in order; the names it takes
// from outside must mean the same at the call. Anything else is a build
// error naming the function.
import * as acorn from "acorn";
import { assignedNames, edited, isFunction, isPropertyName, locals, Node, walk } from "./ast";
import { UsageError } from "../board/profiles";

function fail(name: string, why: string): never {
  throw new UsageError(`@once function ${name}: ${why}`);
}

/** Whether `n`, under `key` of `parent`, names a variable (not a property, not a declared function's own name). */
function isReference(n: Node, parent: Node | null, key: string): boolean {
  return n.type === "Identifier" && !isPropertyName(parent, key) && !(parent && isFunction(parent) && key === "id");
}

const LOOP = /^(For|ForIn|While|DoWhile)Statement$/;

interface Site {
  call: Node;
  /** The statement that is the call, or assigns or returns it. */
  statement: Node;
  form: "call" | "assign" | "var" | "return";
  /** The functions the call is in, outermost first. */
  functions: Node[];
  /** The caught errors' names the call is in the blocks of. */
  caught: string[];
}

/** Where the program calls `fn`: null unless it names it exactly once. */
function siteOf(program: Node, fn: Node): Site | null {
  const refs: { n: Node; up: Node[] }[] = [];
  walk(program, (n, parent, key, functions, up) => {
    const mine = n !== fn.id && n.type === "Identifier" && n.name === fn.id.name && isReference(n, parent, key);
    if (mine && !functions.some((x) => locals(x).has(n.name))) refs.push({ n, up: up.slice() });
  });
  if (refs.length !== 1) return null;
  const name = fn.id.name;
  const { n, up } = refs[0];
  const call = up[up.length - 1];
  if (call.type !== "CallExpression" || call.callee !== n) fail(name, "it is used as a value, not called");
  const parent = up[up.length - 2];
  const grand = up[up.length - 3];
  let form: Site["form"] | null = null;
  let statement = parent;
  if (parent.type === "ExpressionStatement") form = "call";
  else if (parent.type === "ReturnStatement") form = "return";
  else if (parent.type === "AssignmentExpression" && parent.operator === "=" && parent.right === call && grand.type === "ExpressionStatement") [form, statement] = ["assign", grand];
  else if (parent.type === "VariableDeclarator" && grand.declarations.length === 1 && up[up.length - 4].type !== "ForStatement") [form, statement] = ["var", grand];
  if (!form) fail(name, "its call must be a statement: f(a); x = f(a); var x = f(a); or return f(a);");
  const functions = up.filter(isFunction);
  if (!functions.length) fail(name, "its call must be in a function");
  const inner = up.slice(up.indexOf(functions[functions.length - 1]));
  if (inner.some((x) => LOOP.test(x.type))) fail(name, "its call is in a loop");
  const caught = up.filter((x) => x.type === "CatchClause").map((x) => x.param.name);
  return { call, statement, form, functions, caught };
}

/**
 * The parameters that can take the argument's own name: the argument is a
 * variable of a function the call is in that is never assigned after its
 * declaration, and the body never assigns the parameter (a function made in
 * the body then sees the same value either way). The rest get a `var`.
 */
function passedByName(fn: Node, site: Site): Map<string, string> {
  const out = new Map<string, string>();
  const mine = assignedNames(fn.body);
  const args = site.call.arguments as Node[];
  (fn.params as Node[]).forEach((p, i) => {
    const a = args[i];
    if (!a || a.type !== "Identifier" || mine.has(p.name)) return;
    const owner = site.functions.slice().reverse().find((g) => locals(g).has(a.name));
    if (owner && !assignedNames(owner.body).has(a.name)) out.set(p.name, a.name);
  });
  return out;
}

/** The edits that rename `fn`'s own names in its body, and the names it takes from outside. */
function renamed(fn: Node, fresh: (name: string) => string, byName: Map<string, string>): { edits: [number, number, string][]; free: string[]; names: Map<string, string> } {
  const own = locals(fn);
  const names = new Map<string, string>();
  for (const l of own) names.set(l, byName.get(l) || fresh(l));
  const edits: [number, number, string][] = [];
  const free: string[] = [];
  walk(fn.body, (n, parent, key, inner) => {
    if (n.type === "ThisExpression" || (n.type === "Identifier" && n.name === "arguments")) {
      if (!inner.length) fail(fn.id.name, "it uses this or arguments");
    }
    if (n.type === "FunctionDeclaration") fail(fn.id.name, "it declares a function");
    if (n.type !== "Identifier" || !isReference(n, parent, key)) return;
    // A name an inner function declares for itself is that function's.
    if (inner.some((x) => locals(x).has(n.name))) return;
    if (names.has(n.name)) edits.push([n.start, n.end, names.get(n.name)!]);
    else if (free.indexOf(n.name) < 0) free.push(n.name);
  });
  return { edits, free, names };
}

/** The returns of `fn` outside its inner functions. */
function returns(fn: Node): Node[] {
  const out: Node[] = [];
  walk(fn.body, (n) => (isFunction(n) ? false : void (n.type === "ReturnStatement" && out.push(n))));
  return out;
}

/** The statement a block ends with, inside the blocks it ends with (a body put in place is one). */
function finalStatement(block: Node): Node | undefined {
  let last = (block.body as Node[])[block.body.length - 1];
  while (last && last.type === "BlockStatement") last = (last.body as Node[])[last.body.length - 1];
  return last;
}

/** The statement that takes the place of the call's. */
function replacement(code: string, fn: Node, site: Site, fresh: (name: string) => string): string {
  const name = fn.id.name;
  const byName = passedByName(fn, site);
  const { edits, free, names } = renamed(fn, fresh, byName);
  const shadowed = free.filter((f) => site.caught.indexOf(f) >= 0 || site.functions.some((g) => locals(g).has(f)));
  if (shadowed.length) fail(name, `its call is where ${shadowed.join(", ")} means something else`);
  const last = finalStatement(fn.body);
  const rets = returns(fn);
  if (site.form !== "return" && rets.some((r) => r !== last)) fail(name, "it returns before its end (only return f(a) may hold such a body)");
  let result = "void 0";
  if (last && last.type === "ReturnStatement" && site.form !== "return") {
    const within = (e: [number, number, string]) => e[0] >= last.start && e[1] <= last.end;
    const arg = last.argument;
    if (arg) result = edited(code.slice(arg.start, arg.end), arg.start, edits.filter(within));
    edits.splice(0, edits.length, ...edits.filter((e) => !within(e)), [last.start, last.end, ""]);
  }
  const inner = edited(code.slice(fn.body.start + 1, fn.body.end - 1), fn.body.start + 1, edits);
  const args = site.call.arguments as Node[];
  const params = (fn.params as Node[]).filter((p) => !byName.has(p.name)).map((p) => {
    const a = args[(fn.params as Node[]).indexOf(p)];
    return names.get(p.name)! + (a ? "=" + code.slice(a.start, a.end) : "");
  });
  const head = params.length ? "var " + params.join(",") + ";" : "";
  // Arguments past the parameters are still run, in order.
  const extra = args.slice(fn.params.length).map((a) => code.slice(a.start, a.end) + ";").join("");
  const s = site.statement;
  const tail = site.form === "call" ? (result === "void 0" ? "" : result + ";")
    : site.form === "assign" ? code.slice(s.expression.left.start, s.expression.left.end) + "=" + result + ";"
    : site.form === "var" ? "var " + s.declarations[0].id.name + "=" + result + ";"
    : last && last.type === "ReturnStatement" ? "" : "return;";
  return "{" + head + extra + inner + tail + "}";
}

/** `code` (ES5, as rollup joined it) with each function named in `names` that it calls in one place put at that place. */
export function inlineOnce(code: string, names: string[]): string {
  if (!names.length) return code;
  const taken = new Set<string>();
  for (const m of code.match(/[A-Za-z_$][\w$]*/g) || []) taken.add(m);
  let n = 0;
  const fresh = (name: string): string => {
    let out = `${name}$o${n++}`;
    while (taken.has(out)) out = `${name}$o${n++}`;
    taken.add(out);
    return out;
  };
  // One function a pass: a body put in place may hold the call of the next.
  for (const done = new Set<string>(); ;) {
    const program = acorn.parse(code, { ecmaVersion: 2015, sourceType: "module" }) as Node;
    const fns = (program.body as Node[]).filter((s) => s.type === "FunctionDeclaration" && !done.has(s.id.name) && names.indexOf(s.id.name.replace(/\$\d+$/, "")) >= 0);
    if (!fns.length) return code;
    const fn = fns[0];
    done.add(fn.id.name);
    const site = siteOf(program, fn);
    if (!site) continue;
    const by = replacement(code, fn, site, fresh);
    code = edited(code, 0, [[fn.start, fn.end, ""], [site.statement.start, site.statement.end, by]]);
  }
}
