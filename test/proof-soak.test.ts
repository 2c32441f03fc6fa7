// Soak: the built app polls 10,000 times on the virtual clock (about a day of
// board time) against a server that mixes successes with every kind of
// failure. At rest between polls the board must hold exactly what it held
// after the first poll: the same live timers, listeners, open sockets and
// simulated memory; and every poll gives exactly one outcome.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as v8 from "node:v8";
import * as vm from "node:vm";
import { runApp, onRequest, httpResponse, type VirtualClock, type ScriptedNet, type ServerConn, type RunStats } from "../sim/index";
import { buildApp } from "./tools/app-bundle";

const POLLS = 10000;
const INTERVAL_MS = 5000;
const TIMEOUT_MS = 2000;
/**
 * After an outcome: the LED pattern is over (behind a joining glow still lit,
 * at most 1.6 s + 1.65 s) and neither the next poll nor the state's repeat
 * (every 5 s) has started.
 */
const REST_MS = 4000;
const BODY = "soak ".repeat(60);
const OUTCOME = /^(DONE|ERROR) /;

/** What the server does on the nth request: successes between failures of every kind. */
const SCRIPT: { name: string; act: (c: ServerConn) => void }[] = [
  { name: "200 Content-Length", act: (c) => c.write(httpResponse(BODY)).end() },
  { name: "reset before any byte", act: (c) => c.reset() },
  { name: "200 chunked", act: (c) => c.write(httpResponse(BODY, { framing: "chunked" })).end() },
  { name: "404", act: (c) => c.write(httpResponse("no", { status: 404, reason: "Not Found" })).end() },
  { name: "200 until the close", act: (c) => c.write(httpResponse(BODY, { framing: "close" })).end() },
  { name: "not HTTP", act: (c) => c.write("SSH-2.0-x\r\n").end() },
  { name: "redirect", act: (c) => c.write(httpResponse("", { status: 302, reason: "Found", headers: [["Location", "/again"]] })).end() },
  { name: "cut mid-body", act: (c) => c.write(httpResponse(BODY).substring(0, 120)).end() },
  { name: "200 in tiny pieces", act: (c) => c.write(httpResponse(BODY), { pieces: [1, 2, 3, 5, 8, 13] }).end() },
  { name: "silent (deadline)", act: () => undefined },
  { name: "500", act: (c) => c.write(httpResponse("broke", { status: 500, reason: "Internal Server Error" })).end() },
];

/** Every this many polls the simulation's own records are dropped and the heap is measured. */
const HEAP_EVERY = 1000;
/** Heap growth allowed from the first measurement to the last: well under 100 bytes a poll. */
const HEAP_SLACK = 512 * 1024;

function collector(): () => void {
  v8.setFlagsFromString("--expose-gc");
  return vm.runInNewContext("gc") as () => void;
}

function key(s: RunStats): string {
  return JSON.stringify({ timers: s.liveTimers, listeners: s.listeners, sockets: s.openSockets, usage: s.memory.usage });
}

test(`proof: soak: ${POLLS} polls mixing successes and failures leave nothing behind`, { timeout: 180000 }, async () => {
  const { code, storage } = await buildApp("esp8266", {
    url: "http://example.com/soak", ssid: "home", password: "soak-secret", intervalMs: INTERVAL_MS, timeoutMs: TIMEOUT_MS, printBody: 64,
  });
  let n = 0;
  let requests = 0;
  const kinds = new Map<string, number>();
  const server = onRequest((head, c) => {
    // The redirect's second hop answers; every other request takes the next step of the script.
    if (head.startsWith("GET /again ")) {
      c.write(httpResponse(BODY)).end();
      return;
    }
    requests++;
    const step = SCRIPT[n++ % SCRIPT.length];
    kinds.set(step.name, (kinds.get(step.name) || 0) + 1);
    step.act(c);
  });
  const run = runApp({ code, storage, board: "esp8266", servers: { "example.com:80": server }, start: false });
  const clock = run.clock as VirtualClock;
  // Counted, not kept: the test itself must not grow the heap it measures.
  const rests = new Map<string, number>();
  let outcomes = 0;
  let lastOutcome = -Infinity;
  let tooClose = 0;
  const outcomeKinds = new Map<string, number>();
  run.app.console.onLine = (line) => {
    assert.ok(line.text.indexOf("soak-secret") < 0, "the password was printed");
    if (!OUTCOME.test(line.text)) return;
    outcomes++;
    if (line.t - lastOutcome < INTERVAL_MS) tooClose++;
    lastOutcome = line.t;
    const cls = line.text.replace(/^(DONE \d+|ERROR \w+).*$/, "$1");
    outcomeKinds.set(cls, (outcomeKinds.get(cls) || 0) + 1);
    clock.defer(() => {
      const k = key(run.stats());
      rests.set(k, (rests.get(k) || 0) + 1);
    }, REST_MS);
  };
  const gc = collector();
  const net = run.net as ScriptedNet;
  const heap: number[] = [];
  // What the simulation records for inspection grows with every poll; what
  // the app holds must not. Drop the records, collect, measure.
  const measure = () => {
    for (const list of [run.app.console.lines, run.pins.timeline, net.connections, net.log, net.table.all, run.radio.steps] as unknown[][]) list.length = 0;
    gc();
    heap.push(process.memoryUsage().heapUsed);
  };
  const started = Date.now();
  run.start();
  while (outcomes < POLLS && !run.crashed) {
    const before = outcomes;
    clock.advance(60000);
    if (Math.floor(outcomes / HEAP_EVERY) > Math.floor(before / HEAP_EVERY)) measure();
  }
  const wallMs = Date.now() - started;
  clock.advance(REST_MS);

  assert.equal(run.crashed, null);
  assert.deepEqual(run.uncaught, []);
  assert.ok(outcomes >= POLLS, `${outcomes} outcomes`);
  // Exactly one outcome per request: one per connection the app opened, and
  // never two within one poll (the next poll waits at least the interval).
  assert.ok(requests - outcomes <= 1, `${requests} requests, ${outcomes} outcomes`);
  assert.equal(tooClose, 0, "two outcomes closer than the poll interval");
  // The mix really was mixed.
  for (const step of SCRIPT) assert.ok((kinds.get(step.name) || 0) > POLLS / SCRIPT.length / 2, `${step.name}: ${kinds.get(step.name)}`);
  for (const cls of ["DONE 200", "DONE 404", "DONE 500", "ERROR RESET", "ERROR PROTOCOL", "ERROR TRUNCATED", "ERROR TIMEOUT"]) {
    assert.ok((outcomeKinds.get(cls) || 0) > 100, `${cls}: ${outcomeKinds.get(cls)} in ${JSON.stringify([...outcomeKinds])}`);
  }
  // At rest after every poll: the same timers, listeners, sockets and memory as after the first.
  const distinct = [...rests.keys()];
  assert.equal(distinct.length, 1, `resting states differ: ${distinct.join(" / ")}`);
  assert.equal(JSON.parse(distinct[0]).sockets, 0);
  // The heap, with the simulation's records dropped, does not grow with the polls.
  const growth = heap[heap.length - 1] - heap[1];
  assert.ok(growth < HEAP_SLACK, `the heap grew ${growth} bytes from poll ${2 * HEAP_EVERY} to ${heap.length * HEAP_EVERY}: ${heap.join(", ")}`);
  // Wall time is reported, not asserted: speed belongs to the benchmarks.
  console.log(`soak: ${outcomes} polls, ${Math.round(clock.now() / 3600000)} h of board time, ${wallMs} ms wall; ${JSON.stringify([...outcomeKinds])}; heap ${heap.map((h) => Math.round(h / 1024)).join(" ")} KiB`);
});
