// The one way the build tools visit an acorn syntax tree: every node, depth first.
import type * as acorn from "acorn";

export type Node = acorn.Node & Record<string, any>;

export function walk(node: Node, visit: (n: Node) => void): void {
  visit(node);
  for (const key of Object.keys(node)) {
    const v = (node as any)[key];
    if (Array.isArray(v)) {
      for (const c of v) if (c && typeof c.type === "string") walk(c, visit);
    } else if (v && typeof v.type === "string") walk(v, visit);
  }
}
