// What `npm start` shows: time-stamped lines as things happen, and the LED's
// timeline drawn at the end so the blinks are plain to see.

/** Columns of the drawn LED timeline. */
export const TIMELINE_WIDTH = 60;
const ON = "█";
const OFF = "·";

export function stamp(ms: number): string {
  return `[${String(Math.round(ms)).padStart(6)} ms]`;
}

/** One line of the live log: time, a short tag, then the text (multi-line text is indented). */
export function logLine(ms: number, tag: string, text: string): string {
  const head = `${stamp(ms)} ${tag.padEnd(5)} `;
  const pad = " ".repeat(head.length);
  const lines = text.replace(/\r\n/g, "\n").replace(/\n$/, "").split("\n");
  return lines.map((l, i) => (i === 0 ? head : pad) + l).join("\n");
}

export function ledText(on: boolean): string {
  return on ? "● on" : "○ off";
}

/**
 * The LED over [0, endMs] as one row of cells, each on if the LED was on at
 * any moment of it (a 150 ms blink still shows in a 10 s run).
 */
export function drawTimeline(states: { t: number; on: boolean }[], endMs: number, width = TIMELINE_WIDTH): string {
  const span = Math.max(endMs, 1);
  const cells: boolean[] = [];
  for (let i = 0; i < width; i++) {
    const from = (i * span) / width;
    const to = ((i + 1) * span) / width;
    cells.push(onDuring(states, from, to));
  }
  return cells.map((c) => (c ? ON : OFF)).join("");
}

function onDuring(states: { t: number; on: boolean }[], from: number, to: number): boolean {
  let on = false;
  for (const s of states) {
    if (s.t >= to) break;
    if (s.t >= from && s.on) return true;
    on = s.on;
  }
  return on;
}

/** The summary under the drawing: each change with its time. */
export function describeChanges(states: { t: number; on: boolean }[]): string {
  if (states.length === 0) return "the LED was never written";
  return states.map((s) => `${s.on ? "on" : "off"} at ${s.t} ms`).join(", ");
}
