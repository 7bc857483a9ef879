/**
 * Reliability of the MQTT transport, with Debian's Mosquitto, the HA
 * simulator's MQTT integration and the real companion CLI as a child process
 * (simulators/demo/demo-stack.ts with `mqtt: true`):
 *   - the broker restarted 3 times mid-poll: the companion reconnects and
 *     re-publishes; a balance that changed during the outage arrives;
 *   - the companion killed with SIGKILL 2 times: entities turn unavailable
 *     within the keepalive window (1.5 × KEEPALIVE_S) and come back after a restart;
 *   - HA restarted 3 times: entities come back from retained messages alone;
 *   - wrong broker credentials: one line naming MQTT_PASSWORD and exit 2 at
 *     start; a password changed on the broker later is retried with backoff;
 *   - 1 000 malformed messages on the Refresh command topics: ignored;
 *   - a secret scan over everything the broker carried.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import mqtt, { type MqttClient } from 'mqtt';
import { KEEPALIVE_S } from '../../src/companion/entities/mqtt/mqtt-link.js';
import { balanceEntityId } from '../../src/companion/entities/sensor-states.js';
import { TokenStore, type StoredItem } from '../../src/companion/store/token-store.js';
import { DemoStack } from '../../simulators/demo/demo-stack.js';
import { runCli } from '../companion/helpers/spawn-cli.js';
import { waitUntil } from '../companion/helpers/harness.js';
import { linkSandboxItems } from './support/plaid-items.js';

const BROKER_RESTARTS = 3;
const KILLS = 2;
const HA_RESTARTS = 3;
const MALFORMED = 1000;
/** The broker sends the last will 1.5 keepalives after the last packet; a second of slack for the sim. */
const WILL_WINDOW_MS = KEEPALIVE_S * 1500 + 1000;

describe('MQTT transport reliability', () => {
  let stack: DemoStack | undefined;
  let spy: MqttClient | undefined;
  let item: StoredItem;
  const seen: string[] = [];
  const balanceId = () => balanceEntityId(item, item.accounts[0]!, 'current');
  const broker = () => stack!.broker!;

  before(async () => {
    stack = await DemoStack.start({ mqtt: true, pollInterval: '2s', logLevel: 'debug' });
    await stack.stopCompanion();
    [item] = (await linkSandboxItems(stack.plaid, 1, 2)) as [StoredItem];
    const store = await TokenStore.open(stack.dataDir);
    await store.put(item);
    await store.close();
    broker().setPassword('spy', 'spy-password');
    await broker().restart();
    spy = await mqtt.connectAsync(broker().url, { username: 'spy', password: 'spy-password', reconnectPeriod: 200 });
    spy.on('message', (topic, payload) => seen.push(`${topic} ${payload.toString('utf8')}`));
    spy.on('connect', () => void spy!.subscribeAsync('#'));
    await spy.subscribeAsync('#');
    await stack.startCompanion();
    await stack.ha
      .waitForState(balanceId(), (s) => s.attributes.plaid_balance === 1, 20_000)
      .catch((err: unknown) => {
        throw new Error(
          `${String(err)}\n${stack!.companionOutput.slice(-20).join('\n')}\n` +
            `${JSON.stringify(stack!.ha.states.get(balanceId()))} ` +
            `${JSON.stringify(stack!.ha.states.get('binary_sensor.plaid_connectivity'))}`,
        );
      });
  });

  after(async () => {
    await spy?.endAsync(true);
    await stack?.close();
  });

  it(
    `reconnects and re-publishes after ${BROKER_RESTARTS} broker restarts mid-poll; a balance changed ` +
      `meanwhile arrives`,
    { timeout: 120_000 },
    async () => {
      const account = item.accounts[0]!;
      for (let n = 1; n <= BROKER_RESTARTS; n++) {
        const balance = 1000 + n;
        await broker().halt();
        stack!.plaid.setBalance(account.account_id, { current: balance });
        // At least one poll happens while the broker is down.
        await new Promise((r) => setTimeout(r, 2500));
        await broker().launch();
        await stack!.ha.waitForState(balanceId(), (s) => s.state === String(balance), 30_000);
      }
      assert.ok(stack!.companionRunning);
    },
  );

  it(
    `turns entities unavailable within ${WILL_WINDOW_MS} ms of a kill -9, ${KILLS} times, and back after a restart`,
    { timeout: 120_000 },
    async () => {
      for (let n = 0; n < KILLS; n++) {
        await stack!.killCompanion();
        const killedAt = Date.now();
        await stack!.ha.waitForState(balanceId(), (s) => s.state === 'unavailable', WILL_WINDOW_MS + 2000);
        assert.ok(Date.now() - killedAt <= WILL_WINDOW_MS, `unavailable after ${Date.now() - killedAt} ms`);
        await stack!.startCompanion();
        await stack!.ha.waitForState(
          balanceId(),
          (s) => s.state !== 'unavailable' && s.attributes.plaid_balance === 1,
          20_000,
        );
      }
    },
  );

  it(
    `brings every entity back from retained messages after ${HA_RESTARTS} HA restarts, same entity ids`,
    { timeout: 60_000 },
    async () => {
      const ids = stack!.ha.hass.entityRegistry
        .all()
        .map((e) => e.entityId)
        .sort();
      assert.ok(ids.length >= 6, ids.join());
      for (let n = 0; n < HA_RESTARTS; n++) {
        await stack!.ha.restart({ downMs: 200 });
        for (const id of ids) {
          await stack!.ha
            .waitForState(id, (s) => s.state !== 'unavailable', 10_000)
            .catch((err: unknown) => {
              throw new Error(`${String(err)}: ${JSON.stringify(stack!.ha.states.get(id))}`);
            });
        }
        assert.deepEqual(
          stack!.ha.hass.entityRegistry
            .all()
            .map((e) => e.entityId)
            .sort(),
          ids,
          'no new registry entries',
        );
      }
    },
  );

  it(`ignores ${MALFORMED} malformed messages on the Refresh command topics`, { timeout: 60_000 }, async () => {
    const polls = () => stack!.plaid.callsFor('/accounts/get', item.item_id).length;
    for (let n = 0; n < MALFORMED; n++) {
      const topic =
        n % 4 === 0 ? 'plaid_balance/unknown_item/refresh' : `plaid_balance/${item.item_id.toLowerCase()}/refresh`;
      const payload = n % 3 === 0 ? Buffer.from([0xc3, 0x28, n & 0xff]) : n % 3 === 1 ? `PRESS${n}` : '{"press":true}';
      spy!.publish(topic, payload);
    }
    await new Promise((r) => setTimeout(r, 1000));
    assert.ok(stack!.companionRunning);
    // Still serving: the next scheduled poll runs and is published.
    const before = polls();
    await waitUntil('a scheduled poll', () => polls() > before, 10_000);
    await stack!.ha.waitForState(balanceId(), (s) => s.state !== 'unavailable');
  });

  it(
    'refuses wrong broker credentials at start with one line naming MQTT_PASSWORD and exit 2',
    { timeout: 60_000 },
    async () => {
      await stack!.stopCompanion();
      const env = stack!.companionEnv() as Record<string, string>;
      const run = await runCli(['start'], { ...env, MQTT_PASSWORD: 'not-the-password' });
      assert.equal(run.code, 2, run.stdout + run.stderr);
      const lines = run.stderr.trim().split('\n');
      assert.equal(lines.length, 1, run.stderr);
      assert.match(lines[0]!, /MQTT_PASSWORD/);
      assert.ok(!run.stderr.includes('not-the-password'));
    },
  );

  it(
    'retries with backoff when the broker refuses the password later, and recovers when it is right again',
    { timeout: 90_000 },
    async () => {
      await stack!.startCompanion();
      const { username, password } = broker().companion;
      broker().setPassword(username, 'changed-on-the-broker');
      await broker().restart();
      await waitUntil(
        'a refusal in the log',
        () => stack!.companionOutput.some((l) => l.includes('refused MQTT_USERNAME / MQTT_PASSWORD')),
        20_000,
      );
      assert.ok(stack!.companionRunning, 'a later refusal does not stop the companion');
      broker().setPassword(username, password);
      await broker().restart();
      await waitUntil(
        'connected again',
        () =>
          stack!.companionOutput.filter((l) => l.includes('connected to the MQTT broker')).length >=
          1 + BROKER_RESTARTS + KILLS + 1,
        70_000,
      );
      await stack!.ha.waitForState(balanceId(), (s) => s.state !== 'unavailable', 20_000);
    },
  );

  it('never put a secret on the broker (everything it carried, retained and live)', () => {
    const text = seen.join('\n');
    assert.ok(seen.length > 50, `the spy saw ${seen.length} messages`);
    const secrets = [
      item.access_token,
      stack!.plaid.secret,
      stack!.ha.adminToken,
      broker().companion.password,
      ...stack!.plaid.publicTokens(),
    ];
    for (const secret of secrets) assert.ok(!text.includes(secret), 'a secret reached the broker');
  });
});
