// Espruino does not hoist `var`: a variable exists from the moment its `var`
// statement runs, so a name used earlier in the same function means the
// outer variable of that name (measured on 2v29: `x = "s"; var x;` inside a
// function overwrites an outer x). The minifier relies on hoisting when one
// name is declared twice in a function (it drops one `var`), so this checks
// the minified bundle: in each function, no use of one of its own `var`
// names before the first declaration of that name.
import { Node } from "./ast";

/** The function's own nodes, not those of functions inside it. */
function ownNodes(body: Node, visit: (n: Node) => void): void {
  visit(body);
  for (const key of Object.keys(body)) {
    const v = (body as any)[key];
    for (const c of Array.isArray(v) ? v : [v]) {
      if (!c || typeof c.type !== "string") continue;
      if (c.type === "FunctionDeclaration" || c.type === "FunctionExpression") continue;
      ownNodes(c, visit);
    }
  }
}

/** Offsets of uses of a function's `var` names before their first `var` (none: []). */
function earlyUses(fn: Node): { name: string; at: number }[] {
  const declared = new Map<string, number>();
  const declarators = new Set<Node>();
  ownNodes(fn.body, (n) => {
    if (n.type === "VariableDeclarator" && n.id.type === "Identifier") {
      declarators.add(n.id);
      if (!declared.has(n.id.name) || declared.get(n.id.name)! > n.start) declared.set(n.id.name, n.start);
    }
  });
  for (const p of fn.params || []) declared.delete(p.name);
  const out: { name: string; at: number }[] = [];
  ownNodes(fn.body, (n) => {
    if (n.type === "MemberExpression" && !n.computed) n.property.skipName = true;
    if (n.type === "Property" && !n.computed) n.key.skipName = true;
    if (n.type !== "Identifier" || n.skipName || declarators.has(n)) return;
    const first = declared.get(n.name);
    if (first !== undefined && n.start < first) out.push({ name: n.name, at: n.start });
  });
  return out;
}

/** Every use of a `var` before its declaration in the same function, as [construct, offset]. */
export function usesBeforeVar(ast: Node): [string, number][] {
  const out: [string, number][] = [];
  const visit = (n: Node): void => {
    if (n.type === "FunctionDeclaration" || n.type === "FunctionExpression") {
      for (const u of earlyUses(n)) out.push([`"${u.name}" used before its var in the same function (Espruino does not hoist var: this is the outer ${u.name})`, u.at]);
    }
    for (const key of Object.keys(n)) {
      const v = (n as any)[key];
      for (const c of Array.isArray(v) ? v : [v]) if (c && typeof c.type === "string") visit(c);
    }
  };
  visit(ast);
  return out;
}
