// What a polling board adds to each outcome line, so a log read a day later
// says when: ` (poll 12, up 1h2m3s)`, and after a failure also when the next
// try comes, ` (poll 13, up 1h3m3s, next try in 40 s)`.

/** A time span, short: "3h4m5s", "4m5s", "0m5s". */
export function uptime(ms: number): string {
  const s = (ms / 1000) | 0;
  return (s >= 3600 ? ((s / 3600) | 0) + "h" : "") + (((s / 60) | 0) % 60) + "m" + (s % 60) + "s";
}

/** The suffix for poll `poll`, `upMs` after the app's start; `nextMs` only after a failure. */
export function pollNote(poll: number, upMs: number, nextMs: number): string {
  return " (poll " + poll + ", up " + uptime(upMs) + (nextMs ? ", next try in " + nextMs / 1000 + " s" : "") + ")";
}
