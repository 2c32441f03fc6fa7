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
import { isFunction, isPropertyName, locals, Node, walk } from "./ast";

/** A name's use: the functions it is in, outermost first (none: the top level). */
interface Use {
  name: string;
  functions: Node[];
}

/** The names of the start-only top-level functions of an ES5 program. */
export function startOnlyFunctions(code: string): string[] {
  const ast = acorn.parse(code, { ecmaVersion: 5, sourceType: "script" }) as unknown as Node;
  const top = new Map<string, Node>();
  for (const s of ast.body as Node[]) if (s.type === "FunctionDeclaration") top.set(s.id.name, s);
  // Function expressions called where they are made, `function(){...}()`, and every use of a top-level name.
  const inPlace = new Set<Node>();
  const scopes = new Map<Node, Set<string>>();
  const all: Use[] = [];
  walk(ast, (n, parent, key, functions) => {
    if (n.type === "CallExpression" && n.callee.type === "FunctionExpression") inPlace.add(n.callee);
    if (n.type !== "Identifier" || !top.has(n.name)) return;
    const declared = parent && (isFunction(parent) || parent.type === "VariableDeclarator") && key === "id";
    const shadowed = functions.some((f) => {
      if (!scopes.has(f)) scopes.set(f, locals(f));
      return scopes.get(f)!.has(n.name);
    });
    if (!declared && !isPropertyName(parent, key) && !shadowed) all.push({ name: n.name, functions });
  });
  const candidates = new Set(all.map((u) => u.name));
  // Runs only at load: the top level, an IIFE there, or a start-only function's own body.
  const atLoad = (functions: Node[]): boolean => {
    for (let i = functions.length - 1; i >= 0; i--) {
      const f = functions[i];
      if (f.type === "FunctionDeclaration" && top.get(f.id.name) === f) return candidates.has(f.id.name);
      if (!inPlace.has(f)) return false;
    }
    return true;
  };
  for (let changed = true; changed; ) {
    changed = false;
    for (const name of Array.from(candidates)) {
      if (!all.every((u) => u.name !== name || atLoad(u.functions))) {
        candidates.delete(name);
        changed = true;
      }
    }
  }
  return Array.from(candidates);
}

/** `code` with a last statement that lets the board free its start-only functions. */
export function freeStartOnly(code: string): string {
  const names = startOnlyFunctions(code);
  return names.length ? code + names.join("=") + "=void 0;" : code;
}
