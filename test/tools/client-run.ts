// Runs one get() against scripted servers on the virtual clock and checks
// what must hold after every outcome: exactly one callback, no live timer,
// no open socket, no live listener, no 'connect' listener, and no timer id
// cleared after it fired (Espruino reuses those ids).
import assert from "node:assert/strict";
import { VirtualClock, ScriptedNet, NetVariant, NetworkState, Route } from "../../sim/index";
import { boardRig } from "./board-rig";
import { socketVariants } from "../../board/profiles";
import { get, GetOptions, GetResult } from "../../src/client/get";
import { HttpError } from "../../src/http/errors";
import { ResponseHead } from "../../src/http/response-parser";

export interface RunSpec {
  url: string;
  variant?: NetVariant;
  /** "host:port" or "host" => behaviour, "refuse" or "blackhole" (plain sockets). */
  routes?: Record<string, Route>;
  /** The same for require("tls"); absent means the firmware has no TLS. */
  tlsRoutes?: Record<string, Route>;
  network?: NetworkState;
  timeoutMs?: number;
  headers?: [string, string][];
  maxRedirects?: number;
  /** Calls abort() this many ms after get(). */
  abortAfterMs?: number;
  /** Response fields to keep besides the framing ones and Location (GetOptions.keep). */
  keep?: string[];
  /** The caller's onHead or onBody throws (the first time it runs). */
  throwIn?: "head" | "body";
  /**
   * The body bytes the caller needs: onBody returns true once it has them,
   * and the rest is only counted; 0: no onBody at all. Absent: all of it.
   */
  want?: number;
}

export interface RunOutcome {
  err: HttpError | null;
  result: GetResult | null;
  /** Virtual time when the callback ran. */
  at: number;
  /** "head 200 OK", "body <n>", "done" / "error CODE", in order. */
  events: string[];
  heads: ResponseHead[];
  body: string;
  net: ScriptedNet;
  /** require("tls"), when the spec has TLS servers. */
  tls?: ScriptedNet;
  calls: number;
}


export function run(spec: RunSpec): RunOutcome {
  // A board with the spec's socket variant, its network up unless the spec says otherwise.
  const variant = spec.variant || "linux";
  const { clock, timers, net, tls } = boardRig({
    board: socketVariants().find((v) => v.variant === variant)!.board, network: spec.network || "up",
    routes: spec.routes, tlsRoutes: spec.tlsRoutes,
  });
  const out: RunOutcome = { err: null, result: null, at: -1, events: [], heads: [], body: "", net, tls, calls: 0 };
  const options: GetOptions = {
    timeoutMs: spec.timeoutMs || 10000,
    headers: spec.headers || [],
    net,
    tls,
    timers,
    maxRedirects: spec.maxRedirects,
    keep: spec.keep,
    onHead(head) {
      out.heads.push(head);
      out.events.push(`head ${head.status} ${head.reason}`);
      if (spec.throwIn === "head") throw new Error("onHead failed");
    },
    onBody(chunk) {
      out.body += chunk;
      out.events.push(`body ${chunk.length}`);
      if (spec.throwIn === "body" && out.events.length === 2) throw new Error("onBody failed");
      return spec.want !== undefined && out.body.length >= spec.want;
    },
  };
  if (spec.want === 0) delete options.onBody;
  let returned = false;
  const req = get(spec.url, options, (err, result) => {
    assert.ok(returned, "callback ran inside get()");
    out.calls++;
    out.err = err;
    out.result = result;
    out.at = clock.now();
    out.events.push(err ? `error ${err.code}` : "done");
  });
  returned = true;
  if (spec.abortAfterMs !== undefined) clock.setTimeout(() => req.abort(), spec.abortAfterMs);
  assert.ok(clock.runUntilIdle(), "the simulation never went idle");
  assertClean(out, clock, spec.abortAfterMs === undefined ? 1 : 0);
  return out;
}

function assertClean(out: RunOutcome, clock: VirtualClock, calls: number): void {
  assert.equal(out.calls, calls, "callbacks");
  assert.equal(clock.liveTimers(), 0, "live timers");
  for (const n of out.tls ? [out.net, out.tls] : [out.net]) {
    assert.equal(n.openSockets(), 0, "open sockets");
    assert.equal(n.liveListeners(), 0, "live listeners");
    assert.deepEqual(n.crashes, [], "'connect' listeners");
    for (const s of n.table.all) assert.ok(s.closed, "every socket closed");
  }
}

/** The outcome's error code, asserting there is one. */
export function errorOf(out: RunOutcome): HttpError {
  assert.ok(out.err, `expected an error, got ${JSON.stringify(out.result)}`);
  assert.equal(out.result, null);
  return out.err;
}

/** The outcome's result, asserting success. */
export function resultOf(out: RunOutcome): GetResult {
  assert.equal(out.err, null, out.err ? `${out.err.code}: ${out.err.reason}` : "");
  assert.ok(out.result);
  return out.result;
}
