// A throwaway self-signed certificate for "localhost", used only by tests of
// the bridged TLS backend against a 127.0.0.1 server. Espruino does not verify
// certificates, and neither does the bridge.
export const TEST_TLS_KEY = `
-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg/n2ws+KKQeJLDtVu
ioKgcP4XrtnffeAqQhrd1ARXmsOhRANCAAQl1ipWWl926cl9pOrAwnardhcskJTY
AyCWhzvTIJrVvJ/enUUQx0l3WGUMow+aTrnnwO6hn9T3qoBFFl9CuAtM
-----END PRIVATE KEY-----
`;

export const TEST_TLS_CERT = `
-----BEGIN CERTIFICATE-----
MIIBfjCCASWgAwIBAgIUI6UrfX4hWMWUf6eH5f9hMJuMuYswCgYIKoZIzj0EAwIw
FDESMBAGA1UEAwwJbG9jYWxob3N0MCAXDTI2MTEyNDIwMDExNFoYDzIxMjYxMDMx
MjAwMTE0WjAUMRIwEAYDVQQDDAlsb2NhbGhvc3QwWTATBgcqhkjOPQIBBggqhkjO
PQMBBwNCAAQl1ipWWl926cl9pOrAwnardhcskJTYAyCWhzvTIJrVvJ/enUUQx0l3
WGUMow+aTrnnwO6hn9T3qoBFFl9CuAtMo1MwUTAdBgNVHQ4EFgQU3WV/XErJD03t
00Ic01tqhYgtHQUwHwYDVR0jBBgwFoAU3WV/XErJD03t00Ic01tqhYgtHQUwDwYD
VR0TAQH/BAUwAwEB/zAKBggqhkjOPQQDAgNHADBEAiBIH+e/nVQpVaoKZO5YLVK0
gb4qWzJbPxYidRZgQDx7tgIgNy5rBAS8fSZqKvoPGPMYOmNUk3ux18Gx7BompOKE
TOU=
-----END CERTIFICATE-----
`;
