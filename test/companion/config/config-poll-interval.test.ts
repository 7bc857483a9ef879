// POLL_INTERVAL below a minute is for simulators only (the demo and the e2e
// tests): allowed with PLAID_BASE_URL, refused against Plaid's own API.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { loadConfig } from '../../../src/companion/config/load-config.js';
import { ConfigError } from '../../../src/companion/errors.js';

const base = {
  HA_URL: 'http://ha.local:8123/',
  HA_TOKEN: 'token-123456',
  PLAID_CLIENT_ID: 'cid',
  PLAID_SECRET: 'sec-123456',
};
const load = (env: Record<string, string>, flags: Record<string, string> = {}) =>
  loadConfig({ env, flags, home: '/home/u' }, { require: ['ha', 'plaid'] });

it('allows a poll interval under 60 s only with PLAID_BASE_URL', () => {
  assert.equal(load({ ...base, POLL_INTERVAL: '2s', PLAID_BASE_URL: 'http://127.0.0.1:8911' }).pollIntervalMs, 2000);
  assert.equal(
    load({ ...base, PLAID_BASE_URL: 'http://127.0.0.1:8911' }, { 'poll-interval': '5' }).pollIntervalMs,
    5000,
  );
  assert.throws(
    () => load({ ...base, POLL_INTERVAL: '2s' }),
    (err: unknown) => {
      assert.ok(err instanceof ConfigError);
      assert.match(err.message, /^POLL_INTERVAL must be a duration of at least 60 seconds/);
      return true;
    },
  );
  assert.throws(() => load({ ...base, POLL_INTERVAL: '0s', PLAID_BASE_URL: 'http://127.0.0.1:8911' }), ConfigError);
  assert.throws(() => load({ ...base, POLL_INTERVAL: '500ms', PLAID_BASE_URL: 'http://127.0.0.1:8911' }), ConfigError);
});
