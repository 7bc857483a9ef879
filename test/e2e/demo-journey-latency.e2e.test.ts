// The demo journey again, over a slow network as remote access or a busy
// Raspberry Pi gives: 300 ms (+ up to 100 ms jitter) on every HA websocket
// message, both ways, and on every REST answer, and 4 s on Plaid's
// /link/token/create. Without the companion's acknowledgement the dialog
// would say "the companion is not running" at the first flow/start.
// Screenshots: test-output/e2e/latency-NN-*.png.
process.env.E2E_HA_LATENCY_MS = '300';
process.env.E2E_HA_JITTER_MS = '100';
process.env.E2E_LINK_TOKEN_LATENCY_MS = '4000';
await import('./demo-journey.e2e.test.js');
