// Maps a line and column of tsc's ES5 output back to the TypeScript line it
// came from, using the source map tsc writes, so a hazard found in the
// compiled code is reported where the author can fix it.

const BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const VLQ_SHIFT = 5;
const VLQ_CONTINUE = 32;
const VLQ_MASK = 31;

/** The numbers of one mapping segment (base64 VLQ, sign in the lowest bit). */
function decodeSegment(segment: string): number[] {
  const out: number[] = [];
  let value = 0;
  let shift = 0;
  for (let i = 0; i < segment.length; i++) {
    const digit = BASE64.indexOf(segment.charAt(i));
    value += (digit & VLQ_MASK) << shift;
    if (digit & VLQ_CONTINUE) {
      shift += VLQ_SHIFT;
    } else {
      out.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
  }
  return out;
}

/** Per generated line: [generated column, source line] pairs, in column order. */
function decodeMappings(mappings: string): [number, number][][] {
  let sourceLine = 0;
  return mappings.split(";").map((line) => {
    let column = 0;
    const pairs: [number, number][] = [];
    for (const segment of line.split(",")) {
      if (!segment) continue;
      const f = decodeSegment(segment);
      column += f[0];
      if (f.length < 4) continue;
      sourceLine += f[2];
      pairs.push([column, sourceLine]);
    }
    return pairs;
  });
}

/** (1-based line, 0-based column) of the output -> 1-based source line, or null. */
export function sourceLineMapper(mappings: string): (line: number, column: number) => number | null {
  const lines = decodeMappings(mappings);
  return (line, column) => {
    const pairs = lines[line - 1] || [];
    let found: number | null = null;
    for (const [c, source] of pairs) if (c <= column) found = source + 1;
    if (found === null && pairs.length) found = pairs[0][1] + 1;
    return found;
  };
}
