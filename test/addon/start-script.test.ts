/**
 * The add-on as the Supervisor runs it: its real start script (run.sh, with
 * the committed bundle next to it) against the Supervisor simulator, which
 * proxies to the HA simulator with the Supervisor's own token, with a temp dir
 * as /data. A user's journey: fill in the options, start, link a bank from the
 * card, stop (SIGTERM), HA restarts meanwhile, start again: the sensors are
 * back. And a bad option: one line naming it, exit 2, nothing written.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { REQUEST_EVENT } from '../../src/protocol/index.js';
import { completeHostedLink } from '../../simulators/plaid/hosted-link-user.js';
import { CardOverHaws } from '../../simulators/demo/card-over-haws.js';
import { startHaSim, type HaSim, type SimUser } from '../../simulators/ha/ha-server.js';
import { startPlaidSim, type PlaidSim } from '../../simulators/plaid/plaid-server.js';
import { SupervisorSim } from '../../simulators/supervisor/supervisor-server.js';
import { OptionsInvalid } from '../../simulators/supervisor/addon-options.js';

const ADDON_DIR = fileURLToPath(new URL('../../plaid-balance-companion/', import.meta.url));
const CHECKING = 'sensor.plaid_first_platypus_bank_0000_current';
const STARTUP_MS = 20_000;

describe('the add-on under the Supervisor', () => {
  let plaid: PlaidSim;
  let ha: HaSim;
  let supervisorUser: SimUser;
  const supervisorHaToken = randomBytes(32).toString('hex');
  let supervisor: SupervisorSim | undefined;
  let card: CardOverHaws | undefined;

  before(async () => {
    plaid = await startPlaidSim();
    ha = await startHaSim();
    // HA's system user for the Supervisor: an admin (components/hassio/__init__.py).
    supervisorUser = ha.addUser({ name: 'Supervisor', systemGenerated: true, admin: true, token: supervisorHaToken });
  });

  after(async () => {
    card?.close();
    await supervisor?.close();
    await ha?.close();
    await plaid?.close();
  });

  it('links a bank, stops on SIGTERM, and starts again with its sensors back', { timeout: 90_000 }, async () => {
    supervisor = await SupervisorSim.start({ addonDir: ADDON_DIR, haUrl: ha.url, haToken: supervisorHaToken });
    supervisor.userOptions = { plaid_client_id: plaid.clientId, plaid_secret: plaid.secret, plaid_base_url: plaid.url };
    await supervisor.startAddon();
    await supervisor.waitForLog(/connected to Home Assistant/, STARTUP_MS);
    await ha.waitForSubscription(REQUEST_EVENT);
    assert.equal(await supervisor.healthcheck(), 0, 'the HEALTHCHECK says healthy while connected');

    card = await CardOverHaws.connect(ha.url, ha.adminToken);
    const start = await card.ok('flow/start', { mode: 'link' });
    assert.equal(start.step.type, 'external');
    await completeHostedLink(card.hostedLinkUrl(start.step));
    const form = await card.step(start.flow_id, 'form');
    const done = await card.ok('flow/configure', {
      flow_id: start.flow_id,
      user_input: { accounts: form.data.accounts.map((a) => ({ account_id: a.account_id, kinds: a.suggested_kinds })) },
    });
    assert.equal(done.step.type, 'create_entry');
    const linked = await ha.waitForState(CHECKING);
    // Written through the Supervisor's proxy: HA saw the Supervisor's user.
    assert.equal(linked.context.user_id, supervisorUser.id);

    assert.equal(await supervisor.stopAddon(), 0, 'SIGTERM stops the companion cleanly');
    assert.ok(
      supervisor.log.some((l) => /stopping/.test(l) && /SIGTERM/.test(l)),
      supervisor.log.join('\n'),
    );
    assert.ok(supervisor.log.some((l) => /companion stopped/.test(l)));
    assert.notEqual(await supervisor.healthcheck(), 0, 'unhealthy once stopped');
    assert.deepEqual((await readdir(supervisor.dataDir)).sort(), ['options.json', 'store.json', 'store.key']);

    // HA restarts while the add-on is stopped and forgets every state written over REST.
    await ha.restart();
    assert.equal(ha.states.get(CHECKING), undefined);
    await supervisor.startAddon();
    const back = await ha.waitForState(CHECKING, () => true, STARTUP_MS);
    assert.equal(back.state, linked.state);

    const log = supervisor.log.join('\n');
    const accessToken = plaid.items()[0]!.access_token;
    for (const secret of [plaid.secret, accessToken, supervisorHaToken])
      assert.ok(!log.includes(secret), 'no secret in the add-on log');
    assert.equal(await supervisor.stopAddon(), 0);
  });

  it(
    'a restored backup holds the store but not its key: the add-on says so and leaves the store alone',
    { timeout: 60_000 },
    async () => {
      assert.ok(supervisor, 'needs the add-on linked by the test before');
      const store = await readFile(join(supervisor.dataDir, 'store.json'), 'utf8');
      await supervisor.backupAndRestore();
      assert.deepEqual(
        (await readdir(supervisor.dataDir)).sort(),
        ['options.json', 'store.json'],
        'backup_exclude kept the key out',
      );
      await supervisor.startAddon();
      assert.equal(await supervisor.waitForExit(), 1, supervisor.log.join('\n'));
      const lines = supervisor.log.filter((l) => l.trim() !== '');
      assert.equal(lines.length, 1, lines.join('\n'));
      assert.match(lines[0]!, /store\.key is missing, but the token store holds tokens encrypted with a key/);
      assert.equal(await readFile(join(supervisor.dataDir, 'store.json'), 'utf8'), store, 'never overwritten');
    },
  );

  it('refuses a bad option with one line naming it, exit 2, and writes nothing', { timeout: 60_000 }, async () => {
    const bad = await SupervisorSim.start({ addonDir: ADDON_DIR, haUrl: ha.url, haToken: supervisorHaToken });
    try {
      const statesBefore = ha.states.size;
      // Fits the add-on's schema (the Supervisor lets it through) but not the companion: under a minute against Plaid.
      bad.userOptions = { plaid_client_id: plaid.clientId, plaid_secret: plaid.secret, poll_interval: '30s' };
      await bad.startAddon();
      assert.equal(await bad.waitForExit(), 2);
      assert.deepEqual(
        bad.log.filter((l) => l.trim() !== ''),
        [
          'plaid-balance-companion: poll_interval (add-on option) must be a duration of at least 60 seconds, ' +
            'in seconds or like 30m, 1h (got "30s")',
        ],
      );
      assert.deepEqual(await readdir(bad.dataDir), ['options.json'], 'nothing but the options the Supervisor wrote');
      assert.equal(ha.states.size, statesBefore);

      // Without the Plaid keys the Supervisor itself refuses to start the add-on.
      bad.userOptions = { plaid_client_id: plaid.clientId };
      await assert.rejects(
        bad.startAddon(),
        (err: unknown) => err instanceof OptionsInvalid && /Missing option 'plaid_secret'/.test(err.message),
      );
    } finally {
      await bad.close();
    }
  });
});
