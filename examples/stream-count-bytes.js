// Streams a large download and counts its bytes: nothing of the body is
// kept, so its size does not matter (onData gets it piece by piece).
//
// Runs unchanged on Espruino WiFi, ESP32 and ESP8266: it joins WiFi itself
// with the firmware's built-in require("Wifi"). It needs the http-get module
// (README, "Use the client in your own code"). Put your network and URL below.
var SSID = "your-network";
var PASSWORD = "your-password";
var URL = "http://example.com/large-file.bin";

require("Wifi").connect(SSID, { password: PASSWORD }, function (err) {
  if (err) return print("WiFi: " + err);
  var bytes = 0;
  require("http-get").get(URL, {
    timeout: 120000,
    maxRedirects: 3,
    onHead: function (head) {
      print("HTTP " + head.status + ", Content-Length " + (head.header("content-length") || "not given"));
    },
    onData: function (chunk) {
      bytes += chunk.length;
    }
  }, function (err, res) {
    if (err) print("ERROR " + err.code + ": " + err.message + " (after " + bytes + " bytes)");
    else print("done: " + bytes + " bytes in " + Math.round(res.timings.totalMs) + " ms");
  });
});
