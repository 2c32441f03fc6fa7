// A stand-in for an Espruino telnet console (Espruino for Linux started with
// --telnet, or a board's telnet on port 23) on 127.0.0.1, good enough for the
// Espruino command-line tool to upload to it. It answers the way Espruino
// 2v29 answered that tool: a prompt after each line, the banner after
// reset(), "< << ... >> >" around process.env. It records the lines it was
// sent, and runs those that use require("Storage") against the simulation's
// Storage (sim/storage.ts), with print, atob and load(), so what an upload or
// a configure leaves in flash is there to read and to run.
import * as net from "node:net";
import * as vm from "node:vm";
import { SimStorage } from "../../sim/storage";

const PROMPT = "\r\n>";
const BANNER = "\r\n ____                 _ \r\n|  __|___ ___ ___ _ _|_|___ ___ \r\n|  __|_ -| . |  _| | | |   | . |\r\n" +
  "|____|___|  _|_| |___|_|_|_|___|\r\n         |_| espruino.com\r\n 2v29 (c) 2025 G.Williams\r\n";
const ENV = { VERSION: "2v29", BOARD: "LINUX", MODULES: "net,tls,http,Storage" };
/** The upload's question: which board is this? */
const BOARD_QUESTION = 'print("BOARD="+process.env.BOARD)';
/** Echo off for one line (the tool starts each line with it). */
const DLE = "\x10";
/** ESC + LF: a newline that does not end the statement. */
const ALT_ENTER = "\x1b\n";
// ESC [ n d: the tool's "this is source line n" marker.
const LINE_MARK = /\x1b\[[0-9]+d/g;

export interface FakeConsole {
  port: number;
  /** Every byte the tool sent, in order (latin1). */
  received(): string;
  /** The statements the console was asked to run, markers stripped, in order. */
  lines: string[];
  /** Storage files written with require("Storage").write(), name -> bytes. */
  storage: Record<string, string>;
  /** What load() was asked to run, in order ("" for the boot code). */
  loads: string[];
  connections: number;
  /** What it answers as process.env.BOARD (default LINUX). */
  board: string;
  stop(): Promise<void>;
}

/** Starts the console on a free port; it stops by itself after `limitMs`. */
export function startFakeConsole(limitMs = 60000): Promise<FakeConsole> {
  const chunks: Buffer[] = [];
  const sockets = new Set<net.Socket>();
  const fake: FakeConsole = {
    port: 0,
    received: () => Buffer.concat(chunks).toString("latin1"),
    lines: [],
    storage: {},
    loads: [],
    connections: 0,
    board: ENV.BOARD,
    stop: () => new Promise((done) => {
      clearTimeout(limit);
      for (const s of sockets) s.destroy();
      server.close(() => done());
    }),
  };
  const server = net.createServer((socket) => {
    fake.connections++;
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => socket.destroy());
    let pending = "";
    socket.on("data", (data) => {
      chunks.push(data);
      pending += data.toString("latin1");
      pending = runLines(pending, fake, (reply) => socket.write(reply, "latin1"));
    });
    socket.write(">");
  });
  const limit = setTimeout(() => void fake.stop(), limitMs);
  limit.unref();
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      fake.port = (server.address() as net.AddressInfo).port;
      resolve(fake);
    });
  });
}

/** Runs every complete line in `pending`; returns the unfinished rest. */
function runLines(pending: string, fake: FakeConsole, reply: (s: string) => void): string {
  for (;;) {
    let end = pending.indexOf("\n");
    while (end > 0 && pending.charAt(end - 1) === "\x1b") end = pending.indexOf("\n", end + 1);
    if (end < 0) return pending;
    const line = pending.slice(0, end).split(ALT_ENTER).join("\n").split(DLE).join("").replace(LINE_MARK, "").replace(/\x03/g, "").trim();
    pending = pending.slice(end + 1);
    if (line !== "") fake.lines.push(line);
    reply(answer(line, fake));
  }
}

function answer(line: string, fake: FakeConsole): string {
  if (/^reset\(true\);?$/.test(line)) {
    // Espruino's jsfRemoveCodeFromFlash: the saved code only, not other files.
    for (const name of [".bootcde", ".bootrst", ".varimage"]) delete fake.storage[name];
    return "Erasing saved code.\r\nDone!\r\n" + BANNER + PROMPT;
  }
  if (/^reset\(\);?$/.test(line) || /^load\(("[^"]*")?\);?$/.test(line)) return BANNER + PROMPT;
  if (line.indexOf("process.env") >= 0 && line.indexOf('"<<"') >= 0) return `< << ${JSON.stringify({ ...ENV, BOARD: fake.board })} >> >` + PROMPT;
  if (line === BOARD_QUESTION) return `BOARD=${fake.board}\r\n=undefined` + PROMPT;
  let printed = "";
  for (const statement of line.split("\n")) if (statement.indexOf('require("Storage")') >= 0) printed += runStatement(statement, fake);
  return printed + PROMPT;
}

/** Runs one statement that uses Storage; returns what it printed. */
function runStatement(statement: string, fake: FakeConsole): string {
  const storage = new SimStorage(fake.storage);
  let printed = "";
  const sandbox = {
    require: (name: string) => {
      if (name !== "Storage") throw new Error(`Module ${name} not found`);
      return storage;
    },
    print: (...a: unknown[]) => (printed += a.join(" ") + "\r\n"),
    atob: (b64: string) => Buffer.from(b64, "base64").toString("latin1"),
    load: (name?: string) => fake.loads.push(name === undefined ? "" : String(name)),
  };
  try {
    vm.runInNewContext(statement, sandbox, { timeout: 1000 });
  } catch (e) {
    printed += `Uncaught ${(e as Error).message}\r\n`;
  }
  fake.storage = storage.snapshot();
  return printed;
}
