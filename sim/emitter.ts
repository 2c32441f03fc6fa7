// Espruino's object events: every object can have on(), emit(),
// removeListener() and removeAllListeners(). Used by the simulated Wifi,
// serial ports and E.

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Handler = (...args: any[]) => void;

export class Emitter {
  private handlers: Record<string, Handler[]> = {};

  on(event: string, fn: Handler): void {
    if (typeof fn !== "function") return;
    (this.handlers[event] = this.handlers[event] || []).push(fn);
  }

  removeListener(event: string, fn: Handler): void {
    const list = this.handlers[event];
    if (list) this.handlers[event] = list.filter((f) => f !== fn);
  }

  removeAllListeners(event?: string): void {
    if (event === undefined) this.handlers = {};
    else delete this.handlers[event];
  }

  emit(event: string, ...args: unknown[]): void {
    for (const fn of (this.handlers[event] || []).slice()) fn.apply(this, args);
  }

  listenerCount(event?: string): number {
    if (event !== undefined) return (this.handlers[event] || []).length;
    let n = 0;
    for (const k of Object.keys(this.handlers)) n += this.handlers[k].length;
    return n;
  }
}
