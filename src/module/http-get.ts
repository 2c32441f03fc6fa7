// The module's edge: require("http-get") for anyone's own Espruino code. It is
// the app's client (src/client/get.ts) with Espruino's real `net`, `tls` and
// timers wired in here, at call time: loading the module defines functions
// and runs nothing. What it adds to get() is the user's side of the API
// (./api.ts): options and headers as plain objects, the body collected up to
// maxBody unless onData takes it, a response object with header lookup that
// ignores case, errors as {code, message}, abort() that calls back, and a
// promise form.
//
// Memory: on Espruino a function made inside another is a copy of its text,
// made at every call, so the per-request state is one object (`Call`, which
// is also get()'s options) and the handlers are module-level functions bound
// to it.

import { get as request, GetOptions, GetResult } from "../client/get";
import { HttpError, httpError, E_TOO_LARGE, E_UNSUPPORTED } from "../http/errors";
import { checkExtraHeaders } from "../http/request";
import { ResponseHead } from "../http/response-parser";
import { EspNet } from "../device";
import { HttpGet, HttpGetCallback, HttpGetError, HttpGetHead, HttpGetOptions, HttpGetRequest, HttpGetResponse } from "./api";

const DEFAULT_TIMEOUT = 10000;
const DEFAULT_MAX_BODY = 4096;

/** One get(): get()'s own options plus the caller's side. */
interface Call extends GetOptions {
  /** The caller's callback; null once called. */
  cb_: HttpGetCallback | null;
  /** The body so far; undefined when onData takes it. */
  body_?: string;
  max_: number;
  /** The caller's onHead. */
  head_?: (head: HttpGetHead) => void;
  res_?: HttpGetResponse;
  /** get()'s handle; absent when the call failed before it started. */
  req_?: { abort(): void };
}

function ignore(): void {
  // a result nobody asked for
}

function now(): number {
  return getTime() * 1000;
}

function own(o: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(o, key);
}

/**
 * The firmware's module, or undefined where it has none (ESP8266 has no
 * tls). Called with a variable: the Espruino tools look for require("...")
 * with a literal and would try to download "tls" for boards without it.
 */
function builtin(name: string): EspNet | undefined {
  try {
    return require(name);
  } catch (e) {
    return undefined;
  }
}

function toError(e: HttpError): HttpGetError {
  return { code: e.code, message: e.reason };
}

/** Calls the caller back, once. */
function end(call: Call, err: HttpGetError | null, res?: HttpGetResponse): void {
  const cb = call.cb_;
  call.cb_ = null;
  if (cb) cb(err, res || null);
}

/** `res.header(name)`: a field by name, ignoring case. */
function header(this: HttpGetHead, name: string): string | undefined {
  const key = ("" + name).toLowerCase();
  return own(this.headers, key) ? this.headers[key] : undefined;
}

/** The fields by lower-case name; RFC 9110 5.3: repeated fields form one list, joined with ", ". */
function fieldsByName(list: [string, string][]): { [name: string]: string } {
  const out: { [name: string]: string } = {};
  for (let i = 0; i < list.length; i++) {
    const key = list[i][0].toLowerCase();
    out[key] = own(out, key) ? out[key] + ", " + list[i][1] : list[i][1];
  }
  return out;
}

function tooLarge(call: Call, what: string): void {
  call.req_!.abort();
  end(call, toError(httpError(E_TOO_LARGE, what + " over maxBody (" + call.max_ + " bytes)")));
}

// get()'s handlers: onHead is called on the options (`this`), the others are bound to them.

function onHead(this: Call, head: ResponseHead): void {
  const res = this.res_ = {
    status: head.status,
    statusText: head.reason,
    headers: fieldsByName(head.headers),
    url: (head as GetResult).url,
    header: header,
  } as HttpGetResponse;
  const length = res.headers["content-length"];
  // A body that cannot fit is refused before it is read.
  if (this.body_ !== undefined && +length > this.max_) return tooLarge(this, "body of " + length + " bytes");
  if (this.head_) this.head_(res);
}

function collect(this: Call, chunk: string): void {
  // Never a silent cut: a body over maxBody is an error, not a short body.
  if (this.body_!.length + chunk.length > this.max_) tooLarge(this, "body");
  else this.body_ += chunk;
}

function done(this: Call, err: HttpError | null, result: GetResult | null): void {
  if (err) return end(this, toError(err));
  const res = this.res_!;
  res.bytes = result!.bytes;
  res.timings = result!.timings;
  if (this.body_ !== undefined) res.body = this.body_;
  end(this, null, res);
}

function abort(this: Call): void {
  if (!this.cb_) return;
  if (this.req_) this.req_.abort();
  end(this, { code: "ABORTED", message: "aborted" });
}

function start(url: string, o: HttpGetOptions, cb: HttpGetCallback): HttpGetRequest {
  const names = o.headers ? Object.keys(o.headers) : [];
  const headers: [string, string][] = [];
  for (let i = 0; i < names.length; i++) headers.push([names[i], "" + o.headers![names[i]]]);
  const net = builtin("net");
  const call: Call = {
    timeoutMs: o.timeout! > 0 ? o.timeout! : DEFAULT_TIMEOUT,
    headers: headers,
    net: net!,
    tls: builtin("tls"),
    timers: { setTimeout: setTimeout, clearTimeout: clearTimeout as (id: unknown) => void, now: now },
    maxRedirects: o.maxRedirects,
    onHead: onHead,
    cb_: cb,
    body_: o.onData ? undefined : "",
    max_: o.maxBody! >= 0 ? o.maxBody! : DEFAULT_MAX_BODY,
    head_: o.onHead,
  };
  call.onBody = o.onData || collect.bind(call);
  // Headers come from the caller's code at run time: checked here, since
  // nothing may add a line to the request (the app checks its own at build).
  const err = net ? checkExtraHeaders(headers) : httpError(E_UNSUPPORTED, 'this firmware has no require("net")');
  // As get() does: the callback never runs before get() returns.
  if (err) setTimeout(function () {
    end(call, toError(err));
  }, 0);
  else call.req_ = request("" + url, call, done.bind(call));
  return { abort: abort.bind(call) };
}

/** See ./api.ts: get(url, [options], [callback]); without a callback, a promise where the firmware has one. */
export const get = function (url: string, options?: HttpGetOptions | HttpGetCallback | null, callback?: HttpGetCallback) {
  if (typeof options === "function") {
    callback = options;
    options = null;
  }
  const o = (options || {}) as HttpGetOptions;
  if (callback || typeof Promise === "undefined") return start(url, o, callback || ignore);
  let req: HttpGetRequest;
  const p = new Promise(function (resolve, reject) {
    req = start(url, o, function (err, res) {
      if (err) reject(err);
      else resolve(res);
    });
  }) as unknown as HttpGetRequest;
  p.abort = function () {
    req.abort();
  };
  return p;
} as HttpGet["get"];
