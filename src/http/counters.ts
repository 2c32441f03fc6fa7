// The response parser's counters: what the socket's data goes to once the
// consumer needs no more of the body (its onBody returned true, or it has
// none), in place of push(). A piece then costs one short call; on Espruino
// a function's whole text is lexed at every call, so these stay this short.

import type { ResponseParser } from "./response-parser";
import { plainSize } from "./chunked";
import { TRAILER, DATA, DATA_END, LENGTH } from "./parser-states";

/**
 * The socket's listener, bound to the parser, in place of push() for a
 * chunked body nobody reads any more (after onSkip): a piece inside a chunk
 * is only counted, one statement and no call; any other piece goes to
 * rest(). On Espruino a function's whole text is lexed at every call, so
 * this one stays this short.
 */
export function count(this: ResponseParser, data: string): void {
  if ((this.left_ -= data.length) < 1) rest(this, data);
}

/**
 * count() for a body framed by Content-Length or by the close: only
 * counted, with no test, and complete at the close (endParser()) or, when the
 * server keeps the connection open after the whole body, at the deadline
 * (the client's). The request asks the server to close after the
 * response (RFC 9112 9.6), so the close follows the last byte. The test
 * that would find the last byte in every piece costs about 9 K
 * instructions a piece, 4.5 M a 256 KiB body (2v29 for Linux): more
 * than a tenth of what the socket itself costs.
 */
export function tally(this: ResponseParser, data: string): void {
  this.left_ -= data.length;
}

/**
 * A piece count() could not take: the body or the chunk it counted ends
 * in it, at data[i], or the parser is between chunks (left_ 0, so i is 0).
 * The usual piece of a chunked body as servers send it ends a chunk, and
 * the next one, announced by a plain size line (plainSize), runs past the
 * piece's end: that is counted on here, in this one call for the boundary.
 * After a plain size line whose chunk ends in the piece, the rest goes
 * through push() from there; after anything else, from data[i] in state
 * DATA_END, for readLine and all of its checks; outside a chunk, its count
 * undone, from the start. chunkEnd() is the same step for push().
 */
function rest(p: ResponseParser, data: string): void {
  let i = p.left_ + data.length;
  p.left_ = 0;
  if (p.state_ === DATA) {
    // With no LF in the piece the text is "" (lf + 1 is 0), never the text before i.
    const lf = data.indexOf("\n", i + 2);
    const text = data.slice(i, lf + 1 || i);
    const size = parseInt(text, 16);
    // The piece's bytes after the size line.
    const after = data.length - lf - 1;
    if (plainSize(text, size)) {
      p.announced_ += size;
      // The chunk runs past the piece: all of that is counted.
      if (size > after) return void (p.left_ = size - after);
      // The last chunk (size 0) is followed by the trailer section.
      p.left_ = size;
      if (!size) p.state_ = TRAILER;
      i = lf + 1;
    } else p.state_ = DATA_END;
  } else {
    p.left_ = i;
    i = 0;
  }
  p.push(data, i);
}

// The consumer needs no more of the body: it is counted from here on, by
// the listener handed to onSkip.
export function skip(p: ResponseParser): void {
  p.onBody_ = null;
  if (p.handlers_.onSkip) p.handlers_.onSkip((p.state_ === LENGTH ? tally : count).bind(p));
}

/**
 * Body bytes `p` has passed on so far (chunk framing not counted). left_ is
 * below 0 once tally() has counted bytes past Content-Length (or after the
 * end): those are not the body's. @inline: read once a request, and a
 * method costs about 5 variable blocks for as long as the code is loaded.
 */
export function bodyBytes(p: ResponseParser): number {
  return p.announced_ - (p.left_ > 0 ? p.left_ : 0);
}
