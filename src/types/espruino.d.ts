// The part of Espruino's API that the two edges (src/main.ts for the app,
// src/module/http-get.ts for the module) touch, and nothing more. Only the
// device tsconfig sees this file; every other module receives these objects
// through the narrow interfaces in src/device.ts, so that the host
// simulation can stand in for them.

interface EspruinoPin {
  write(value: boolean): void;
}

interface EspruinoMemory {
  free: number;
  usage: number;
  total: number;
}

declare function print(...args: unknown[]): void;
declare function getTime(): number;
declare function setTimeout(fn: () => void, ms: number): number;
declare function clearTimeout(id: number): void;
declare function setInterval(fn: () => void, ms: number): number;
declare function clearInterval(id: number): void;
declare function require(name: string): any;

declare const process: { memory(): EspruinoMemory; on(event: "uncaughtException", fn: (e: unknown) => void): void; removeAllListeners(event: string): void };
declare const E: {
  on(event: "init" | "kill", fn: () => void): void;
  kickWatchdog?: () => void;
};
/** Where the firmware has it (2v29 does): the module's promise form checks first. */
declare const Promise: PromiseConstructorLike;
/** The global scope: pins and serial ports are found here by name. */
declare const global: { [name: string]: any };
