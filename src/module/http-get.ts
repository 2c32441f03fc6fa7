// The module's edge: require("http-get") for anyone's own Espruino code. It is
// the app's client (src/client/get.ts) with Espruino's real `net`, `tls` and
// timers wired in here, at call time: loading the module defines functions
// and runs nothing. What it adds to get() is the user's side of the API
// (./api.ts): options and headers as plain objects, the body collected up to
// maxBody unless onData takes it, a response object with header lookup that
// ignores case, errors as {code, message}, abort() that calls back, and a
// promise form.
//
// Memory: every function the module defines costs about 5 variable blocks
// for as long as it is loaded (plus one per parameter), and a function made
// inside another is made again at every call. So the per-request state is
// one object (`Call`, which is also get()'s options), the handlers are a few
// module-level functions bound to it, and small steps are written out where
// they are used.

import { get as request, GetOptions, GetResult } from "../client/get";
import { HttpError, httpError, E_TOO_LARGE, E_UNSUPPORTED } from "../http/errors";
import { checkExtraHeaders } from "../http/request";
import { ResponseHead } from "../http/response-parser";
import { EspNet } from "../device";
import { HttpGet, HttpGetCallback, HttpGetHead, HttpGetOptions, HttpGetRequest, HttpGetResponse } from "./api";

const DEFAULT_TIMEOUT = 10000;
const DEFAULT_MAX_BODY = 4096;

/** One get(): get()'s own options plus the caller's side. */
interface Call extends GetOptions {
  /** The caller's callback; null once called (or undefined: nobody asked). */
  cb_?: HttpGetCallback | null;
  /** The body so far; undefined when onData takes it. */
  body_?: string;
  max_: number;
  /** The caller's onHead. */
  head_?: (head: HttpGetHead) => void;
  /** get()'s handle; absent when the call failed before it started. */
  req_?: { abort(): void };
  /** The call is what get() returns: abort() is the caller's one method on it. */
  abort?: (this: Call) => void;
}

function now(): number {
  return getTime() * 1000;
}

/**
 * The firmware's `net` and `tls`, in that order, each undefined where it
 * has none (ESP8266 has no tls). Required with a variable: the Espruino
 * tools look for require("...") with a literal and would try to download
 * "tls" for boards without it. @once: get() is its one caller.
 */
function firmwareModules(): (EspNet | undefined)[] {
  // By place, not by name: the build shortens the app's property names.
  const found: (EspNet | undefined)[] = [];
  const names = ["net", "tls"];
  for (let i = 0; i < names.length; i++) {
    try {
      found[i] = require(names[i]);
    } catch (e) {
      // Not in this firmware.
    }
  }
  return found;
}

/**
 * `res.header(name)`: a field by name, ignoring case. Values are strings,
 * so a name such as "constructor" finds no inherited property.
 */
function header(this: HttpGetHead, name: string): string | undefined {
  const value = this.headers[("" + name).toLowerCase()];
  return typeof value === "string" ? value : undefined;
}

// get()'s handlers: onHead is called on the options (`this`), the others are bound to them.

function onHead(this: Call, head: ResponseHead): void {
  const list = head.headers;
  const fields: { [name: string]: string } = {};
  for (let i = 0; i < list.length; i++) {
    const key = list[i][0].toLowerCase();
    // RFC 9110 5.3: repeated fields form one list, joined with ", ".
    fields[key] = typeof fields[key] === "string" ? fields[key] + ", " + list[i][1] : list[i][1];
  }
  // The head becomes the response, as get() makes it its result: one
  // object, and the list of fields dropped for the object by name.
  const res = head as unknown as HttpGetResponse & { reason?: string; version?: string };
  res.statusText = head.reason;
  res.headers = fields;
  res.header = header;
  delete res.reason;
  delete res.version;
  if (this.head_) this.head_(res);
}

function collect(this: Call, chunk: string): void {
  // Never a silent cut: a body over maxBody is an error, not a short body.
  if (this.body_!.length + chunk.length > this.max_) {
    this.req_!.abort();
    done.call(this, httpError(E_TOO_LARGE, "body over maxBody (" + this.max_ + " bytes)"));
  } else this.body_ += chunk;
}

/**
 * get()'s callback, and every other end of a call: calls the caller back,
 * once, with the error as the API gives it, {code, message}.
 */
function done(this: Call, err: HttpError | null, result?: GetResult | null): void {
  const cb = this.cb_;
  const res = result as unknown as HttpGetResponse;
  this.cb_ = null;
  if (res && this.body_ !== undefined) res.body = this.body_;
  if (cb) cb(err && { code: err.code, message: err.reason }, res || null);
}

function abort(this: Call): void {
  if (!this.cb_) return;
  if (this.req_) this.req_.abort();
  done.call(this, { code: "ABORTED", reason: "aborted" } as unknown as HttpError);
}

/**
 * The fields to keep: the names in `list`, in lower case as the parser
 * compares them, or without a list the default ones. A literal here, not a
 * module constant: an array kept for as long as the module is loaded costs
 * variable blocks all that time. The framing fields and Location are kept by
 * the parser whatever the list says. @once: get() is its one caller.
 */
function keptFields(list: string[] | undefined): string[] {
  const out: string[] = list ? [] : ["content-type", "date", "etag", "last-modified"];
  for (let i = 0; list && i < list.length; i++) out.push(("" + list[i]).toLowerCase());
  return out;
}

/** See ./api.ts: get(url, [options], [callback]); without a callback, a promise where the firmware has one. */
export const get = function (url: string, options?: HttpGetOptions | HttpGetCallback | null, callback?: HttpGetCallback): HttpGetRequest {
  if (typeof options === "function") {
    callback = options;
    options = null;
  }
  const o = (options || {}) as HttpGetOptions;
  let req: HttpGetRequest;
  if (!callback && typeof Promise !== "undefined") {
    const p = new Promise(function (resolve, reject) {
      req = get(url, o, function (err, res) {
        if (err) reject(err);
        else resolve(res);
      });
    }) as unknown as HttpGetRequest;
    p.abort = function () {
      req.abort();
    };
    return p;
  }
  const names = o.headers ? Object.keys(o.headers) : [];
  const headers: [string, string][] = [];
  for (let i = 0; i < names.length; i++) headers.push([names[i], "" + o.headers![names[i]]]);
  const modules = firmwareModules();
  const net = modules[0];
  const keep = keptFields(o.keep);
  const call: Call = {
    timeoutMs: o.timeout! > 0 ? o.timeout! : DEFAULT_TIMEOUT,
    headers: headers,
    net: net!,
    tls: modules[1],
    process: process,
    timers: { setTimeout: setTimeout, clearTimeout: clearTimeout as (id: unknown) => void, now: now },
    maxRedirects: o.maxRedirects,
    keep: keep,
    onHead: onHead,
    cb_: callback,
    body_: o.onData ? undefined : "",
    max_: o.maxBody! >= 0 ? o.maxBody! : DEFAULT_MAX_BODY,
    head_: o.onHead,
  };
  call.onBody = o.onData || collect.bind(call);
  call.abort = abort;
  // Headers come from the caller's code at run time: checked here, since
  // nothing may add a line to the request (the app checks its own at build).
  let err = net ? null : httpError(E_UNSUPPORTED, 'this firmware has no require("net")');
  if (!err) err = checkExtraHeaders(headers);
  // As get() does: the callback never runs before get() returns.
  if (err) setTimeout(function () {
    done.call(call, err);
  }, 0);
  else call.req_ = request("" + url, call, done.bind(call));
  return call as HttpGetRequest;
} as HttpGet["get"];
