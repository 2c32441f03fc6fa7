// Contract: every scenario recorded on Espruino 2v29 (test/fixtures/espruino-traces.json)
// is reproduced by the simulation against the same server behaviour: event
// names, order, arguments and data piece sizes. Scripted backend for all of
// them; bridged backend (real sockets to a 127.0.0.1 server) where a real
// server can play the scenario.

import { test } from "node:test";
import assert from "node:assert/strict";
import { VirtualClock, RealClock, ScriptedNet, BridgedNet } from "../sim/index";
import { recordClient, shape, type TraceEvent } from "../sim/trace-recorder";
import { CLIENT_END_MS, REAL, REQUEST, SCRIPTED, isBehaviour, loadTraces, startRealServer } from "./tools/sim-scenarios";

const traces = loadTraces();
const PORT = 8080;
const HOST = "127.0.0.1";
const UNKNOWN_HOST = "no-such-host.invalid";

function endAfter(trace: TraceEvent[]): number | undefined {
  return trace.some((e) => e.ev === "client-end-called") ? CLIENT_END_MS : undefined;
}

function runScripted(name: string, recorded: TraceEvent[]): { trace: TraceEvent[]; net: ScriptedNet } {
  const clock = new VirtualClock();
  const net = new ScriptedNet({ clock, variant: "linux" });
  const route = SCRIPTED[name];
  if (route !== undefined) net.serve(`${HOST}:${PORT}`, route);
  let trace: TraceEvent[] | null = null;
  const host = route === undefined ? UNKNOWN_HOST : HOST;
  recordClient(net, clock, { host, port: PORT, request: REQUEST, endAfterMs: endAfter(recorded), done: (t) => (trace = t) });
  assert.equal(clock.runUntilIdle(), true, "the run ends");
  assert.ok(trace, "the trace completed");
  return { trace, net };
}

test("every recorded scenario has a scripted server behaviour", () => {
  assert.deepEqual(Object.keys(traces).filter((n) => !(n in SCRIPTED)), []);
});

for (const [name, recorded] of Object.entries(traces)) {
  test(`scripted backend reproduces the Espruino trace '${name}'`, () => {
    const { trace, net } = runScripted(name, recorded);
    assert.deepEqual(shape(trace), shape(recorded));
    if (isBehaviour(SCRIPTED[name])) assert.equal(net.connections[0].received, REQUEST);
    assert.equal(net.openSockets(), 0, "no socket left open");
    assert.equal(net.liveListeners(), 0, "listeners released at close");
  });

  const real = REAL[name];
  if (!real) continue;
  test(`bridged backend reproduces the Espruino trace '${name}' against a real server`, async () => {
    const server = await startRealServer(real);
    const clock = new RealClock();
    const net = new BridgedNet({ clock, variant: "linux" });
    try {
      const trace = await new Promise<TraceEvent[]>((done) =>
        recordClient(net, clock, { host: HOST, port: server.port, request: REQUEST, endAfterMs: endAfter(recorded), done }),
      );
      assert.deepEqual(shape(trace), shape(recorded));
      assert.deepEqual(server.received, [REQUEST]);
      assert.equal(net.openSockets(), 0);
    } finally {
      await server.close();
    }
  });
}
