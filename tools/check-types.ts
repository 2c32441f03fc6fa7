// Hazards only the type checker can see in src/: Espruino throws on a string
// indexed at a negative position (`"\n"[-1]`: Field or method "-1" does not
// already exist; ../shared/espruino-facts.md section 1), so a string is never
// indexed with a computed position there. charAt() gives "" instead, and
// array indexing is unaffected.
import ts from "typescript";
import { relative } from "node:path";
import type { Finding } from "./check-bundle";

const STRING_INDEX = "string indexed with a computed position, s[i] (throws on Espruino when i < 0; use s.charAt(i))";

function isStringType(type: ts.Type): boolean {
  if (type.isUnion()) return type.types.every(isStringType);
  return (type.flags & ts.TypeFlags.StringLike) !== 0;
}

/** A position that cannot be negative: a literal number or a string key. */
function isFixedIndex(e: ts.Expression): boolean {
  return ts.isNumericLiteral(e) || ts.isStringLiteralLike(e);
}

/** Every computed index into a string in the device modules of `program`, with `file:line`. */
export function typeHazards(program: ts.Program, root: string, modules: string[]): Finding[] {
  const checker = program.getTypeChecker();
  const found: Finding[] = [];
  for (const file of modules) {
    const source = program.getSourceFile(file);
    if (!source) continue;
    const visit = (n: ts.Node): void => {
      if (ts.isElementAccessExpression(n) && !isFixedIndex(n.argumentExpression) && isStringType(checker.getTypeAtLocation(n.expression))) {
        const line = source.getLineAndCharacterOfPosition(n.getStart(source)).line + 1;
        found.push({ construct: STRING_INDEX, where: `${relative(root, file)}:${line}` });
      }
      ts.forEachChild(n, visit);
    };
    visit(source);
  }
  return found;
}
