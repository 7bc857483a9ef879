import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SETTINGS, settingsHelp } from '../../../src/companion/config/config.js';
import { loadConfig, type ConfigSources } from '../../../src/companion/config/load-config.js';
import { ConfigError } from '../../../src/companion/errors.js';

const base = {
  HA_URL: 'http://ha.local:8123/',
  HA_TOKEN: 'token-123456',
  PLAID_CLIENT_ID: 'cid',
  PLAID_SECRET: 'sec-123456',
};
const load = (env: Record<string, string>, flags: Record<string, string> = {}, extra: Partial<ConfigSources> = {}) =>
  loadConfig({ env, flags, home: '/home/u', ...extra }, { require: ['ha', 'plaid'] });

function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof ConfigError);
    return err;
  }
  assert.fail('expected a ConfigError');
}

describe('config', () => {
  it('applies the documented defaults', () => {
    const c = load(base);
    assert.equal(c.haUrl, 'http://ha.local:8123');
    assert.equal(c.plaidEnv, 'sandbox');
    assert.equal(c.plaidBaseUrl, null);
    assert.deepEqual(c.plaidCountryCodes, ['US']);
    assert.deepEqual(c.plaidProducts, ['transactions']);
    assert.equal(c.pollIntervalMs, 3600_000);
    assert.equal(c.dataDir, '/home/u/.plaid-balance-companion');
    assert.equal(c.logLevel, 'info');
    assert.equal(c.balanceEndpoint, 'accounts_get');
    assert.equal(c.transactions, 'on');
    assert.equal(c.addon, false);
  });

  it('turns transactions off, and names TRANSACTIONS when its value is neither on nor off', () => {
    assert.equal(load({ ...base, TRANSACTIONS: 'OFF' }).transactions, 'off');
    assert.equal(load(base, { transactions: 'off' }).transactions, 'off');
    const err = configError(() => load({ ...base, TRANSACTIONS: 'maybe' }));
    assert.equal(err.message, 'TRANSACTIONS must be one of on, off (got "maybe")');
  });

  it('CLI flags win over the environment', () => {
    const c = load({ ...base, PLAID_ENV: 'sandbox' }, { 'plaid-env': 'production', 'poll-interval': '30m' });
    assert.equal(c.plaidEnv, 'production');
    assert.equal(c.pollIntervalMs, 1800_000);
  });

  it('names a bad setting and what is allowed', () => {
    assert.match(
      configError(() => load({ ...base, PLAID_ENV: 'prod' })).message,
      /^PLAID_ENV must be one of sandbox, production/,
    );
    assert.match(
      configError(() => load({ ...base, POLL_INTERVAL: '10s' })).message,
      /^POLL_INTERVAL must be a duration of at least 60 seconds/,
    );
    assert.match(
      configError(() => load(base, { 'log-level': 'loud' })).message,
      /^--log-level must be one of debug, info, warn, error/,
    );
    assert.match(
      configError(() => load({ ...base, HA_URL: 'ftp://x' })).message,
      /^HA_URL must be an http:\/\/ or https:\/\/ URL/,
    );
    assert.match(
      configError(() => load({ ...base, PLAID_COUNTRY_CODES: 'US,XX' })).message,
      /^PLAID_COUNTRY_CODES must be a comma-separated list/,
    );
    assert.match(configError(() => load({ ...base, BALANCE_ENDPOINT: 'x' })).message, /accounts_get, balance_get/);
  });

  it('names a missing required setting, and never echoes a secret', () => {
    const noSecret: Partial<typeof base> = { ...base };
    delete noSecret.PLAID_SECRET;
    const err = configError(() => load(noSecret));
    assert.equal(err.setting, 'PLAID_SECRET');
    assert.match(err.message, /^PLAID_SECRET is not set/);
    assert.doesNotThrow(() => loadConfig({ env: {}, flags: {} }, { require: [] }));
  });

  it('reads the add-on options with SUPERVISOR_TOKEN', () => {
    const c = load(
      { SUPERVISOR_TOKEN: 'supervisor-token-1', PLAID_ENV: 'sandbox' },
      {},
      {
        readOptions: () =>
          JSON.stringify({
            plaid_client_id: 'cid',
            plaid_secret: 'sec-123456',
            plaid_env: 'production',
            poll_interval: '2h',
            plaid_country_codes: ['US', 'CA'],
          }),
      },
    );
    assert.equal(c.haUrl, 'http://supervisor/core');
    assert.equal(c.haToken, 'supervisor-token-1');
    assert.equal(c.dataDir, '/data');
    assert.equal(c.plaidEnv, 'sandbox', 'the environment wins over the options file');
    assert.equal(c.pollIntervalMs, 7200_000);
    assert.deepEqual(c.plaidCountryCodes, ['US', 'CA']);
    assert.equal(c.addon, true);
    assert.match(
      configError(() => load({ SUPERVISOR_TOKEN: 'x' }, {}, { readOptions: () => '[1' })).message,
      /options\.json must hold a JSON object/,
    );
  });

  it('names the add-on option when a required one is missing in the add-on', () => {
    const err = configError(() =>
      load({ SUPERVISOR_TOKEN: 'x' }, {}, { readOptions: () => JSON.stringify({ plaid_client_id: 'cid' }) }),
    );
    assert.equal(err.setting, 'PLAID_SECRET');
    assert.match(err.message, /^PLAID_SECRET is not set: set the add-on option plaid_secret to /);
  });

  it('moves the add-on paths only through the test-only variables', () => {
    const c = load(
      {
        SUPERVISOR_TOKEN: 'x',
        PLAID_BALANCE_TEST_SUPERVISOR_URL: 'http://127.0.0.1:9/',
        PLAID_BALANCE_TEST_DATA_DIR: '/tmp/d',
      },
      {},
      {
        readOptions: () => JSON.stringify({ plaid_client_id: 'cid', plaid_secret: 'sec-123456' }),
      },
    );
    assert.equal(c.haUrl, 'http://127.0.0.1:9/core');
    assert.equal(c.dataDir, '/tmp/d');
  });

  it('generates the --help settings from the table, one line per setting', () => {
    const lines = settingsHelp().split('\n');
    const settings = Object.values(SETTINGS);
    assert.equal(lines.length, settings.length);
    settings.forEach((s, n) => assert.match(lines[n]!, new RegExp(`^  --${s.flag} ${s.env} +\\S`)));
    assert.match(settingsHelp(), /--poll-interval POLL_INTERVAL +.*\(default 1h\)/);
  });

  it('names a default once in --help', () => {
    const line = settingsHelp()
      .split('\n')
      .find((l) => l.includes('--mqtt-discovery-prefix'))!;
    assert.equal(line.split('homeassistant').length - 1, 1, line);
    assert.match(line, /\(default homeassistant\)$/);
  });

  it('gives the store-only commands only the store settings, unset ones as null', () => {
    const c = loadConfig({ env: { HA_URL: 'ftp://not-read' }, flags: {}, home: '/home/u' }, { require: [] });
    assert.deepEqual(c, {
      dataDir: '/home/u/.plaid-balance-companion',
      logLevel: 'info',
      storeKey: null,
      storeKeyFile: null,
    });
  });

  it('leaves every unset optional setting null', () => {
    const c = load(base);
    for (const key of ['plaidBaseUrl', 'storeKey', 'storeKeyFile', 'healthFile', 'mqttUrl', 'supervisorToken'] as const)
      assert.equal(c[key], null, key);
    assert.equal(c.sensorTransport, 'auto');
    assert.equal(c.mqttDiscoveryPrefix, 'homeassistant');
  });
});
