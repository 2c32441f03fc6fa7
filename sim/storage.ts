// require("Storage"): Espruino's flash file system, as Espruino 2v29 has it
// (src/jswrap_storage.c, src/jsflash.c), for the app's settings file and the
// files an upload writes. Files hold bytes: strings of char codes 0-255
// (latin1), as a board's flash does. It lives with the board, so it survives
// reset() and a power cycle.
//
//   read(name)            the file's text; undefined when there is none
//   readJSON(name, noEx)  JSON.parse of it; undefined when there is no file;
//                         not JSON: throws, or undefined with noEx true
//   write(name, data, offset?, size?)  a string (an object is written as JSON);
//                         offset/size write a file in parts, as the Espruino
//                         tools upload one; "" throws; no room throws
//   writeJSON(name, v), erase(name), list(), getFree()
// Names longer than 28 characters are cut to 28 (jsfNameFromVar), as on the board.
// require(name) of a module that is neither cached nor built in runs the
// Storage file of that name, as Espruino 2v29 does (measured: a module
// written with require("Storage").write("m", src) loads with require("m")):
// sim/context.ts.

import type { ErrorFactory } from "./net-errors";

/** sizeof(JsfFileName) on most boards (Bangle.js and friends differ). */
export const STORAGE_NAME_MAX = 28;
/** Room for files, bytes: a small board's Storage area (Espruino WiFi and Pico have more). */
export const STORAGE_BYTES = 32768;

export class SimStorage {
  private files = new Map<string, string>();
  /** Set by the context: errors made in the app's realm, as Espruino throws them. */
  makeError: ErrorFactory = (name, message) => Object.assign(new Error(message), { name });
  /** Set by the context: JSON.parse of the app's realm, so parsed arrays are the app's Arrays. */
  parse: (text: string) => unknown = JSON.parse;

  constructor(initial: Record<string, string> = {}, readonly capacity = STORAGE_BYTES) {
    for (const k of Object.keys(initial)) this.files.set(nameOf(k), initial[k]);
  }

  read(name: unknown, offset?: number, length?: number): string | undefined {
    const text = this.files.get(nameOf(name));
    if (text === undefined) return undefined;
    const from = Math.min(Math.max(offset || 0, 0), text.length);
    return length && length > 0 ? text.substr(from, length) : text.slice(from);
  }

  readJSON(name: unknown, noExceptions?: unknown): unknown {
    const text = this.read(name);
    if (text === undefined) return undefined;
    try {
      return this.parse(text);
    } catch {
      if (noExceptions) return undefined;
      throw this.makeError("SyntaxError", "Got invalid JSON in " + nameOf(name));
    }
  }

  write(name: unknown, data: unknown, offset?: number, size?: number): boolean {
    const n = nameOf(name);
    const json = typeof data === "object" && data !== null;
    const text = json ? JSON.stringify(data) : String(data);
    const at = json ? 0 : offset || 0;
    if (!text.length && !size) throw this.makeError("Error", "Can't create zero length file");
    if (at === 0) {
      // A new file (or one rewritten from the start) takes `size` bytes, or
      // the data's; the rest stays erased flash (0xFF) until written.
      const length = (!json && size) || text.length;
      if (this.used() - (this.files.get(n)?.length || 0) + length > this.capacity) throw this.makeError("Error", "Unable to find or create file");
      if (text.length > length) throw this.makeError("Error", "Too much data for file size");
      this.files.set(n, text + "\xff".repeat(length - text.length));
      return true;
    }
    const old = this.files.get(n);
    if (old === undefined) throw this.makeError("Error", "Unable to find or create file");
    if (at + text.length > old.length) throw this.makeError("Error", "Too much data for file size");
    this.files.set(n, old.slice(0, at) + text + old.slice(at + text.length));
    return true;
  }

  writeJSON(name: unknown, data: unknown): boolean {
    return this.write(name, JSON.stringify(data));
  }

  erase(name: unknown): void {
    this.files.delete(nameOf(name));
  }

  list(): string[] {
    return Array.from(this.files.keys());
  }

  getFree(): number {
    return this.capacity - this.used();
  }

  /** Every file, for tests: name -> bytes. */
  snapshot(): Record<string, string> {
    return Object.fromEntries(this.files);
  }

  private used(): number {
    let n = 0;
    for (const v of this.files.values()) n += v.length;
    return n;
  }
}

function nameOf(name: unknown): string {
  return String(name).slice(0, STORAGE_NAME_MAX);
}
