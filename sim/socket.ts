// The socket object the app gets from the simulated require("net") /
// require("tls"): Espruino's event semantics, whatever backend feeds it.
//
// Measured on Espruino 2v29 (test/fixtures/espruino-traces.json):
// - write() returns false even for a tiny write; `drain` then fires twice,
//   with the socket as its argument;
// - `data` carries strings (one char per byte) of at most the board's chunk size;
// - a normal end is `end` then `close(false)`; client end() gives the same;
// - registering a 'connect' listener crashes the interpreter.

import type { EspSocket } from "../src/device";
import type { SimClock } from "./clock";
import { socketErrorMessage, SOCKET_ERR, type ErrorFactory, type NetVariant } from "./net-errors";
import { socketVariants } from "../board/profiles";

// Listeners take whatever their event carries (string, boolean, error, socket).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Listener = (...args: any[]) => void;

/** The interpreter would have died here; the simulation stops the run. */
export class SimulationCrash extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SimulationCrash";
  }
}

const DRAINS_PER_WRITE = 2;
/** From the client's first write to the server's alert, as measured on Linux (about 5-15 ms). */
export const HANDSHAKE_FAIL_MS = 10;
/** What Espruino's idle loop throws after a failed handshake (libs/network/network.c; -0x7780: the server's fatal alert). */
export const HANDSHAKE_EXCEPTION = "mbedtls_ssl_handshake returned -0x7780";

/** What a backend learns from the app's side of a socket. */
export interface SocketPeer {
  /** Every byte the app wrote, in order. */
  written(data: string): void;
  /** The app called end(). */
  ended(): void;
  /** The board lost power: forget the connection without a word. */
  destroy?(): void;
}


/** What both socket backends share: their sockets, counters and chunk size. */
export abstract class SimNetBase {
  readonly table = new SocketTable();
  /** What connect() did each time: "connect host:port", "throw <message>", ... */
  readonly log: string[] = [];
  readonly variant: NetVariant;
  readonly chunkSize: number;

  constructor(variant: NetVariant | undefined, chunkSize: number | undefined) {
    this.variant = variant || "linux";
    // By default the piece size of the boards with this variant (board/profiles.json).
    this.chunkSize = chunkSize || socketVariants().find((v) => v.variant === this.variant)!.chunkSize;
  }

  openSockets(): number {
    return this.table.open.size;
  }

  liveListeners(): number {
    return this.table.liveListeners();
  }

  /** Messages of 'connect' listeners that would have crashed the board. */
  get crashes(): string[] {
    return this.table.crashes;
  }
}

/** Shared bookkeeping of one net/tls module: open sockets and crashes. */
export class SocketTable {
  readonly open = new Set<SimSocket>();
  readonly crashes: string[] = [];
  /** Every socket ever returned, for inspection. */
  readonly all: SimSocket[] = [];

  liveListeners(): number {
    let n = 0;
    this.open.forEach((s) => (n += s.listenerCount()));
    return n;
  }
}

export class SimSocket implements EspSocket {
  /** Closed: no more events; the listeners are released. */
  closed = false;
  /** The app called end(). */
  ending = false;
  /** A TLS handshake that fails: what the app writes never goes out. */
  private unsent = false;
  /** Events emitted to the app, for inspection: name and argument summary. */
  readonly log: string[] = [];
  private listeners: Record<string, Listener[]> = {};

  constructor(
    private readonly clock: SimClock,
    private readonly table: SocketTable,
    private readonly peer: SocketPeer,
    readonly chunkSize: number,
  ) {
    table.open.add(this);
    table.all.push(this);
  }

  on(event: string, fn: Listener): void {
    if (event === "connect") {
      const why = "socket.on('connect') crashes Espruino (internal ASSERT): pass the callback to connect() instead";
      this.table.crashes.push(why);
      throw new SimulationCrash(why);
    }
    if (typeof fn !== "function") return;
    if (this.closed) return;
    (this.listeners[event] = this.listeners[event] || []).push(fn);
  }

  /** Espruino's sockets have removeAllListeners like every object. */
  removeAllListeners(event?: string): void {
    if (event === undefined) this.listeners = {};
    else delete this.listeners[event];
  }

  write(data: string): boolean {
    if (this.closed || this.ending) return false;
    if (!this.unsent) this.peer.written(String(data));
    // The first drain follows the connect callback; the second, the bytes going out.
    for (let i = 0; i < DRAINS_PER_WRITE; i++) {
      this.clock.defer(() => {
        if (i === 0 || !this.unsent) this.emit("drain", this);
      });
    }
    return false;
  }

  end(): void {
    if (this.closed || this.ending) return;
    this.ending = true;
    this.peer.ended();
    this.clock.defer(() => this.finish());
  }

  /** The listeners of `event`, or of every event. */
  listenerCount(event?: string): number {
    if (event !== undefined) return (this.listeners[event] || []).length;
    let n = 0;
    for (const k of Object.keys(this.listeners)) n += this.listeners[k].length;
    return n;
  }

  // ---- backend side ----

  /** Emits one `data` event per piece; a piece larger than the chunk size is a backend bug. */
  deliverPiece(piece: string): void {
    if (this.closed || this.ending || piece.length === 0) return;
    if (piece.length > this.chunkSize) throw new Error(`piece of ${piece.length} > chunk ${this.chunkSize}`);
    this.emit("data", piece);
  }

  /** The connection ended cleanly (or looked so): `end`, then `close(false)`. */
  finish(): void {
    if (this.closed) return;
    this.emit("end");
    this.close(false);
  }

  /** An asynchronous failure: `error({code, message})`, then `close(true)`. */
  fail(code: number): void {
    if (this.closed) return;
    this.emit("error", { code, message: socketErrorMessage(code) });
    this.close(true);
  }

  /**
   * A TLS handshake the server refuses (it wants a cipher Espruino's mbedtls
   * lacks), as measured on Espruino 2v29 for Linux: after the connect
   * callback and the client's write (one drain, not two), `error` -8
   * (unsent data), `end`, `close(true)`, and then, after those events, the
   * exception the firmware throws from its idle loop, which reaches the app
   * only as an uncaught exception (process 'uncaughtException').
   */
  failHandshake(makeError: ErrorFactory): void {
    this.unsent = true;
    this.clock.defer(() => {
      if (this.closed) return;
      this.emit("error", { code: SOCKET_ERR.UNSENT_DATA, message: socketErrorMessage(SOCKET_ERR.UNSENT_DATA) });
      this.emit("end");
      this.close(true);
      throw makeError("InternalError", HANDSHAKE_EXCEPTION);
    }, HANDSHAKE_FAIL_MS);
  }

  /** Power loss: no events, the listeners go, the backend forgets the connection. */
  drop(): void {
    if (this.closed) return;
    this.closed = true;
    this.listeners = {};
    this.table.open.delete(this);
    if (this.peer.destroy) this.peer.destroy();
  }

  emit(event: string, arg?: unknown): void {
    if (this.closed) return;
    this.log.push(event === "data" ? `data ${(arg as string).length}` : arg === undefined || arg === this ? event : `${event} ${JSON.stringify(arg)}`);
    const fns = (this.listeners[event] || []).slice();
    for (const fn of fns) fn.call(this, arg);
  }

  private close(hadError: boolean): void {
    this.emit("close", hadError);
    this.closed = true;
    this.listeners = {};
    this.table.open.delete(this);
  }
}
