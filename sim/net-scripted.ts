// A scripted require("net") (or require("tls")): every server is a behaviour
// script, so tests decide every byte and every fault, deterministically, and
// see every byte the client wrote.
//
//   const net = new ScriptedNet({ clock, variant: "esp8266" });
//   net.serve("example.com:80", respond("HTTP/1.1 200 OK\r\n..."));
//   net.serve("down.example:80", "refuse");
//   // a host with no route at all does not resolve (DNS failure)

import type { EspNet } from "../src/device";
import type { SimClock } from "./clock";
import { SimNetBase, SimSocket } from "./socket";
import { ServerConn } from "./net-server";
import {
  AT_MAX_SOCKETS, FailureReport, MSG_OFFLINE, NetVariant, SOCKET_ERR,
  blackholeReport, dnsReport, failureDelayMs, hostErrorFactory, refusedReport,
  type ErrorFactory,
} from "./net-errors";

export type Behaviour = (conn: ServerConn) => void;
/**
 * refuse: RST to the SYN. blackhole: the SYN is never answered.
 * handshake-failure: over require("tls"), the server accepts and refuses the
 * handshake (it offers only ciphers the firmware lacks).
 */
export type Route = Behaviour | "refuse" | "blackhole" | "handshake-failure";

/**
 * up: connected. none: no network at all (WiFi never joined, no driver):
 * connect throws "Not connected to the internet". down: the link dropped,
 * so names stop resolving (reported as a DNS failure for the variant).
 */
export type NetworkState = "up" | "none" | "down";

export interface NetOptions {
  clock: SimClock;
  variant?: NetVariant;
  /** Largest `data` piece; by default that of the variant's boards (board/profiles.json). */
  chunkSize?: number;
  /** One-way delay between the two ends (ms); the traces show about 1. */
  latencyMs?: number;
  /** Asked at every connect. */
  network?: () => NetworkState;
  /** Makes the exceptions connect throws (the runner makes them in the app's realm). */
  makeError?: ErrorFactory;
}


export class ScriptedNet extends SimNetBase implements EspNet {
  /** Every accepted connection, in order, with what the client sent. */
  readonly connections: ServerConn[] = [];
  private routes = new Map<string, Route>();
  private readonly latency: number;
  private readonly clock: SimClock;
  private readonly network: () => NetworkState;
  private readonly makeError: ErrorFactory;

  constructor(opts: NetOptions) {
    super(opts.variant, opts.chunkSize);
    this.clock = opts.clock;
    this.latency = opts.latencyMs ?? 1;
    this.network = opts.network || (() => "up");
    this.makeError = opts.makeError || hostErrorFactory;
  }

  /** Routes "host:port" (or "host", any port) to a behaviour. Later routes win. */
  serve(target: string, route: Route): this {
    this.routes.set(target.toLowerCase(), route);
    return this;
  }

  connect(options: { host: string; port: number }, onConnect?: (socket?: unknown) => void): SimSocket {
    const host = String(options && options.host).toLowerCase();
    const port = Number(options && options.port) || 80;
    const state = this.network();
    if (state === "none") this.throwNow("Error", MSG_OFFLINE);
    const route = state === "down" ? undefined : this.lookup(host, port);
    const report = this.failureFor(route);
    if (report && report.kind === "throw") this.throwNow(report.name, report.message);
    if (this.variant === "at" && this.table.open.size >= AT_MAX_SOCKETS) {
      return this.failAfter(this.newSocket(host, port, false).socket, SOCKET_ERR.MAX_SOCK, this.latency);
    }
    const { socket, conn } = this.newSocket(host, port, typeof route === "function");
    this.log.push(`connect ${host}:${port}`);
    if (report) return this.reportLater(socket, report, route === "blackhole", onConnect);
    if (route === "blackhole") return socket;
    if (route === "handshake-failure") {
      this.clock.defer(() => {
        this.callBack(socket, onConnect);
        socket.failHandshake(this.makeError);
      }, this.latency);
      return socket;
    }
    this.clock.defer(() => this.accept(socket, conn!, route as Behaviour, onConnect), this.latency);
    return socket;
  }

  private lookup(host: string, port: number): Route | undefined {
    const exact = this.routes.get(`${host}:${port}`);
    if (exact) return exact;
    const any = this.routes.get(host);
    if (any) return any;
    for (const k of this.routes.keys()) if (k.startsWith(host + ":")) return "refuse";
    return undefined;
  }

  private failureFor(route: Route | undefined): FailureReport | null {
    if (route === undefined) return dnsReport(this.variant);
    if (route === "refuse") return refusedReport(this.variant);
    if (route === "blackhole") return blackholeReport(this.variant);
    return null;
  }

  private throwNow(name: string, message: string): never {
    this.log.push(`throw ${message}`);
    throw this.makeError(name, message);
  }

  private newSocket(host: string, port: number, withServer: boolean): { socket: SimSocket; conn: ServerConn | null } {
    let conn: ServerConn | null = null;
    const peer = {
      written: (d: string) => conn && conn.clientWrote(d),
      ended: () => conn && conn.clientEnd(),
    };
    const socket = new SimSocket(this.clock, this.table, peer, this.chunkSize);
    if (withServer) conn = new ServerConn(host, port, socket, this.clock, this.variant, this.latency);
    return { socket, conn };
  }

  private reportLater(socket: SimSocket, report: FailureReport, blackhole: boolean, cb?: (s?: unknown) => void): SimSocket {
    if (report.kind !== "error") return socket;
    if (report.callbackFirst) this.clock.defer(() => this.callBack(socket, cb), this.latency);
    return this.failAfter(socket, report.code, failureDelayMs(this.variant, report, blackhole));
  }

  private failAfter(socket: SimSocket, code: number, ms: number): SimSocket {
    this.log.push(`error ${code}`);
    this.clock.defer(() => socket.fail(code), ms);
    return socket;
  }

  private accept(socket: SimSocket, conn: ServerConn, behaviour: Behaviour, cb?: (s?: unknown) => void): void {
    if (socket.closed) return;
    this.connections.push(conn);
    this.callBack(socket, cb);
    behaviour(conn);
  }

  private callBack(socket: SimSocket, cb?: (s?: unknown) => void): void {
    if (socket.closed || socket.ending || typeof cb !== "function") return;
    cb.call(socket, socket);
  }
}
