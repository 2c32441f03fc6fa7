// Records a client's socket events in the format of
// test/fixtures/espruino-traces.json, which was recorded on Espruino 2v29 with
// this same client: net.connect, write a GET in the connect callback, log
// every event; optionally end() after a while.

import type { EspNet } from "../src/device";
import type { SimClock } from "./clock";

export interface TraceEvent {
  /** ms since connect */
  t: number;
  ev: string;
  arg?: unknown;
  len?: number;
}

export const SOCKET_MARK = "<the socket>";

export interface RecordOptions {
  host: string;
  port: number;
  request: string;
  /** Call end() this long after connect (the recorded client used 800 ms). */
  endAfterMs?: number;
  /** Called with the trace once `close` fired or connect threw. */
  done: (trace: TraceEvent[]) => void;
}

/** Starts the client; events arrive as the clock runs. */
export function recordClient(net: EspNet, clock: SimClock, opts: RecordOptions): void {
  const t0 = clock.now();
  const trace: TraceEvent[] = [];
  const add = (ev: string, extra: Partial<TraceEvent> = {}) => trace.push({ t: Math.round(clock.now() - t0), ev, ...extra });
  let socket: ReturnType<EspNet["connect"]>;
  try {
    socket = net.connect({ host: opts.host, port: opts.port }, () => {
      add("connect-callback");
      add("write-returned", { arg: socket.write(opts.request) });
    });
  } catch (e) {
    add("connect-threw", { arg: { message: (e as Error).message } });
    opts.done(trace);
    return;
  }
  socket.on("data", (d) => add("data", { len: d.length }));
  socket.on("drain", (s) => add("drain", { arg: s === socket ? SOCKET_MARK : s }));
  socket.on("end", () => add("end"));
  socket.on("error", (e) => add("error", { arg: { code: e.code, message: e.message } }));
  let timer: unknown;
  socket.on("close", (hadError) => {
    add("close", { arg: hadError });
    if (timer !== undefined) clock.clearTimeout(timer);
    opts.done(trace);
  });
  if (opts.endAfterMs !== undefined) {
    timer = clock.setTimeout(() => {
      timer = undefined;
      add("client-end-called");
      socket.end();
    }, opts.endAfterMs);
  }
}

/** A trace without timestamps: what the contract compares. */
export function shape(trace: TraceEvent[]): Omit<TraceEvent, "t">[] {
  return trace.map(({ t: _t, ...rest }) => rest);
}
