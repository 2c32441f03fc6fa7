// Which field lines the response parser keeps, and how the others pass
// without being held. A field line's name says it, as soon as the name has
// arrived: in a head the framing fields, Location and the caller's `keep`
// are kept; trailer fields never are (nothing here reads them). A field line
// that is not kept is checked as it passes and dropped, so memory goes to
// what is kept, not to what the server sends.

import type { ResponseParser } from "./response-parser";
import { CTL } from "./head";
import { FIELDS } from "./parser-states";

// RFC 9112 6.1 / 6.3: the fields that frame the body, and RFC 9110 10.2.2
// Location, which a redirect needs, are always kept, in this order: a kept
// field's place in the list tells the framing fields.
export const CONTENT_LENGTH_AT = 0;
export const TRANSFER_ENCODING_AT = 1;
/** The framing fields are the first this many of the list. */
export const FRAMING_FIELDS = 2;

/**
 * The lower-case names of the fields always kept; the caller's follow them.
 * @inline: a literal put where it is used, not a module constant (an array
 * kept for as long as the code is loaded costs variable blocks all that
 * time) nor a function (about 5 blocks while loaded, measured).
 */
export function alwaysKept(): string[] {
  return ["content-length", "transfer-encoding", "location"];
}

/**
 * For a line of a head or a trailer section, unfinished or whole: "" when it
 * is held as it is (no field line, or a field that is kept); for a field line
 * nobody keeps, what of it is held while it is unfinished. @once: read in
 * one place, for a line cut between pieces or longer than maxLine.
 */
export function skippedPart(p: ResponseParser, line: string): string {
  const colon = line.indexOf(":");
  // Held: the name (read again with the rest), the colon, a NUL if the part
  // dropped had a control byte (RFC 9110 5.5; the line is then refused as it
  // ends) and the last byte (perhaps the CR of the line end). Whole, the
  // line goes to its handler like any line, and is checked and dropped there.
  return colon < 0 || p.state_ === FIELDS && p.keep_.indexOf(line.slice(0, colon).toLowerCase()) >= 0 ? ""
    : line.slice(0, colon + 1) + (CTL.test(line.slice(colon + 1, -1)) ? "\x00" : "") + line.slice(colon + 1).slice(-1);
}
