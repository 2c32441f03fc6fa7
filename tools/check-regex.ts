// RegExp patterns Espruino's engine gets wrong without a word: they parse,
// then never match (or stop trying alternatives). Measured on Espruino 2v29
// for Linux, which shares the engine (src/jswrap_regexp.c) with the boards:
//   /ab?c/.test("abc")   false   any ? quantifier, lazy +? *? included
//   /(ab)+/.test("abab") false   any quantifier on a group: + * ? {n}
//   /a{2}/.test("aa")    false   {n} / {n,m}
//   /(?:a)/.test("a")    false   (?: groups, lookarounds
//   /^a|b/.test("xb")    false   a ^ alternative stops the later ones
// Character classes, + and * on single atoms, capture groups, plain
// alternatives (/a|b/, /x(a|b)y/), \d \s, i and g work.

/** What in `pattern` Espruino mishandles, or null when nothing does. */
export function regexProblem(pattern: string): string | null {
  // One entry per open group: whether its current alternative holds a `^`.
  const anchored: boolean[] = [false];
  let inClass = false;
  let afterGroup = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern.charAt(i);
    const closedGroup = afterGroup;
    afterGroup = false;
    if (c === "\\") {
      i++;
    } else if (inClass) {
      inClass = c !== "]";
    } else if (c === "[") {
      inClass = true;
    } else if (c === "(") {
      if (pattern.charAt(i + 1) === "?") return groupPrefixProblem(pattern.charAt(i + 2));
      anchored.push(false);
    } else if (c === ")" && anchored.length > 1) {
      if (anchored.pop()) anchored[anchored.length - 1] = true;
      afterGroup = true;
    } else {
      const p = operatorProblem(c, pattern.slice(i), closedGroup, anchored);
      if (p) return p;
    }
  }
  return null;
}

function groupPrefixProblem(kind: string): string {
  return kind === ":" ? "RegExp non-capturing group (?:...) never matches on Espruino" : "RegExp lookaround (?=, (?!, (?<) is not supported on Espruino";
}

function operatorProblem(c: string, rest: string, closedGroup: boolean, anchored: boolean[]): string | null {
  const quantifier = c === "*" || c === "+" || c === "?" || /^\{[0-9]+(,[0-9]*)?\}/.test(rest);
  if (quantifier && closedGroup) return "RegExp quantifier on a group, (...)+ (...)* (...)? (...){n}, never matches on Espruino";
  if (c === "?") return "RegExp ? quantifier (optional, or lazy +? *?) never matches on Espruino";
  if (c === "{" && quantifier) return "RegExp {n} / {n,m} quantifier never matches on Espruino";
  if (c === "^") anchored[anchored.length - 1] = true;
  if (c === "|" && anchored[anchored.length - 1]) {
    return "RegExp alternative with ^ followed by another alternative (Espruino never tries the later ones; put the ^ alternative last or use two regexes)";
  }
  return null;
}
