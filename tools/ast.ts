// The one way the build tools visit an acorn syntax tree: every node, depth
// first, each with where it is: its parent, the key it is under there, the
// functions it is inside and all the nodes it is inside (both outermost
// first; the second is one array the walk changes as it goes: a visitor
// keeps a copy). A visitor that returns false skips the node's children.
import type * as acorn from "acorn";

export type Node = acorn.Node & Record<string, any>;

export type Visit = (n: Node, parent: Node | null, key: string, functions: Node[], up: Node[]) => void | boolean;

export function isFunction(n: Node): boolean {
  return n.type === "FunctionDeclaration" || n.type === "FunctionExpression";
}

export function walk(node: Node, visit: Visit, parent: Node | null = null, key = "", functions: Node[] = [], up: Node[] = []): void {
  if (visit(node, parent, key, functions, up) === false) return;
  const inside = isFunction(node) ? functions.concat([node]) : functions;
  up.push(node);
  for (const k of Object.keys(node)) {
    const v = (node as any)[k];
    if (Array.isArray(v)) {
      for (const c of v) if (c && typeof c.type === "string") walk(c, visit, node, k, inside, up);
    } else if (v && typeof v.type === "string") walk(v, visit, node, k, inside, up);
  }
  up.pop();
}

/** The names assigned anywhere under `node` (`x = ...`, `x += ...`, `x++`). */
export function assignedNames(node: Node): Set<string> {
  const out = new Set<string>();
  walk(node, (n) => {
    const target = n.type === "AssignmentExpression" ? n.left : n.type === "UpdateExpression" ? n.argument : null;
    if (target && target.type === "Identifier") out.add(target.name);
  });
  return out;
}

/** `text`, which starts at `offset` of the code, with each [start, end, replacement] of the code made in it (the edits must not overlap). */
export function edited(text: string, offset: number, edits: [number, number, string][]): string {
  for (const [start, end, by] of edits.sort((a, b) => b[0] - a[0])) text = text.slice(0, start - offset) + by + text.slice(end - offset);
  return text;
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
