// What JavaScript on Espruino can do at all: the programs the app is measured
// against on the real interpreter (espruino.ts), each a few lines of ES5 run
// as they stand, from a Storage file as the app is. Every one fetches the same response from the same server,
// takes its time from just before net.connect() to the end of the body, and
// prints `RESULT <ms> <bytes>`:
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
 * A program as an upload runs it: the host's file written to a Storage file
 * (as the upload tool's "Save on Send" to a Storage file does), then load():
 * its functions keep their text in flash. The app prints its own
 * `DONE <status>, <bytes> bytes in <ms> ms`.
 */
export function fromStorage(file: string, name: string): string {
  return `require("Storage").write(${JSON.stringify(name)},require("fs").readFileSync(${JSON.stringify(file)}));
load(${JSON.stringify(name)});`;
}
