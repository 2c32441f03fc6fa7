// From token counts to time on the interpreter, against Espruino's own C
// http module. Calibrated once on Espruino 2v29 for Linux (x86-64), fetching
// 256 KiB from a server on the same machine, medians of 11 runs:
//
//   raw net socket, no parsing       16.4 ms (Content-Length) 17.0 ms (chunked)
//   Espruino's C http module         19.5 ms                  45.6 ms
//   build/app.js                     84 ms                    179 ms
//
// The app's time less the raw socket's, divided by the tokens it lexed (see
// cost-counter.ts), gave 0.51 and 0.45 microseconds per token: one constant
// explains both framings. Later builds, same machine, best of 8 runs each,
// interleaved: C module 13-16 ms / 32-35 ms, raw socket 12-13 ms, build/app.js
// 22-23 ms / 68 ms (1.4x and 2.1x). Tokens miss one cost: regular
// expressions. Espruino's engine backtracks hard over starred groups in a
// row (the old URL pattern took 6 ms a call, a chunk-size line's two tests
// 60 us), so the hot paths avoid regexes rather than trusting this count.
// A board's CPU is slower than a PC, but by a similar
// factor for the socket layer, the C module and the interpreter alike, so the
// ratio to the C module carries over; the milliseconds do not.

export const CALIBRATION = {
  rawMs: { "content-length": 16.4, chunked: 17.0 },
  httpModuleMs: { "content-length": 19.5, chunked: 45.6 },
  usPerToken: 0.48,
};

/** Targets: within 1.3x of the C module with Content-Length, no slower than it chunked. */
export const TARGET_RATIO = { "content-length": 1.3, chunked: 1.0 };

export type FramingName = keyof typeof TARGET_RATIO;

/** Predicted time for 256 KiB, as a multiple of the C http module's. */
export function predictedRatio(framing: FramingName, tokensPerKib: number, kib: number): number {
  const ms = CALIBRATION.rawMs[framing] + (tokensPerKib * kib * CALIBRATION.usPerToken) / 1000;
  return ms / CALIBRATION.httpModuleMs[framing];
}
