// JSON.parse keeps the last of two equal keys without a word: a config with
// "ssid" twice would build with the one the user did not look at. This finds
// such keys in JSON text that already parsed, with their path.

/** The keys given twice in one object, as dotted paths ("ssid", "headers.Accept"), in order. */
export function duplicateKeys(text: string): string[] {
  const found: string[] = [];
  // One entry per open object or array: its keys so far, the key being read.
  const stack: { keys: Set<string> | null; key: string }[] = [];
  const STRING = /"(?:[^"\\]|\\.)*"/y;
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '"') {
      STRING.lastIndex = i;
      const m = STRING.exec(text)!;
      i += m[0].length;
      const top = stack[stack.length - 1];
      if (top && top.keys && /^\s*:/.test(text.slice(i, i + 40))) {
        const key: string = JSON.parse(m[0]);
        const path = stack.filter((s) => s.keys).map((s) => s.key).slice(0, -1).concat(key).join(".");
        if (top.keys.has(key)) found.push(path);
        top.keys.add(key);
        top.key = key;
      }
      continue;
    }
    if (c === "{" || c === "[") stack.push({ keys: c === "{" ? new Set() : null, key: "" });
    else if (c === "}" || c === "]") stack.pop();
    i++;
  }
  return found;
}
