// The one way the build tools visit an acorn syntax tree: every node, depth
// first, each with where it is: its parent, the key it is under there, and
// the functions it is inside (outermost first). A visitor that returns false
// skips the node's children.
import type * as acorn from "acorn";

export type Node = acorn.Node & Record<string, any>;

export type Visit = (n: Node, parent: Node | null, key: string, functions: Node[]) => void | boolean;

export function isFunction(n: Node): boolean {
  return n.type === "FunctionDeclaration" || n.type === "FunctionExpression";
}

export function walk(node: Node, visit: Visit, parent: Node | null = null, key = "", functions: Node[] = []): void {
  if (visit(node, parent, key, functions) === false) return;
  const inside = isFunction(node) ? functions.concat([node]) : functions;
  for (const k of Object.keys(node)) {
    const v = (node as any)[k];
    if (Array.isArray(v)) {
      for (const c of v) if (c && typeof c.type === "string") walk(c, visit, node, k, inside);
    } else if (v && typeof v.type === "string") walk(v, visit, node, k, inside);
  }
}

/**
 * The names a function declares for its whole body: its parameters, its
 * `var`s, the functions declared in it, a function expression's own name.
 * (A caught error's name holds in its block only: left out, so a use of the
 * top-level name elsewhere in the function is never missed.)
 */
export function locals(fn: Node): Set<string> {
  const out = new Set<string>((fn.params as Node[]).map((p) => p.name));
  if (fn.type === "FunctionExpression" && fn.id) out.add(fn.id.name);
  walk(fn.body, (n) => {
    if (n.type === "VariableDeclarator") out.add(n.id.name);
    if (n.type === "FunctionDeclaration") out.add(n.id.name);
    return !isFunction(n);
  });
  return out;
}

/** Whether the node under `key` of `parent` is a property's name (`o.name`, `{ name: v }`), not a variable's. */
export function isPropertyName(parent: Node | null, key: string): boolean {
  return !!parent && ((parent.type === "MemberExpression" && key === "property" && !parent.computed) || (parent.type === "Property" && key === "key"));
}
