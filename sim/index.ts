// Espruino on the host: a peer implementation of the device API the app uses
// (src/device.ts), good enough that build/app.js runs in it unchanged.
//
// ── Clock (sim/clock.ts) ─────────────────────────────────────────────────
//   const clock = new VirtualClock();          // or new RealClock()
//   clock.setTimeout(fn, ms, ...args) / clearTimeout(id)
//   clock.setInterval(fn, ms, ...args) / clearInterval(id)
//   clock.now()            ms since start (getTime()*1000); satisfies `Timers`
//   clock.liveTimers()     app timers not yet fired or cleared (leak check)
//   clock.defer(fn, ms)    the simulation's own work (not counted as a timer)
//   clock.onError = fn     where a throwing callback goes (default: rethrow)
//   clock.clearAll()       drop every app timer; clock.halt(): nothing runs any more
//   VirtualClock only: advance(ms), flush() (run what is due now),
//     runUntilIdle(limitMs = 1 day) -> true when nothing is left,
//     pending(), nextDue(), block(ms) (time passes, nothing runs).
//
// ── Scripted sockets (sim/net-scripted.ts, net-server.ts, net-behaviours.ts)
//   const net = new ScriptedNet({ clock, variant: "linux"|"esp32"|"esp8266"|"at",
//                                 chunkSize (default: the boards'), latencyMs: 1,
//                                 network: () => "up"|"none"|"down" });
//   net.serve("host:port" | "host", behaviour | "refuse" | "blackhole" | "handshake-failure");
//   "handshake-failure" (a TLS server that refuses the handshake), as measured
//   on Linux: connect callback, one drain, error -8, end, close(true), then
//   InternalError "mbedtls_ssl_handshake returned -0x7780" thrown after those
//   events, to process.on('uncaughtException') listeners or printed Uncaught.
//   A host with no route does not resolve. Per variant (net-errors.ts):
//     refused   linux/esp32: throws InternalError "Unable to create socket";
//               esp8266: error -11 + close(true); at: callback, then error -6 + close(true)
//     no DNS    linux/esp32: throws "Unable to locate host";
//               esp8266: error -6 + close(true); at: callback, then error -6 + close(true)
//     blackhole at: callback, error -6 after 10 s; esp8266: error -3; linux/esp32: silence
//     network "none": throws "Not connected to the internet"; "down": as no DNS
//     at: a 6th open socket gets error -7 + close(true)
//   A behaviour is (conn: ServerConn) => void, run when the connection is accepted:
//     conn.received (all bytes the client wrote), conn.clientEnded,
//     conn.onData(fn(piece)), conn.onRequest(fn(head)), conn.onClientEnd(fn),
//     conn.write(data, { delayMs, pieces: [sizes] }), conn.end(delayMs),
//     conn.reset(delayMs) (clean close except esp8266: error -9),
//     conn.fail(code, delayMs), conn.wait(ms). Operations run in order, each
//     delay counted from the previous one.
//   Presets: respond(raw, {close, pieces, delayMs}), closeWithoutResponse(),
//     resetWithoutResponse(), resetMidBody(partial, ms), silent(),
//     stream(count, size, everyMs), onRequest(fn), httpResponse(body, spec).
//   Inspect: net.connections (ServerConn[]), net.openSockets(),
//     net.liveListeners(), net.crashes (socket.on('connect') throws
//     SimulationCrash and is recorded), net.log, net.table.all (SimSocket[],
//     each with .log of events emitted to the app).
//   Sockets: write() -> false, then 'drain'(socket) twice; data in pieces of
//     at most chunkSize; end -> 'end', 'close'(false); failures
//     'error'({code, message}), 'close'(true).
//
// ── Bridged sockets (sim/net-bridged.ts) ──────────────────────────────────
//   new BridgedNet({ clock: new RealClock(), variant, chunkSize, tls?: boolean,
//                    network?, onWrite?(host, port, data) })
//   Real node:net / node:tls sockets (a 127.0.0.1 server, or the network) with
//   the same Espruino event semantics; data re-cut into chunk-size latin1
//   strings. Refused / unknown host cannot throw synchronously with real
//   sockets: they arrive as error -11 / -6 + close(true) (at: callback first,
//   then -6). A reset is a clean close except on esp8266 (-9). TLS does not
//   verify certificates, like Espruino's.
//   require("tls") in tests: a second ScriptedNet (or BridgedNet with tls: true).
//
// ── Trace recorder (sim/trace-recorder.ts) ────────────────────────────────
//   recordClient(net, clock, { host, port, request, endAfterMs?, done(trace) })
//   records events as test/fixtures/espruino-traces.json does; shape(trace) drops times.
//
// ── WiFi (sim/wifi-radio.ts, wifi.ts, wifi-at.ts) ─────────────────────────
//   const radio = new WifiRadio(clock, script, ready = true);
//   script: { joins: ("join"|"wrong-password"|"no-ap"|"no-answer")[] (last repeats),
//             joinMs = 1500, dropAfterMs?, backAfterMs?, module?: "ok"|"no-answer", ip? }
//   radio.joined, radio.networkState(), radio.steps [{t, text}] (never the password),
//   radio.onStep = fn (live).
//   new SimWifi("espruino-wifi"|"esp32"|"esp8266", radio): require("Wifi").
//     connect(ssid, {password}, cb), disconnect(cb), getIP(cb) (sync too on
//     ESP32/ESP8266), getDetails, save(), on('associated'|'connected'|'disconnected').
//     Failures: WIFI_FAILURES per board; ESP8266 "no-answer" never calls back.
//   new SimAtModule(radio): require("ESP8266WiFi_0v25"); connect(serial, cb)
//     resets the module (1 s; "no-answer": cb("No 'ready' after AT+RST") after 10 s)
//     and returns wifi: connect(ssid, key, cb) with AT_FAILURES, getIP(cb(err, ip)).
//
// ── Pins, console, memory (sim/pins.ts, espruino.ts, memory.ts, serial.ts) ──
//   PinBank(clock, readBack).pin(name) -> SimPin write/set/reset/read/toggle;
//   bank.timeline [{t, pin, value}], bank.onChange; ledStates(), blinkCount(
//   timeline, pin, activeLow, fromT). BOARD_PINS per board (LED1 -> B2 ...).
//   EspruinoConsole: lines [{t, text, kind}], printed, uncaught, onLine.
//   process.memory(): an estimate in blocks (see sim/memory.ts for what counts).
//   SimSerial: setup() recorded in .setups, on/removeAllListeners.
//   SimStorage (sim/storage.ts): require("Storage") read/readJSON/write/
//     writeJSON/erase/list as in Espruino 2v29 (names cut to 28 chars, a
//     missing file reads as undefined, no room throws); runApp({ storage:
//     { "http-get.json": text } }) puts files there first; run.storage.
//
// ── Runner (sim/runner.ts, board.ts, context.ts) ──────────────────────────
//   const run = runApp({ code, board: "esp8266", servers: {"host:80": behaviour},
//     tlsServers, wifi: script, backend: "scripted"|"bridged", clock?,
//     firmware: { net?: false, tls?: false }, variant?, led?, ledActiveLow?,
//     start?: false, latencyMs?, storage?: { name: bytes } });
//   Runs code in a vm context whose globals are Espruino's: print, console,
//   setTimeout & co, getTime, process.memory, E (on/emit, kickWatchdog), save,
//   Modules (addCached(name, source string or function: its body is the
//   module)), require (cached modules; "net"; "tls" if the firmware has it;
//   "Wifi" on built-in WiFi boards; "ESP8266WiFi_0v25" cached on the AT board;
//   "Storage" (write/read/list/erase, sim/storage.ts); then a Storage file of
//   that name, run as a module; otherwise throws "Module X not found"), the board's pins,
//   Serial1..3, digitalWrite/digitalRead. Map, Set, Symbol, Object.freeze... removed.
//   WiFi not joined: built-in boards throw "Not connected to the internet";
//   the AT board (after its reset) fails with error -6.
//   run.clock (VirtualClock unless given), run.net / run.tls / run.wifi /
//   run.atModule / run.radio / run.pins / run.serials, run.printed,
//   run.uncaught, run.crashed (socket.on('connect') halts the run),
//   run.ledPin, run.ledStates(), run.blinks(fromT?), run.stats() ->
//   { liveTimers, listeners, openSockets, memory }, run.powerCycle({keepTimers}),
//   run.app.E / run.app.saves.calls / run.app.modules / run.app.storage.

// ── npm start (sim/start.ts, demo-server.ts, start-view.ts): see the README.

export * from "./clock";
export * from "./net-errors";
export * from "./socket";
export * from "./net-server";
export * from "./net-scripted";
export * from "./net-behaviours";
export * from "./net-bridged";
export * from "./trace-recorder";
export * from "./emitter";
export * from "./wifi-radio";
export * from "./wifi";
export * from "./wifi-at";
export * from "./serial";
export * from "./storage";
export * from "./pins";
export * from "./memory";
export * from "./espruino";
export * from "./storage";
export * from "./board";
export * from "./context";
export * from "./runner";
