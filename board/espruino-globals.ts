// Names a program must leave alone on Espruino: the one table read by the
// build's minifier (tools/compile.ts never gives a variable one of them) and
// by the hazard check (tools/check-bundle.ts refuses a variable named one of
// KEYWORD_NAMES).
//
// The app's functions and variables live at the top level of the board's
// root scope (tools/compile.ts says why), where the interpreter's own names
// are too: a variable there named like a pin hides the pin from the console.

/**
 * Words Espruino 2v29's lexer reads as keywords though JavaScript allows them
 * as names: `var of=3` fails with "Got of expected EOF", a parameter named
 * `of` with "Got of expected ID" (measured on 2v29 for Linux; `let` and
 * `static` the same). As property names they work.
 */
export const KEYWORD_NAMES = ["of", "let", "static"];

/** Pin names: a port letter and a number (A0..H15 on STM32 boards, D0..D40 on ESP32 and ESP8266). */
function pinNames(): string[] {
  const out: string[] = [];
  for (const port of "ABCDEFGH") for (let i = 0; i < 64; i++) out.push(port + i);
  return out;
}

/**
 * Espruino's global names short enough for the minifier to make (it gives out
 * one and two letters long before three): `E` (measured on 2v29 for Linux:
 * of every one- and two-character name, only E and D0..D9 are defined), the
 * pins of every board, and the three-letter ones of the boards' references.
 */
export const SHORT_GLOBALS = ["E", "BTN", "LED", "USB", "SPI", "I2C", "NaN"].concat(pinNames());

/** What the minifier must never name a variable. */
export const RESERVED_NAMES = KEYWORD_NAMES.concat(SHORT_GLOBALS);
