// Espruino's UARTs (Serial1, Serial2, ...): setup() is recorded so tests can
// check the wiring, and `data` listeners are counted (each AT module connect
// adds one).

import { Emitter } from "./emitter";

export interface SerialSetup {
  baud: number;
  options: Record<string, unknown>;
}

export class SimSerial extends Emitter {
  /** Every setup() call, in order. */
  readonly setups: SerialSetup[] = [];
  /** Bytes written to the port. */
  written = "";

  constructor(readonly name: string) {
    super();
  }

  setup(baud: number, options: Record<string, unknown> = {}): void {
    this.setups.push({ baud: Number(baud), options: { ...options } });
  }

  write(data: unknown): void {
    this.written += String(data);
  }

  print(data: unknown): void {
    this.write(data);
  }

  println(data: unknown): void {
    this.write(String(data) + "\r\n");
  }
}
