// require("Storage"): the flash file system, as far as programs use it to
// keep code (write, read, list, erase). require(name) of a module that is
// neither cached nor built in runs the Storage file of that name, as
// Espruino 2v29 does (measured: a module written with
// require("Storage").write("m", src) loads with require("m")).

export class SimStorage {
  private files = new Map<string, string>();

  /** write(name, data, offset, size): with offset, data goes into the file at that place (size: the file's full size). */
  write = (name: string, data: unknown, offset?: number, size?: number): boolean => {
    const text = String(data);
    const key = String(name);
    if (offset === undefined) {
      this.files.set(key, text);
      return true;
    }
    const old = (this.files.get(key) || "").padEnd(size || 0, "\xff");
    this.files.set(key, old.slice(0, offset) + text + old.slice(offset + text.length));
    return true;
  };

  /** The file's text, or undefined when there is none. */
  read = (name: string): string | undefined => this.files.get(String(name));

  erase = (name: string): void => {
    this.files.delete(String(name));
  };

  list = (): string[] => Array.from(this.files.keys());
}
