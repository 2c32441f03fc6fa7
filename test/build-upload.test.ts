// npm run upload: the real Espruino command-line tool sends build/app.js,
// unchanged and offline, to a stand-in Espruino telnet console on 127.0.0.1.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, AddressInfo, Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { upload, portKind, moduleNotes, boardProblem, watchCommand } from "../tools/upload";
import { toolArgs, eraseArgs, externalModules, uploadProblem, ToolJob, STORAGE_FILE, BOARD_QUESTION } from "../tools/espruino-tool";
import { getProfile, ROOT } from "../board/profiles";
import { startFakeConsole } from "./tools/fake-espruino-console";

const dir = mkdtempSync(join(tmpdir(), "build-upload-"));
const CONFIG = { url: "http://127.0.0.1:8080/status", printBody: 64 };
const PASSWORD = "not-a-real-password-42";

function writeConfig(name: string, config: Record<string, unknown>): string {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(config));
  return file;
}

/** Runs `npm run upload -- ...args` as the user would (via tsx); at most 90 s. */
function runUpload(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", join(ROOT, "tools", "upload.ts")].concat(args), { cwd: ROOT });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const limit = setTimeout(() => child.kill(), 90000);
    child.on("close", (code) => {
      clearTimeout(limit);
      resolve({ code, stdout, stderr });
    });
  });
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

test("upload writes build/app.js unchanged to a Storage file after reset(), then runs it from there", { timeout: 120000 }, async () => {
  const fake = await startFakeConsole();
  try {
    const out = join(dir, "ram.js");
    const r = await runUpload([`--port=tcp://127.0.0.1:${fake.port}`, "--board", "linux", "--config", writeConfig("ram.json", CONFIG), "--out", out]);
    assert.equal(r.code, 0, r.stderr + r.stdout);
    const app = readFileSync(out, "latin1");
    assert.ok(fake.lines.indexOf(BOARD_QUESTION) >= 0 && fake.lines.indexOf(BOARD_QUESTION) < fake.lines.indexOf("reset();"), "the board is asked which board it is before anything is sent");
    const resetAt = fake.lines.indexOf("reset();");
    const loadAt = fake.lines.indexOf(`load(${JSON.stringify(STORAGE_FILE)})`);
    assert.ok(resetAt >= 0, "reset() was sent first");
    assert.ok(loadAt > resetAt, fake.lines.map((l) => l.slice(0, 60)).join("\n"));
    assert.equal(fake.storage[STORAGE_FILE], app, "the file is the app, byte for byte (not minified again)");
    assert.equal(fake.storage[".bootcde"], undefined, "without --save nothing runs at power-on");
    assert.equal(fake.lines.indexOf(app), -1, "the app is not typed into the console");
    assert.match(r.stdout, new RegExp(`upload: the linux app \\([0-9]+ bytes\\) is on the board at tcp://127\\.0\\.0\\.1:${fake.port}; .*; watch what it prints: npx espruino --port tcp://127\\.0\\.0\\.1:${fake.port}\n$`));
    // Offline: board/LINUX.json says net is built in, so nothing is looked up.
    assert.doesNotMatch(r.stdout + r.stderr, /not found/i);
  } finally {
    await fake.stop();
  }
});

test("upload --save erases old saved code, then writes the app as boot code", { timeout: 120000 }, async () => {
  const fake = await startFakeConsole();
  try {
    let shown = "";
    const r = await upload({
      port: `tcp://127.0.0.1:${fake.port}`, board: "linux", config: "save.json", configObject: { ...CONFIG, password: PASSWORD },
      out: join(dir, "save.js"), save: true, typeCheck: false, budget: Number.MAX_SAFE_INTEGER, onOutput: (t) => (shown += t),
    });
    assert.equal(fake.connections, 4, "one run asks the board, one erases, one writes the settings, one uploads");
    const erasedAt = fake.lines.indexOf("reset(true)");
    const loadAt = fake.lines.lastIndexOf("load()");
    assert.ok(erasedAt >= 0 && loadAt > erasedAt, fake.lines.map((l) => l.slice(0, 60)).join("\n"));
    assert.equal(fake.storage[".bootcde"], r.build.code, "the boot code is the app, byte for byte");
    assert.ok(r.args.indexOf("SAVE_ON_SEND=1") >= 0);
    assert.equal(shown.indexOf(PASSWORD), -1, "the WiFi password is never shown");
  } finally {
    await fake.stop();
  }
});

/** upload() with the app built in a temp folder, quietly; the size budget is build-bundle's test. */
function quietUpload(port: string, name: string, save = false) {
  return upload({
    port, board: "linux", config: name + ".json", configObject: CONFIG, out: join(dir, name + ".js"),
    save, typeCheck: false, budget: Number.MAX_SAFE_INTEGER, onOutput: () => undefined,
  });
}

// Uploads that fail: no console answers, so nothing here waits on the tool's
// timing, and they run side by side (the real uploads above and below run
// one at a time: the tool waits a fixed time for the board's answers).
describe("upload failures", { concurrency: true }, () => {
  test("upload fails, saying what to do, when nothing listens at the address", { timeout: 120000 }, async () => {
    const port = await freePort();
    await assert.rejects(quietUpload(`tcp://127.0.0.1:${port}`, "refused"), (e: Error) => {
      assert.match(e.message, new RegExp(`^nothing accepts connections at tcp://127\\.0\\.0\\.1:${port}: .*--telnet`));
      return true;
    });
  });

  test("upload fails, saying so, when what answers is not an Espruino console", { timeout: 120000 }, async () => {
    const sockets: Socket[] = [];
    const silent = createServer((socket) => {
      sockets.push(socket);
      socket.on("error", () => socket.destroy());
    });
    await new Promise<void>((r) => silent.listen(0, "127.0.0.1", () => r()));
    try {
      const port = (silent.address() as AddressInfo).port;
      await assert.rejects(quietUpload(`tcp://127.0.0.1:${port}`, "silent"), (e: Error) => {
        assert.equal(e.message, `nothing at tcp://127.0.0.1:${port} answered like an Espruino console: is Espruino running there, at the right baud rate?`);
        return true;
      });
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => silent.close(() => r()));
    }
  });

  test("bad upload options are one-line errors that say what to do", { timeout: 60000 }, async () => {
    const cases: [string[], RegExp][] = [
      [["--board", "linux"], /^upload: option --port is required: a serial device .* Bluetooth address .* tcp:\/\/host:port$/],
      [["--port"], /^upload: option --port needs a value \(--port PORT\)$/],
      [["--port", "tcp://127.0.0.1:99999"], /^upload: option --port 'tcp:\/\/127\.0\.0\.1:99999' is not a telnet address/],
      [["--port", "tcp://127.0.0.1:2323", "--speed", "9600"], /^upload: unknown option '--speed' \(known: --port, --board, --config, --out, --save; --help explains them\)$/],
      [["--port=tcp://127.0.0.1:2323", "--port", "COM3"], /^upload: option --port is given twice: give it once$/],
      [["--port", "tcp://127.0.0.1:2323", "--board", "uno"], /^upload: unknown board 'uno'; known boards: espruino-wifi, esp32, esp8266, pico-esp8266, linux$/],
      [["--port", "tcp://127.0.0.1:2323", "--board", "linux", "--config", join(dir, "absent.json")], /^upload: .*absent\.json: cannot read the config file/],
    ];
    // One tool process per case, all at once: each spends most of its time starting up.
    const runs = await Promise.all(cases.map(([args]) => runUpload(args)));
    cases.forEach(([args, expected], i) => {
      const r = runs[i];
      assert.equal(r.code, 1, args.join(" "));
      assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
      assert.match(r.stderr.trim(), expected);
    });
  });
});

const job = (over: Partial<ToolJob>): ToolJob => ({
  port: "/dev/ttyUSB0", kind: "serial", boardJson: "board/ESP32.json", file: "build/app.js", save: false, ...over,
});

test("the tool is told not to minify, and --no-ble unless the port is Bluetooth", () => {
  const serial = toolArgs(job({ baud: 115200 }));
  assert.deepEqual(serial.slice(0, 4), ["--port", "/dev/ttyUSB0", "--board", "board/ESP32.json"]);
  for (const setting of ["MINIFICATION_LEVEL=", "MODULE_MINIFICATION_LEVEL=", "SAVE_ON_SEND=3", "SAVE_STORAGE_FILE=" + STORAGE_FILE]) {
    assert.equal(serial[serial.indexOf(setting) - 1], "--config", setting);
  }
  assert.ok(serial.indexOf("--no-ble") >= 0);
  assert.equal(serial[serial.indexOf("-b") + 1], "115200");
  assert.equal(serial[serial.length - 1], "build/app.js");
  const ble = toolArgs(job({ port: "aa:bb:cc:dd:ee:ff", kind: "bluetooth", baud: 115200 }));
  assert.equal(ble.indexOf("--no-ble"), -1);
  assert.equal(ble.indexOf("-b"), -1, "no baud rate over Bluetooth");
  const tcp = toolArgs(job({ port: "tcp://10.0.0.5:23", kind: "tcp", save: true }));
  assert.ok(tcp.indexOf("--no-ble") >= 0 && tcp.indexOf("SAVE_ON_SEND=1") >= 0);
  const erase = eraseArgs(job({}));
  assert.deepEqual(erase.slice(-2), ["-e", "reset(true)"]);
  assert.ok(erase.indexOf("SAVE_ON_SEND=0") >= 0, "the erase command is typed, not written to flash");
});

test("ports: serial device, Bluetooth address or tcp://host:port", () => {
  assert.equal(portKind("/dev/ttyACM0"), "serial");
  assert.equal(portKind("COM3"), "serial");
  assert.equal(portKind("AA:BB:CC:DD:EE:FF"), "bluetooth");
  assert.equal(portKind("tcp://192.168.1.50"), "tcp");
  assert.equal(portKind("tcp://127.0.0.1:2323"), "tcp");
  assert.throws(() => portKind("tcp://"), /not a telnet address/);
  assert.throws(() => portKind("tcp://host:0"), /not a telnet address/);
});

test("a module the firmware lacks is named, with where it comes from", () => {
  const code = 'var n=require("net"),w=require("ESP8266WiFi_0v25");require("net");print(\'require("\'+n+\'")\')';
  assert.deepEqual(externalModules(code, ["net", "tls"]), ["ESP8266WiFi_0v25"]);
  const notes = moduleNotes(code, getProfile("pico-esp8266"), ["net", "tls"]);
  assert.equal(notes.length, 1);
  assert.match(notes[0], /ESP8266WiFi_0v25 is not built into the pico-esp8266 firmware: .*(internet|modules\/ESP8266WiFi_0v25\.js)/);
  const problem = uploadProblem("Connected\nModule ESP8266WiFi_0v25 not found\nUpload Complete\n", job({}));
  assert.match(problem || "", /ESP8266WiFi_0v25 could not be loaded: connect to the internet .* modules\/ESP8266WiFi_0v25\.js/);
  assert.equal(uploadProblem("Connected\n--] >\nUpload Complete\n", job({})), null);
  assert.equal(uploadProblem("Connected\n--] Uncaught Error: Module Wifi not found\nUpload Complete\n", job({})), null, "the board's own output is not the tool's");
  assert.match(uploadProblem("Connected\nUpload Complete\n", job({})) || "", /nothing at \/dev\/ttyUSB0 answered like an Espruino console/);
  assert.match(uploadProblem('serial: Port "/dev/ttyUSB0" not found\nUnable to connect!\n', job({})) || "", /could not open \/dev\/ttyUSB0: .*dialout/);
});

test("upload refuses a board other than the one built for, naming the board that answered", { timeout: 120000 }, async () => {
  const fake = await startFakeConsole();
  fake.board = "ESP32";
  try {
    await assert.rejects(quietUpload(`tcp://127.0.0.1:${fake.port}`, "other"), (e: Error) => {
      assert.equal(e.message, `the board at tcp://127.0.0.1:${fake.port} is a ESP32, but this app is built for linux (LINUX or RASPBERRYPI): nothing was sent; build for it with --board esp32`);
      return true;
    });
    assert.deepEqual(fake.storage, {}, "nothing written");
    assert.deepEqual(fake.lines, ["print()", BOARD_QUESTION]);
  } finally {
    await fake.stop();
  }
});

test("the board check names what answered and which --board fits", () => {
  const wifi = getProfile("espruino-wifi");
  assert.equal(boardProblem("ESPRUINOWIFI", wifi, "/dev/ttyACM0"), null);
  assert.equal(boardProblem("ESP8266_BOARD", getProfile("esp8266"), "COM3"), null);
  assert.equal(boardProblem("RASPBERRYPI", getProfile("linux"), "tcp://pi:2323"), null);
  assert.equal(boardProblem("PUCKJS", wifi, "aa:bb:cc:dd:ee:ff"),
    "the board at aa:bb:cc:dd:ee:ff is a PUCKJS, but this app is built for espruino-wifi (ESPRUINOWIFI): nothing was sent; no board profile fits it (known boards: espruino-wifi, esp32, esp8266, pico-esp8266, linux)");
  assert.match(boardProblem(null, wifi, "COM3") || "", /^the board at COM3 did not say which board it is/);
  assert.equal(watchCommand("/dev/ttyUSB0", getProfile("esp32")), "npx espruino --port /dev/ttyUSB0 -b 115200");
  assert.equal(watchCommand("tcp://127.0.0.1:2323", getProfile("esp32")), "npx espruino --port tcp://127.0.0.1:2323");
});

test("the tool's raw errors and stack traces become one line that says what to do", () => {
  const dns = 'Connecting to \'tcp://nowhere.invalid:23\'\nRECEIVE ERROR: {"errno":-3008,"code":"ENOTFOUND","syscall":"getaddrinfo","hostname":"nowhere.invalid"}\n';
  assert.equal(uploadProblem(dns, job({ port: "tcp://nowhere.invalid:23", kind: "tcp" })),
    "the host 'nowhere.invalid' is not known (no DNS answer for it): check the name, or use the board's IP address (tcp://192.168.1.50:23)");
  const timeout = 'RECEIVE ERROR: {"errno":-110,"code":"ETIMEDOUT","syscall":"connect"}\n';
  assert.match(uploadProblem(timeout, job({ port: "tcp://10.0.0.9:23", kind: "tcp" })) || "", /^no answer from tcp:\/\/10\.0\.0\.9:23 \(ETIMEDOUT\): /);
  const dbus = "Connecting to 'aa:bb:cc:dd:ee:ff'\n/x/node_modules/espruino/core/serial_noble.js:56\n    } else throw err;\n           ^\n\n" +
    "Error: connect ENOENT /var/run/dbus/system_bus_socket\n    at PipeConnectWrap.afterConnect [as oncomplete] (node:net:1611:16)\n\nNode.js v20.20.2\n";
  assert.match(uploadProblem(dbus, job({ port: "aa:bb:cc:dd:ee:ff", kind: "bluetooth" })) || "", /^Bluetooth is not available on this computer \(no D-Bus system bus/);
  const other = "/x/espruino-cli.js:12\nTypeError: boom\n    at x (y.js:1:1)\nNode.js v20.20.2\n";
  assert.equal(uploadProblem(other, job({})), "the Espruino tool crashed: TypeError: boom (run the tool by hand with --verbose to see more)");
});

test("Bluetooth on a computer without D-Bus: one line, no stack trace", { timeout: 60000, skip: existsSync("/var/run/dbus/system_bus_socket") && "this computer has D-Bus" }, async () => {
  let shown = "";
  await assert.rejects(upload({
    port: "aa:bb:cc:dd:ee:ff", board: "linux", config: "ble.json", configObject: CONFIG, out: join(dir, "ble.js"),
    typeCheck: false, budget: Number.MAX_SAFE_INTEGER, onOutput: (t) => (shown += t),
  }), /^Error: Bluetooth is not available on this computer \(no D-Bus system bus/);
  assert.doesNotMatch(shown, /^\s+at |Node\.js v|system_bus_socket/m, "the tool's stack trace is not shown");
});
