import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startApp } from '../../src/companion/app.js';
import { startHaSim, type HaSim } from '../../simulators/ha/ha-server.js';
import { startPlaidSim, type PlaidSim } from '../../simulators/plaid/plaid-server.js';
import { completeHostedLink } from '../../simulators/plaid/hosted-link-user.js';
import { memoryLogger } from './helpers/fixtures.js';
import { runCli } from './helpers/spawn-cli.js';

describe('the companion command line', () => {
  let plaid: PlaidSim;
  let ha: HaSim;
  let env: Record<string, string>;

  before(async () => {
    plaid = await startPlaidSim();
    ha = await startHaSim();
    env = {
      HA_URL: ha.url,
      HA_TOKEN: ha.adminToken,
      PLAID_CLIENT_ID: plaid.clientId,
      PLAID_SECRET: plaid.secret,
      PLAID_BASE_URL: plaid.url,
      DATA_DIR: await mkdtemp(join(tmpdir(), 'pbc-cli-')),
    };
  });
  after(async () => {
    await ha?.close();
    await plaid?.close();
  });

  it('exits 2 with one line naming a bad or missing setting', async () => {
    const bad = await runCli(['start'], { ...env, PLAID_ENV: 'staging' });
    assert.equal(bad.code, 2);
    assert.deepEqual(bad.stderr.trim().split('\n'), [
      'plaid-balance-companion: PLAID_ENV must be one of sandbox, production (got "staging")',
    ]);
    const missing = await runCli([], { ...env, HA_TOKEN: '' });
    assert.equal(missing.code, 2);
    assert.equal(missing.stderr.trim().split('\n').length, 1);
    assert.match(missing.stderr, /HA_TOKEN is not set/);
    // Under 60 s is allowed only against a simulator (PLAID_BASE_URL), so without one.
    const flag = await runCli(['--poll-interval', '5s'], { ...env, PLAID_BASE_URL: '' });
    assert.equal(flag.code, 2);
    assert.match(flag.stderr, /--poll-interval must be a duration of at least 60 seconds/);
    const usage = await runCli(['frobnicate'], env);
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /unknown command "frobnicate"/);
    const bogus = await runCli(['--bogus-flag'], env);
    assert.equal(bogus.code, 2);
    assert.equal(bogus.stderr, 'plaid-balance-companion: unknown option --bogus-flag (see --help)\n');
    const valueless = await runCli(['doctor', '--ha-url'], env);
    assert.equal(valueless.code, 2);
    assert.equal(valueless.stderr, 'plaid-balance-companion: --ha-url needs a value (see --help)\n');
  });

  it('refuses HA_URL ending in /api as a setting error, naming the fix', async () => {
    const run = await runCli(['start'], { ...env, HA_URL: `${env.HA_URL}/api` });
    assert.equal(run.code, 2);
    assert.equal(
      run.stderr,
      `plaid-balance-companion: HA_URL must be Home Assistant's base URL without /api: set it to ${env.HA_URL}\n`,
    );
  });

  it('doctor lists every missing or bad setting in one run, then the checks that can still run', async () => {
    const run = await runCli(['doctor'], {
      ...env,
      PLAID_CLIENT_ID: '',
      PLAID_SECRET: '',
      PLAID_ENV: 'staging',
      HA_URL: `${env.HA_URL}/api/`,
    });
    assert.equal(run.code, 1);
    const failed = run.stdout.split('\n').filter((l) => l.startsWith('✗ config:'));
    assert.equal(failed.length, 4, run.stdout);
    for (const setting of [
      'PLAID_CLIENT_ID is not set',
      'PLAID_SECRET is not set',
      'PLAID_ENV must be one of',
      "HA_URL must be Home Assistant's base URL without /api",
    ]) {
      assert.ok(
        failed.some((l) => l.includes(setting)),
        `${setting} in\n${run.stdout}`,
      );
    }
    // The store needs none of those settings, so its check still runs; HA's and Plaid's cannot.
    assert.match(run.stdout, /✓ token store readable/);
    assert.doesNotMatch(run.stdout, /Home Assistant reachable|Plaid credentials valid/);
  });

  it('prints help', async () => {
    const help = await runCli(['--help'], {});
    assert.equal(help.code, 0);
    assert.match(help.stdout, /doctor/);
    assert.match(help.stdout, /PLAID_SECRET/);
  });

  it('doctor reports every check against the simulators', async () => {
    const run = await runCli(['doctor'], env);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    const lines = run.stdout.trim().split('\n');
    for (const name of [
      'config',
      'Home Assistant reachable',
      'HA token valid',
      'HA token user is admin',
      'Plaid credentials valid',
      'token store readable',
    ]) {
      assert.ok(
        lines.some((l) => l.startsWith(`✓ ${name}:`)),
        `${name} in\n${run.stdout}`,
      );
    }
  });

  it('doctor says exactly what to fix for a wrong secret, a non-admin token and an unreachable HA', async () => {
    const secret = await runCli(['doctor'], { ...env, PLAID_SECRET: 'wrong-secret-value' });
    assert.equal(secret.code, 1);
    assert.match(secret.stdout, /✗ Plaid credentials valid/);
    assert.match(
      secret.stdout,
      /PLAID_SECRET is wrong for PLAID_ENV=sandbox: copy the sandbox secret .*dashboard\.plaid\.com\/developers\/keys/,
    );
    assert.ok(!secret.stdout.includes('wrong-secret-value'));

    const user = await runCli(['doctor'], { ...env, HA_TOKEN: ha.userToken });
    assert.equal(user.code, 1);
    assert.match(user.stdout, /✗ HA token user is admin: .*not an administrator/);

    const token = await runCli(['doctor'], { ...env, HA_TOKEN: 'not-a-token-at-all' });
    assert.match(
      token.stdout,
      /✗ HA token valid: Home Assistant rejected HA_TOKEN\n\s+fix: create a long-lived access token/,
    );

    const down = await runCli(['doctor'], { ...env, HA_URL: 'http://127.0.0.1:9' });
    assert.equal(down.code, 1);
    assert.match(
      down.stdout,
      /✗ Home Assistant reachable: cannot reach http:\/\/127\.0\.0\.1:9 .*\n\s+fix: check HA_URL/,
    );
    assert.match(down.stdout, /cannot reach http:\/\/127\.0\.0\.1:9 \(blocked port: /);
    assert.match(down.stdout, /✓ Plaid credentials valid/);
  });

  it('links from the terminal, lists, and removes', async () => {
    let driven = false;
    const link = await runCli(['link', '--kinds', 'current'], env, (out) => {
      const url = /^(http:\/\/\S+\/hl\/\S+)$/m.exec(out)?.[1];
      if (url && !driven) {
        driven = true;
        void completeHostedLink(url, { institutionId: 'ins_109511' });
      }
    });
    assert.equal(link.code, 0, link.stdout + link.stderr);
    assert.match(link.stdout, /linked Tartan Bank/);
    const itemId = /\(item (\S+)\)/.exec(link.stdout)![1]!;
    await ha.waitForState('sensor.plaid_tartan_bank_0000_current');

    const list = await runCli(['list'], { DATA_DIR: env.DATA_DIR! });
    assert.equal(list.code, 0);
    assert.match(list.stdout, new RegExp(`${itemId}\\s+Tartan Bank\\s+status=ok`));

    const removed = await runCli(['remove', itemId], env);
    assert.equal(removed.code, 0, removed.stderr);
    assert.ok(plaid.callsFor('/item/remove', itemId).length > 0);
    await ha.waitForStateRemoved('sensor.plaid_tartan_bank_0000_current');
    assert.match((await runCli(['list'], { DATA_DIR: env.DATA_DIR! })).stdout, /no linked items/);
  });

  it('link and remove refuse clearly while `start` holds the store', async () => {
    const app = await startApp({
      config: {
        haUrl: env.HA_URL!,
        haToken: env.HA_TOKEN!,
        plaidClientId: env.PLAID_CLIENT_ID!,
        plaidSecret: env.PLAID_SECRET!,
        plaidEnv: 'sandbox',
        plaidBaseUrl: env.PLAID_BASE_URL!,
        plaidCountryCodes: ['US' as never],
        plaidProducts: ['transactions' as never],
        pollIntervalMs: 3600_000,
        dataDir: env.DATA_DIR!,
        logLevel: 'info',
        balanceEndpoint: 'accounts_get',
        transactions: 'on',
        storeKey: null,
        storeKeyFile: null,
        healthFile: null,
        sensorTransport: 'auto',
        mqttUrl: null,
        mqttUsername: null,
        mqttPassword: null,
        mqttDiscoveryPrefix: 'homeassistant',
        addon: false,
        supervisorToken: null,
      },
      log: memoryLogger('info'),
    });
    try {
      const run = await runCli(['remove', 'some-item'], env);
      assert.equal(run.code, 1);
      assert.match(
        run.stderr,
        new RegExp(`another plaid-balance-companion \\(pid ${process.pid}\\) is using .*; stop it first`),
      );
      const link = await runCli(['link'], env);
      assert.equal(link.code, 1);
      assert.match(link.stderr, /another plaid-balance-companion/);
    } finally {
      await app.close();
    }
  });
});
