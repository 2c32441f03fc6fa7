// The server's end of one scripted connection. A behaviour script gets one of
// these per accepted connection: it sees every byte the client wrote and
// decides every byte and every fault the client will see.
//
// Operations queue in order: each one's delay counts from the previous one,
// so `c.write(a); c.write(b, {delayMs: 5}); c.end()` sends b 5 ms after a and
// closes right after b.

import type { SimClock } from "./clock";
import type { SimSocket } from "./socket";
import { resetIsCleanClose, type NetVariant } from "./net-errors";

export interface WriteOptions {
  /** Wait this long after the previous operation. */
  delayMs?: number;
  /**
   * How the bytes are cut into `data` events; the rest of the data follows in
   * chunk-size pieces. Each piece is still cut to the board's chunk size.
   */
  pieces?: number[];
}

type Hook<A> = (arg: A, conn: ServerConn) => void;

/** Cuts data into pieces: first the requested sizes, then chunk-size pieces. */
export function cutPieces(data: string, chunk: number, pieces: number[] = []): string[] {
  const out: string[] = [];
  let pos = 0;
  const take = (n: number): void => {
    const end = Math.min(data.length, pos + Math.max(1, n));
    for (let p = pos; p < end; p += chunk) out.push(data.substring(p, Math.min(end, p + chunk)));
    pos = end;
  };
  for (const n of pieces) if (pos < data.length) take(n);
  while (pos < data.length) take(chunk);
  return out;
}

/** End of the request head: RFC 9112 2.1, the empty line after the header fields. */
const HEAD_END = "\r\n\r\n";

export class ServerConn {
  /** Every byte the client wrote so far. */
  received = "";
  /** The client called end(). */
  clientEnded = false;
  private cursor = 0;
  private dataHooks: Hook<string>[] = [];
  private requestHooks: Hook<string>[] = [];
  private endHooks: Hook<void>[] = [];
  private requestSeen = false;

  constructor(
    readonly host: string,
    readonly port: number,
    private readonly socket: SimSocket,
    private readonly clock: SimClock,
    private readonly variant: NetVariant,
    private readonly latencyMs: number,
  ) {}

  /** The socket is closed: nothing more reaches the client. */
  get closed(): boolean {
    return this.socket.closed;
  }

  /** Each piece the client writes, as it arrives. */
  onData(fn: Hook<string>): void {
    this.dataHooks.push(fn);
  }

  /** Once, when the client has sent a complete request head (up to the empty line). */
  onRequest(fn: Hook<string>): void {
    this.requestHooks.push(fn);
  }

  /** When the client calls end(). */
  onClientEnd(fn: Hook<void>): void {
    this.endHooks.push(fn);
  }

  write(data: string, opts: WriteOptions = {}): this {
    const pieces = cutPieces(data, this.socket.chunkSize, opts.pieces);
    const wait = this.slot(opts.delayMs || 0);
    for (const p of pieces) this.clock.defer(() => this.socket.deliverPiece(p), wait);
    return this;
  }

  /** A clean close (FIN): the client sees `end`, `close(false)`. */
  end(delayMs = 0): this {
    this.clock.defer(() => this.socket.finish(), this.slot(delayMs));
    return this;
  }

  /** A TCP reset: a clean close on most variants, `error -9` on ESP8266. */
  reset(delayMs = 0): this {
    if (resetIsCleanClose(this.variant)) return this.end(delayMs);
    return this.fail(-9, delayMs);
  }

  /** Any asynchronous socket error by code: `error({code})`, `close(true)`. */
  fail(code: number, delayMs = 0): this {
    this.clock.defer(() => this.socket.fail(code), this.slot(delayMs));
    return this;
  }

  /** Just wait before the next operation. */
  wait(ms: number): this {
    this.slot(ms);
    return this;
  }

  // ---- called by the scripted net ----

  clientWrote(data: string): void {
    this.received += data;
    this.clock.defer(() => {
      for (const fn of this.dataHooks) fn(data, this);
      if (!this.requestSeen && this.received.indexOf(HEAD_END) >= 0) {
        this.requestSeen = true;
        const head = this.received.substring(0, this.received.indexOf(HEAD_END) + HEAD_END.length);
        for (const fn of this.requestHooks) fn(head, this);
      }
    });
  }

  clientEnd(): void {
    this.clientEnded = true;
    this.clock.defer(() => {
      for (const fn of this.endHooks) fn(undefined, this);
    });
  }

  /** Reserves the next operation's time; returns how long from now until the client sees it. */
  private slot(delayMs: number): number {
    this.cursor = Math.max(this.cursor, this.clock.now()) + Math.max(0, delayMs);
    return this.cursor - this.clock.now() + this.latencyMs;
  }
}
