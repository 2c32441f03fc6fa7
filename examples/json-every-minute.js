// Fetches a JSON document every minute and prints one value from it.
//
// Runs unchanged on Espruino WiFi, ESP32 and ESP8266: it joins WiFi itself
// with the firmware's built-in require("Wifi"). It needs the http-get module
// (README, "Use the client in your own code": modules/ folder,
// Modules.addCached or Storage). Put your network, URL and field below.
var SSID = "your-network";
var PASSWORD = "your-password";
var URL = "http://example.com/weather.json";
var FIELD = "temperature";
var EVERY_MS = 60000;

var http = require("http-get");

function fetchValue() {
  http.get(URL, { timeout: 10000, headers: { Accept: "application/json" } }, function (err, res) {
    if (err) print("ERROR " + err.code + ": " + err.message);
    else if (res.status >= 400) print("HTTP " + res.status + " " + res.statusText);
    else {
      var data;
      try {
        data = JSON.parse(res.body);
      } catch (e) {
        data = null;
      }
      print(data && typeof data === "object" && data[FIELD] !== undefined ? FIELD + " = " + data[FIELD] : "no " + FIELD + " in " + res.url);
    }
    // The next one a minute after this one ended, whatever happened.
    setTimeout(fetchValue, EVERY_MS);
  });
}

require("Wifi").connect(SSID, { password: PASSWORD }, function (err) {
  if (err) print("WiFi: " + err);
  else fetchValue();
});
