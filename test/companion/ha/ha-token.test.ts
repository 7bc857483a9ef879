// HA_TOKEN against an HA that bans after failed logins (http/ban.py,
// login_attempts_threshold: 5). Every refused websocket auth and every REST 401
// counts; the companion must never reach the threshold: at start a refused or
// non-admin token is one line and exit 2 after one attempt, and a token deleted
// while running is logged once and tried again only every 8 hours.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { startApp, type App } from '../../../src/companion/app.js';
import { REQUEST_EVENT } from '../../../src/protocol/index.js';
import { startHaSim, type HaSim } from '../../../simulators/ha/ha-server.js';
import { startPlaidSim, type PlaidSim } from '../../../simulators/plaid/plaid-server.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { memoryLogger, storedItem } from '../helpers/fixtures.js';
import { simulatorConfig, waitUntil } from '../helpers/harness.js';
import { runCli } from '../helpers/spawn-cli.js';
import { TokenStore } from '../../../src/companion/store/token-store.js';

const THRESHOLD = 5;
const LOOPBACK = '127.0.0.1';
const HOUR = 3600_000;

async function withSims(body: (ha: HaSim, plaid: PlaidSim, dataDir: string) => Promise<void>): Promise<void> {
  const ha = await startHaSim({ ipBan: { loginAttemptsThreshold: THRESHOLD } });
  const plaid = await startPlaidSim();
  const dataDir = await mkdtemp(join(tmpdir(), 'pbc-token-'));
  try {
    await body(ha, plaid, dataDir);
  } finally {
    await Promise.all([ha.close(), plaid.close()]);
    await rm(dataDir, { recursive: true, force: true });
  }
}

const cliEnv = (ha: HaSim, plaid: PlaidSim, dataDir: string, token: string) => ({
  HA_URL: ha.url,
  HA_TOKEN: token,
  PLAID_CLIENT_ID: plaid.clientId,
  PLAID_SECRET: plaid.secret,
  PLAID_BASE_URL: plaid.url,
  DATA_DIR: dataDir,
});

/** The lines main.ts prints itself (log lines carry a timestamp and level instead). */
const ownLines = (stderr: string) => stderr.split('\n').filter((l) => l.startsWith('plaid-balance-companion:'));

describe('HA_TOKEN against an HA with login_attempts_threshold', { timeout: 60_000 }, () => {
  it('a wrong token at start: one line naming HA_TOKEN, exit 2, one failed login', async () => {
    await withSims(async (ha, plaid, dataDir) => {
      const run = await runCli(['start'], cliEnv(ha, plaid, dataDir, 'wrong-token-' + 'x'.repeat(40)));
      assert.equal(run.code, 2, run.stderr);
      const lines = ownLines(run.stderr);
      assert.equal(lines.length, 1, run.stderr);
      assert.match(
        lines[0]!,
        new RegExp(
          /HA_TOKEN \(the websocket answered auth_invalid\): the token is wrong, expired or was deleted; /.source +
            /create a long-lived access token of a Home Assistant administrator/.source,
        ),
      );
      assert.equal(ha.ipBans.failedAttemptsOf(LOOPBACK), 1);
      assert.equal(ha.ipBans.banned().size, 0);
    });
  });

  it('a non-admin’s token at start: one line naming HA_TOKEN and the user, exit 2, no failed login', async () => {
    await withSims(async (ha, plaid, dataDir) => {
      const run = await runCli(['start'], cliEnv(ha, plaid, dataDir, ha.userToken));
      assert.equal(run.code, 2, run.stderr);
      assert.deepEqual(ownLines(run.stderr), [
        'plaid-balance-companion: HA_TOKEN belongs to "User", who is not a Home Assistant administrator; ' +
          'create a long-lived access token of a Home Assistant administrator ' +
          '(Profile → Security) and set HA_TOKEN to it',
      ]);
      assert.equal(ha.ipBans.failedAttemptsOf(LOOPBACK), 0);
      // It never tried to write a state (that 401 would have been a failed login too).
      assert.equal(ha.record.filter((e) => e.kind === 'http-request' && e.path.startsWith('/api/states')).length, 0);
    });
  });

  it(
    'a token deleted while running: logged once, nothing more written, ' +
      'and a day of retries stays under the threshold',
    async () => {
      await withSims(async (ha, plaid, dataDir) => {
        const admin = ha.addUser({ name: 'Companion', admin: true });
        // One linked item, so there are sensors, and every poll has something to write.
        const seeded = await TokenStore.open(dataDir);
        await seeded.put(storedItem());
        await seeded.close();

        const clock = new FakeClock(Date.now());
        const log = memoryLogger('info');
        let app: App | undefined;
        try {
          app = await startApp({
            config: simulatorConfig(plaid, ha, dataDir, { haToken: admin.token!, pollIntervalMs: HOUR }),
            log,
            clock,
          });
          await ha.waitForSubscription(REQUEST_EVENT);
          // Between two writes, as a user deleting the token would be (writes already in flight would each count too).
          await waitUntil('the sensors written', () =>
            log.lines.some((l) => l.includes('wrote sensors to HA items=1 ok=true')),
          );

          ha.revokeToken(admin.token!);
          const revokedAt = ha.record.length;
          await waitUntil(
            'the refusal noticed',
            () => log.lines.some((l) => l.includes('no longer accepts HA_TOKEN')),
            10_000,
          );
          assert.equal(ha.ipBans.failedAttemptsOf(LOOPBACK), 1);

          for (let retry = 1; retry <= 3; retry++) {
            await clock.advance(8 * HOUR);
            await waitUntil(`retry ${retry} refused`, () => ha.ipBans.failedAttemptsOf(LOOPBACK) === 1 + retry, 10_000);
          }
          // 24 hours: the refusal and three tries.
          assert.equal(ha.ipBans.failedAttemptsOf(LOOPBACK), 4);
          assert.equal(ha.ipBans.banned().size, 0);
          assert.equal(
            log.lines.filter((l) => l.includes('no longer accepts HA_TOKEN')).length,
            1,
            log.lines.join('\n'),
          );
          const writes = ha.record.slice(revokedAt).filter((e) => e.kind === 'http-request');
          assert.deepEqual(writes, [], 'no REST request after the token was deleted');
          assert.ok(plaid.calls.length > 0, `polling Plaid went on meanwhile (${plaid.calls.length} calls)`);
        } finally {
          await app?.close();
        }
      });
    },
  );
});
