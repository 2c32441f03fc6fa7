// require("net") / require("tls") bridged to real Node sockets: a real server
// on 127.0.0.1, or the network when there is one. The app sees Espruino's
// event semantics (sim/socket.ts): latin1 strings re-cut into chunk-size
// pieces, drain twice per write, end then close(false).
//
// Real sockets fail asynchronously, so where a board would throw at connect
// (refused and unknown host on linux/esp32) the bridge reports what an
// asynchronous firmware reports instead: error -11 (refused) or -6 (DNS),
// then close(true). The scripted backend plays the synchronous throws.

import * as nodeNet from "node:net";
import * as nodeTls from "node:tls";
import type { EspNet } from "../src/device";
import type { SimClock } from "./clock";
import { SimNetBase, SimSocket } from "./socket";
import { cutPieces } from "./net-server";
import type { NetworkState } from "./net-scripted";
import { MSG_OFFLINE, NetVariant, SOCKET_ERR, hostErrorFactory, resetIsCleanClose, type ErrorFactory } from "./net-errors";

export interface BridgedOptions {
  clock: SimClock;
  variant?: NetVariant;
  chunkSize?: number;
  /** Speak TLS (require("tls")); certificates are not verified, as on Espruino. */
  tls?: boolean;
  network?: () => NetworkState;
  makeError?: ErrorFactory;
  /** Sees every byte the app writes (to show the request as it goes out). */
  onWrite?: (host: string, port: number, data: string) => void;
}

const ERR_BY_NODE_CODE: Record<string, number> = {
  ENOTFOUND: SOCKET_ERR.NOT_FOUND,
  EAI_AGAIN: SOCKET_ERR.NOT_FOUND,
  ECONNREFUSED: SOCKET_ERR.NO_CONN,
  ETIMEDOUT: SOCKET_ERR.TIMEOUT,
  EHOSTUNREACH: SOCKET_ERR.NO_ROUTE,
  ENETUNREACH: SOCKET_ERR.NO_ROUTE,
};

/** The code a failure before the connection exists gets on this variant. */
function connectFailureCode(variant: NetVariant, nodeCode: string | undefined): number {
  if (variant === "at") return SOCKET_ERR.NOT_FOUND;
  return ERR_BY_NODE_CODE[nodeCode || ""] ?? SOCKET_ERR.UNKNOWN;
}

export class BridgedNet extends SimNetBase implements EspNet {

  constructor(private readonly opts: BridgedOptions) {
    super(opts.variant, opts.chunkSize);
  }

  connect(options: { host: string; port: number }, onConnect?: (socket?: unknown) => void): SimSocket {
    const host = String(options && options.host);
    const port = Number(options && options.port) || (this.opts.tls ? 443 : 80);
    const state = this.opts.network ? this.opts.network() : "up";
    if (state === "none") throw (this.opts.makeError || hostErrorFactory)("Error", MSG_OFFLINE);
    this.log.push(`connect ${host}:${port}`);
    const real = this.open(host, port);
    const socket = new SimSocket(this.opts.clock, this.table, {
      written: (d) => {
        if (this.opts.onWrite) this.opts.onWrite(host, port, d);
        real.write(Buffer.from(d, "latin1"));
      },
      ended: () => real.end(() => real.destroy()),
      destroy: () => real.destroy(),
    }, this.chunkSize);
    this.wire(real, socket, onConnect);
    return socket;
  }

  private open(host: string, port: number): nodeNet.Socket {
    if (!this.opts.tls) return nodeNet.connect({ host, port });
    const servername = nodeNet.isIP(host) ? undefined : host;
    return nodeTls.connect({ host, port, servername, rejectUnauthorized: false });
  }

  private wire(real: nodeNet.Socket, socket: SimSocket, cb?: (s?: unknown) => void): void {
    const clock = this.opts.clock;
    const later = (fn: () => void) => clock.defer(fn);
    let connected = false;
    const callBack = () => {
      if (!socket.closed && !socket.ending && typeof cb === "function") cb.call(socket, socket);
    };
    // The AT module calls back before the TCP connection exists.
    if (this.variant === "at") later(callBack);
    real.once(this.opts.tls ? "secureConnect" : "connect", () => {
      connected = true;
      if (this.variant !== "at") later(callBack);
    });
    const inbox = new Inbox(clock, socket);
    real.on("data", (buf: Buffer) => inbox.add(buf.toString("latin1")));
    real.on("end", () => inbox.then(() => socket.finish()));
    real.on("error", (err: NodeJS.ErrnoException) => inbox.then(() => this.failed(socket, err, connected)));
    real.on("close", () => inbox.then(() => socket.finish()));
  }

  private failed(socket: SimSocket, err: NodeJS.ErrnoException, connected: boolean): void {
    this.log.push(`node error ${err.code || err.message}`);
    // A refused handshake ends the socket as on the board, exception included
    // (the connect callback, which Espruino fires before the handshake, comes
    // here only with it done).
    if (this.opts.tls && !connected && !ERR_BY_NODE_CODE[err.code || ""]) return socket.failHandshake(this.opts.makeError || hostErrorFactory);
    if (!connected) return socket.fail(connectFailureCode(this.variant, err.code));
    if (err.code === "ECONNRESET" || err.code === "EPIPE") {
      return resetIsCleanClose(this.variant) ? socket.finish() : socket.fail(SOCKET_ERR.RESET);
    }
    socket.fail(SOCKET_ERR.UNKNOWN);
  }
}

/**
 * Bytes received but not yet given to the app. Espruino reads whatever the
 * socket holds in chunk-size pieces on its idle loop, so piece boundaries do
 * not follow the sender's writes; the inbox does the same with Node's reads.
 */
class Inbox {
  private pending = "";
  private queued = false;
  private after: (() => void)[] = [];

  constructor(private readonly clock: SimClock, private readonly socket: SimSocket) {}

  add(data: string): void {
    this.pending += data;
    this.schedule();
  }

  /** Runs fn once every byte received so far has been delivered. */
  then(fn: () => void): void {
    this.after.push(fn);
    this.schedule();
  }

  private schedule(): void {
    if (this.queued) return;
    this.queued = true;
    this.clock.defer(() => this.pump());
  }

  private pump(): void {
    this.queued = false;
    const data = this.pending;
    this.pending = "";
    for (const p of cutPieces(data, this.socket.chunkSize)) this.socket.deliverPiece(p);
    const fns = this.after;
    this.after = [];
    for (const fn of fns) fn();
  }
}
