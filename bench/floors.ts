// What JavaScript on Espruino can do at all: the programs the app is measured
// against on the real interpreter (espruino.ts), each a few lines of ES5 run
// as they stand, each way of CODE_AT below as the app is. Every one fetches
// the same response from the same server, takes its time from just before
// net.connect() to the end of the body, and prints `RESULT <ms> <bytes>`:
//
//   raw       a net socket whose data handler only counts bytes: the cost of
//             the socket layer alone (Content-Length and close-delimited)
//   hand      the least a hand-written chunked decoder can do: per piece one
//             length test on the fast path; per chunk boundary one indexOf,
//             one parseInt, one substr, trusting the framing
//   http      Espruino's own C http module, for scale

/** The request every floor sends (the app sends its own, a few header lines longer). */
function request(port: number): string {
  return JSON.stringify("GET / HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nConnection: close\r\n\r\n");
}

const REPORT = 'function report(){print("RESULT "+(getTime()-t0)*1000+" "+n);}';

// Started on the next tick: a socket opened while load() is still running
// the file never connects (measured on 2v29 for Linux). The app starts its
// request on a timer too.
function socket(port: number, handlers: string): string {
  return `var t0,n=0,s;${REPORT}
setTimeout(function(){
t0=getTime();
s=require("net").connect({host:"127.0.0.1",port:${port}},function(){s.write(${request(port)});});
${handlers}
},0);`;
}

/** Counts every byte, head included; done at the close (the server closes after the body). */
export function rawCounter(port: number): string {
  return socket(port, `s.on("data",function(d){n+=d.length;});
s.on("close",report);`);
}

/**
 * Chunked, trusting the framing. The fast path is a function of its own:
 * Espruino lexes a function's text to its end even after a return. `left`:
 * bytes to skip before the next
 * chunk-size line (-1 in the head); `rest`: a size line cut by a piece end;
 * `n`: the body bytes the sizes announce.
 */
export function handChunked(port: number): string {
  return `var left=-1,rest="";
${socket(port, `s.on("data",chunk);`)}
function chunk(d){
if(d.length<left)left-=d.length;else boundary(d);
}
function boundary(d){
if(rest){d=rest+d;rest="";}
var i=left;
if(i<0){i=d.indexOf("\\r\\n\\r\\n")+4;}
for(;;){
var e=d.indexOf("\\r\\n",i);
if(e<0){rest=d.substr(i);left=0;return;}
var size=parseInt(d.substr(i,e-i),16);
if(!size){report();s.end();return;}
n+=size;
i=e+4+size;
if(i>d.length){left=i-d.length;return;}
}
}`;
}

/** Espruino's C http module: body bytes counted as they come. */
export function httpModule(port: number): string {
  return `var t0,n=0;${REPORT}
setTimeout(function(){
t0=getTime();
require("http").get("http://127.0.0.1:${port}/",function(res){
res.on("data",function(d){n+=d.length;});
res.on("close",report);
});
},0);`;
}

/**
 * Where a program's code is read from while it runs, the one thing the two
 * ways of running it change:
 *
 *   ram      the program's file is what the interpreter starts with: its
 *            functions' code is read from RAM at each call. This is how fast
 *            the target boards read code loaded from Storage: they map their
 *            flash into memory (Espruino's targets/stm32, esp32 and esp8266
 *            jshFlashGetMemMapAddress), so a Storage file's code is a native
 *            string, read in place like RAM.
 *   storage  written to a Storage file and load()ed, as an upload leaves it.
 *            Espruino for Linux fakes SPI flash with a file (its
 *            boards/LINUX.py: SPIFLASH_BASE, "For Testing Flash Strings"):
 *            code from its Storage is read through that file 16 bytes at a
 *            time (src/jsvariterator.h, ESPR_JSVAR_FLASH_BUFFER_SIZE), an
 *            open, seek, read and close each, a cost of Linux's stand-in for
 *            flash that no target board has, and that grows with the length
 *            of the code a piece runs through. Shown beside, with no target.
 */
export type CodeAt = "ram" | "storage";
export const CODE_AT: CodeAt[] = ["ram", "storage"];

/**
 * The file the interpreter runs for `program` (the host's file of it):
 * the program itself, or (storage) a loader that writes it to a Storage
 * file and load()s it, as the upload tool's "Save on Send" to a Storage
 * file does; its functions then keep their text in flash. The app prints
 * its own `DONE <status>, <bytes> bytes in <ms> ms`.
 */
export function runFile(program: string, file: string, name: string, code: CodeAt): string {
  return code === "ram" ? program : fromStorage(file, name);
}

/** A loader that writes `file` to the Storage file `name` and load()s it. */
export function fromStorage(file: string, name: string): string {
  return `require("Storage").write(${JSON.stringify(name)},require("fs").readFileSync(${JSON.stringify(file)}));
load(${JSON.stringify(name)});`;
}
