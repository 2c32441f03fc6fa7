// Espruino 2v29 skips a statement that starts with a string literal when it
// directly follows a block the interpreter skipped (an `if` that was false,
// the `else` of one that was true, a `catch` that did not run):
//   if (0) {}  "a" === r && (z = 1)   // z stays 0 on the board
// The minifier writes exactly that shape (`...}"transfer-encoding"===r&&...`),
// so the bundle gets a `;` in front of every such statement. Measured on the
// Espruino for Linux build, which shares the interpreter with the boards.
import * as acorn from "acorn";

import { Node, walk } from "./ast";

function eachStatementList(node: Node, visit: (list: Node[]) => void): void {
  walk(node, (n) => {
    if (n.type === "Program" || n.type === "BlockStatement") visit(n.body);
    if (n.type === "SwitchCase") visit(n.consequent);
  });
}

/** Offsets of statements that start with a string literal right after a `}`. */
export function stringStatementsAfterBlocks(code: string): number[] {
  const ast = acorn.parse(code, { ecmaVersion: 5, sourceType: "script" }) as Node;
  const at: number[] = [];
  eachStatementList(ast, (list) => {
    for (let i = 1; i < list.length; i++) {
      const s = list[i];
      const first = code.charAt(s.start);
      if (s.type === "ExpressionStatement" && (first === '"' || first === "'") && code.charAt(list[i - 1].end - 1) === "}") {
        at.push(s.start);
      }
    }
  });
  return at;
}

/** `code` with a `;` before each such statement, so the interpreter cannot lose it. */
export function protectStringStatements(code: string): string {
  const at = stringStatementsAfterBlocks(code);
  for (let i = at.length - 1; i >= 0; i--) code = code.slice(0, at[i]) + ";" + code.slice(at[i]);
  return code;
}
