// Functions at the top level of the app that only its start uses: made once
// at load, then kept for the app's life by their names alone, though nothing
// calls them again (createApp, createLed, createWifi: what they made lives on
// in the closures they returned). On Espruino each costs about 5 variable
// blocks and one more per parameter; setting the name to undefined once the
// start is over frees it (measured on 2v29 for Linux: two functions of three
// parameters, 11 blocks).
//
// A top-level function is start-only when every use of its name is in code
// that runs only while the file loads: the top-level statements, the body of
// a function called right there (an IIFE), or the body of another start-only
// function (not a function made inside it: that may run at any time). Taken
// as a value there is fine: whoever holds it keeps it, only the name goes.
import * as acorn from "acorn";
import type { Node } from "./ast";

type Scope = Node | null;

function isFunction(n: Node): boolean {
  return n.type === "FunctionDeclaration" || n.type === "FunctionExpression";
}

/**
 * The names a function declares for its whole body: its parameters, its
 * `var`s, the functions declared in it, a function expression's own name.
 * (A caught error's name holds in its block only: left out, so a use of the
 * top-level name elsewhere in the function is never missed.)
 */
function locals(fn: Node): Set<string> {
  const out = new Set<string>((fn.params as Node[]).map((p) => p.name));
  if (fn.type === "FunctionExpression" && fn.id) out.add(fn.id.name);
  const visit = (n: Node): void => {
    if (n.type === "VariableDeclarator") out.add(n.id.name);
    if (n.type === "FunctionDeclaration") return void out.add(n.id.name);
    if (n.type === "FunctionExpression") return;
    for (const k of Object.keys(n)) {
      const v = (n as any)[k];
      for (const c of Array.isArray(v) ? v : [v]) if (c && typeof c.type === "string") visit(c);
    }
  };
  visit(fn.body);
  return out;
}

/** Every use of a top-level name, with the function it is in (null: the top level). */
function uses(ast: Node): { name: string; fn: Scope }[] {
  const out: { name: string; fn: Scope }[] = [];
  const visit = (n: Node, chain: { fn: Node; names: Set<string> }[], parent: Node | null, key: string): void => {
    if (n.type === "Identifier") {
      const declared = parent && (isFunction(parent) || parent.type === "VariableDeclarator") && key === "id";
      const property = parent && ((parent.type === "MemberExpression" && key === "property" && !parent.computed) || (parent.type === "Property" && key === "key"));
      const shadowed = chain.some((c) => c.names.has(n.name));
      if (!declared && !property && !shadowed) out.push({ name: n.name, fn: chain.length ? chain[chain.length - 1].fn : null });
    }
    const inner = isFunction(n) ? chain.concat([{ fn: n, names: locals(n) }]) : chain;
    for (const k of Object.keys(n)) {
      const v = (n as any)[k];
      for (const c of Array.isArray(v) ? v : [v]) if (c && typeof c.type === "string") visit(c, inner, n, k);
    }
  };
  visit(ast, [], null, "");
  return out;
}

/** Function expressions called where they are made: `function(){...}()`. */
function calledInPlace(ast: Node): Set<Node> {
  const out = new Set<Node>();
  const visit = (n: Node): void => {
    if (n.type === "CallExpression" && n.callee.type === "FunctionExpression") out.add(n.callee);
    for (const k of Object.keys(n)) {
      const v = (n as any)[k];
      for (const c of Array.isArray(v) ? v : [v]) if (c && typeof c.type === "string") visit(c);
    }
  };
  visit(ast);
  return out;
}

/** The names of the start-only top-level functions of an ES5 program. */
export function startOnlyFunctions(code: string): string[] {
  const ast = acorn.parse(code, { ecmaVersion: 5, sourceType: "script" }) as unknown as Node;
  const top = new Map<string, Node>();
  for (const s of ast.body as Node[]) if (s.type === "FunctionDeclaration") top.set(s.id.name, s);
  const inPlace = calledInPlace(ast);
  const all = uses(ast).filter((u) => top.has(u.name));
  // The parent function of each function node, to tell an IIFE at load from one inside a callback.
  const parents = new Map<Node, Scope>();
  const mark = (n: Node, fn: Scope): void => {
    if (isFunction(n)) parents.set(n, fn);
    const inner = isFunction(n) ? n : fn;
    for (const k of Object.keys(n)) {
      const v = (n as any)[k];
      for (const c of Array.isArray(v) ? v : [v]) if (c && typeof c.type === "string") mark(c, inner);
    }
  };
  mark(ast, null);
  const candidates = new Set(top.keys());
  // Runs only at load: the top level, an IIFE there, or a start-only function's own body.
  const atLoad = (fn: Scope): boolean => {
    for (let f = fn; ; f = parents.get(f!) || null) {
      if (f === null) return true;
      if (f.type === "FunctionDeclaration" && top.get(f.id.name) === f) return candidates.has(f.id.name);
      if (!inPlace.has(f)) return false;
    }
  };
  for (let changed = true; changed; ) {
    changed = false;
    for (const name of Array.from(candidates)) {
      if (!all.every((u) => u.name !== name || atLoad(u.fn))) {
        candidates.delete(name);
        changed = true;
      }
    }
  }
  return Array.from(candidates).filter((name) => all.some((u) => u.name === name));
}

/** `code` with a last statement that lets the board free its start-only functions. */
export function freeStartOnly(code: string): string {
  const names = startOnlyFunctions(code);
  return names.length ? code + names.join("=") + "=void 0;" : code;
}
