// The edge: the only module that does anything at load. It wires Espruino's
// real objects into the app through the seam in src/device.ts.
import { parseUrl, isError } from "./http/url";
import { buildRequest } from "./http/request";
import { EspNet } from "./device";

function start(): void {
  const url = parseUrl(APP_CONFIG.url);
  if (isError(url)) {
    print("ERROR " + url.code + ": " + url.reason);
    return;
  }
  const net: EspNet = require("net");
  const socket = net.connect({ host: url.host, port: url.port }, function () {
    socket.write(buildRequest(url, APP_CONFIG.headers));
  });
  socket.on("data", function (data: string) {
    print(data);
  });
  socket.on("close", function () {
    if (APP_LED) {
      APP_LED.write(!APP_CONFIG.ledActiveLow);
      setTimeout(function () {
        APP_LED!.write(APP_CONFIG.ledActiveLow);
      }, 150);
    }
  });
}

E.on("init", start);
start();
