// A cost count that predicts time on the Espruino interpreter. Espruino runs
// JavaScript straight from its source text: every statement it executes is
// lexed token by token, and so is every statement it skips (the branch of an
// `if` not taken, a loop body when the test fails, a function body when the
// closure is created). So two numbers predict its cost far better than time
// under V8 does:
//
//   statements  executed statements (and `calls`: function bodies entered)
//   tokens      tokens lexed: those of each executed statement, plus those of
//               the branches and loop bodies it skipped, plus loop tests and
//               updates on every iteration
//
// Native work (indexOf, substring, string concatenation on a 536-byte chunk)
// runs in C and is not counted: a design that moves work from JavaScript
// statements into single native calls is exactly what this rewards.
//
// instrument() rewrites ES5 code so that it counts into a global object
// (COUNTER) as it runs. Not modelled: the skipped operands of `&&`, `||` and
// `?:`, and the cases of a `switch` that do not match.

import * as acorn from "acorn";

export const COUNTER = "__cost";

export interface Cost {
  statements: number;
  tokens: number;
  calls: number;
}

/** The counter the instrumented code expects as the global COUNTER. */
export interface CostCounter extends Cost {
  /** Tokens by the function they were lexed in: its start offset in the code (-1: top level). */
  byFunction: Record<number, number>;
  /** n tokens lexed in function fn. */
  t(fn: number, n: number): void;
  /** An if-test: v, and the tokens of the branch it makes the lexer skip. */
  b(v: unknown, skipIfTrue: number, skipIfFalse: number, fn: number): unknown;
  /** A loop test: v; the test's tokens each time, the body's once when it ends the loop. */
  w(v: unknown, testTokens: number, bodyTokens: number, fn: number): unknown;
}

export function newCounter(): CostCounter {
  const c: CostCounter = {
    statements: 0,
    tokens: 0,
    calls: 0,
    byFunction: {},
    t(fn, n) {
      c.tokens += n;
      c.byFunction[fn] = (c.byFunction[fn] || 0) + n;
    },
    b(v, skipIfTrue, skipIfFalse, fn) {
      c.t(fn, v ? skipIfTrue : skipIfFalse);
      return v;
    },
    w(v, testTokens, bodyTokens, fn) {
      c.t(fn, testTokens + (v ? 0 : bodyTokens));
      return v;
    },
  };
  return c;
}

/** The functions that lexed the most tokens, each labelled with the start of its text. */
export function topFunctions(code: string, c: CostCounter, count: number, per: number): { fn: string; tokens: number }[] {
  return Object.keys(c.byFunction)
    .map((k) => ({ at: Number(k), tokens: c.byFunction[Number(k)] / per }))
    .sort((a, b) => b.tokens - a.tokens)
    .slice(0, count)
    .map((x) => ({ fn: x.at < 0 ? "(top level)" : code.substring(x.at, x.at + 60).replace(/\s+/g, " "), tokens: x.tokens }));
}

export function snapshot(c: Cost): Cost {
  return { statements: c.statements, tokens: c.tokens, calls: c.calls };
}

export function minus(a: Cost, b: Cost): Cost {
  return { statements: a.statements - b.statements, tokens: a.tokens - b.tokens, calls: a.calls - b.calls };
}

type Node = acorn.Node & Record<string, any>;

interface Edit {
  pos: number;
  seq: number;
  text: string;
}

const FUNCTIONS = ["FunctionDeclaration", "FunctionExpression", "ArrowFunctionExpression"];
const LOOPS = ["WhileStatement", "DoWhileStatement", "ForStatement", "ForInStatement"];

function isNode(x: unknown): x is Node {
  return !!x && typeof (x as Node).type === "string" && typeof (x as Node).start === "number";
}

function children(n: Node): Node[] {
  const out: Node[] = [];
  for (const key of Object.keys(n)) {
    const v = n[key];
    if (Array.isArray(v)) for (const x of v) if (isNode(x)) out.push(x);
    if (isNode(v)) out.push(v);
  }
  return out;
}

/** Rewrites ES5 source so that running it counts its cost into the global COUNTER. */
export function instrument(code: string): string {
  const starts: number[] = [];
  for (const t of acorn.tokenizer(code, { ecmaVersion: 2020 })) starts.push(t.start);
  const tokens = (a: number, b: number) => lowerBound(starts, b) - lowerBound(starts, a);
  const size = (n: Node | null | undefined) => (n ? tokens(n.start, n.end) : 0);
  const edits: Edit[] = [];
  let seq = 0;
  const insert = (pos: number, text: string) => edits.push({ pos, seq: seq++, text });

  // The statements nested directly in n (not in a nested function): each of
  // those counts itself, so n's own tokens exclude them.
  function nested(n: Node, out: Node[]): Node[] {
    for (const c of children(n)) {
      if (FUNCTIONS.indexOf(c.type) >= 0) continue;
      if (isCounted(c)) out.push(c);
      else nested(c, out);
    }
    return out;
  }

  const counted = new Set<Node>();
  const isCounted = (n: Node) => counted.has(n);

  // Pass 1: mark every statement that gets its own counter.
  function mark(n: Node): void {
    const lists: Node[][] = [];
    if (n.type === "Program" || n.type === "BlockStatement") lists.push(n.body);
    if (n.type === "SwitchCase") lists.push(n.consequent);
    for (const list of lists) for (const s of list) if (!s.directive && s.type !== "BlockStatement") counted.add(s);
    for (const key of ["consequent", "alternate", "body"]) {
      const b = n[key];
      if (isNode(b) && n.type !== "SwitchCase" && FUNCTIONS.indexOf(n.type) < 0 && b.type !== "BlockStatement" && /Statement|Declaration/.test(b.type)) counted.add(b);
    }
    for (const c of children(n)) mark(c);
  }

  // Pass 2: the edits. `fn`: start of the function the node is in (-1: top level).
  function edit(n: Node, fn: number): void {
    if (counted.has(n)) {
      // A function declaration is lexed whole where it stands (to find its end).
      const inner = n.type === "FunctionDeclaration" ? 0 : nested(n, []).reduce((sum, s) => sum + size(s), 0);
      const own = size(n) - inner - loopTokens(n);
      const wrap = !isListed(n);
      if (wrap) insert(n.start, "{");
      insert(n.start, `${COUNTER}.statements++;${COUNTER}.t(${fn},${own});`);
      if (wrap) insert(n.end, "}");
    }
    if (n.type === "IfStatement") {
      insert(n.test.start, `${COUNTER}.b((`);
      insert(n.test.end, `),${size(n.alternate)},${size(n.consequent)},${fn})`);
    }
    if (LOOPS.indexOf(n.type) >= 0 && n.test) {
      insert(n.test.start, `${COUNTER}.w((`);
      insert(n.test.end, `),${size(n.test)},${size(n.body)},${fn})`);
    }
    if (n.type === "ForStatement" && n.update) {
      insert(n.update.start, `(${COUNTER}.t(${fn},${size(n.update)}),`);
      insert(n.update.end, ")");
    }
    if (FUNCTIONS.indexOf(n.type) >= 0 && n.body.type === "BlockStatement") {
      const body: Node[] = n.body.body;
      let at = n.body.start + 1;
      for (const s of body) if (s.directive) at = s.end;
      insert(at, `${COUNTER}.calls++;`);
    }
    const inner = FUNCTIONS.indexOf(n.type) >= 0 ? n.start : fn;
    for (const c of children(n)) edit(c, inner);
  }

  // Loop tests and updates are counted by w() and the update wrapper, each time.
  function loopTokens(n: Node): number {
    if (LOOPS.indexOf(n.type) < 0) return 0;
    return size(n.test) + (n.type === "ForStatement" ? size(n.update) : 0);
  }

  const listed = new Set<Node>();
  const isListed = (n: Node) => listed.has(n);
  function collectListed(n: Node): void {
    if (n.type === "Program" || n.type === "BlockStatement") for (const s of n.body) listed.add(s);
    if (n.type === "SwitchCase") for (const s of n.consequent) listed.add(s);
    for (const c of children(n)) collectListed(c);
  }

  const ast = acorn.parse(code, { ecmaVersion: 2020 }) as unknown as Node;
  mark(ast);
  collectListed(ast);
  edit(ast, -1);
  // Same position: the edit made first ends up first in the text.
  edits.sort((a, b) => b.pos - a.pos || b.seq - a.seq);
  let out = code;
  for (const e of edits) out = out.slice(0, e.pos) + e.text + out.slice(e.pos);
  return out;
}

function lowerBound(a: number[], x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
