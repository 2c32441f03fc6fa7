// The responses the benchmarks stream: a 256 KiB body holding every byte
// value, framed by Content-Length or chunked (1000-byte chunks, the size
// Espruino's own figures were measured with), delivered in socket-sized
// pieces (the sizes of board/profiles.json, as the interpreter's data events
// arrive).
import { chunkSizes } from "../board/profiles";

export const BODY_BYTES = 256 * 1024;
/** The usual socket piece (536 bytes) and the smallest (ESP8266's 268). */
export const PIECE = chunkSizes()[0];
export const ESP8266_PIECE = chunkSizes()[chunkSizes().length - 1];
export const CHUNK = 1000;

/** BODY_BYTES of binary content, one char per byte. */
export function body(n = BODY_BYTES): string {
  let s = "";
  for (let i = 0; i < n; i++) s += String.fromCharCode((i * 7 + 3) & 255);
  return s;
}

export function withLength(b: string): string {
  return "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: " + b.length + "\r\nConnection: close\r\n\r\n" + b;
}

export function chunked(b: string, chunk = CHUNK): string {
  let out = "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n";
  for (let i = 0; i < b.length; i += chunk) {
    const part = b.substring(i, i + chunk);
    out += part.length.toString(16) + "\r\n" + part + "\r\n";
  }
  return out + "0\r\n\r\n";
}

export function pieces(raw: string, size = PIECE): string[] {
  const out: string[] = [];
  for (let i = 0; i < raw.length; i += size) out.push(raw.substring(i, i + size));
  return out;
}

export interface Framing {
  name: "content-length" | "chunked";
  raw: string;
}

export function framings(b = body()): Framing[] {
  return [
    { name: "content-length", raw: withLength(b) },
    { name: "chunked", raw: chunked(b) },
  ];
}
