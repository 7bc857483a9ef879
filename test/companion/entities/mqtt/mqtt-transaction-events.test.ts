/**
 * Transaction events over Debian's real Mosquitto: the companion publishes
 * each event once, not retained, at QoS 1, on the account's event topic, and
 * removes it from the store only once HA's state of the event entity shows
 * it. Until the HA simulator plays HA's MQTT event platform, this test plays
 * that part: what HA's mqtt/event.py does with a message (the entity's state
 * with the event's attributes) is done by a subscriber here.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import mqtt, { type MqttClient } from 'mqtt';
import { startApp, type App } from '../../../../src/companion/app.js';
import type { TransactionsItem } from '../../../../src/companion/entities/transaction-states.js';
import { startHaSim, type HaSim } from '../../../../simulators/ha/ha-server.js';
import { Mosquitto } from '../../../../simulators/mosquitto/mosquitto.js';
import { startPlaidSim, type PlaidSim } from '../../../../simulators/plaid/plaid-server.js';
import { memoryLogger } from '../../helpers/fixtures.js';
import { simulatorConfig, waitUntil } from '../../helpers/harness.js';
import { transactionEvent, transactionsItem } from '../../helpers/transaction-items.js';

const EVENT_TOPIC = 'plaid_balance/item_aaaa1111/acc_checking_1_transactions/event';
const EVENT_ENTITY = 'event.plaid_first_platypus_bank_0000_transactions';

describe('transaction events over a real broker', () => {
  let broker: Mosquitto | undefined;
  let plaid: PlaidSim | undefined;
  let ha: HaSim | undefined;
  let app: App | undefined;
  let haSide: MqttClient | undefined;
  let dataDir = '';
  const received: Array<{ payload: string; retain: boolean; qos: number }> = [];

  before(async () => {
    broker = await Mosquitto.start({ users: [{ username: 'ha', password: 'ha-password' }] });
    plaid = await startPlaidSim();
    ha = await startHaSim();
    const sim = ha;
    // HA's event entity: every non-retained message on its topic becomes its state, the payload its attributes.
    haSide = mqtt.connect(broker.url, { username: 'ha', password: 'ha-password' });
    haSide.on('message', (_topic, payload, packet) => {
      received.push({ payload: payload.toString('utf8'), retain: packet.retain, qos: packet.qos });
      if (packet.retain) return;
      const { event_type, ...attributes } = JSON.parse(payload.toString('utf8')) as Record<string, unknown>;
      sim.setState(EVENT_ENTITY, new Date().toISOString(), { event_type, ...attributes } as never);
    });
    await new Promise<void>((resolve) => haSide!.once('connect', () => resolve()));
    await haSide.subscribeAsync(EVENT_TOPIC, { qos: 1 });
    dataDir = await mkdtemp(join(tmpdir(), 'pbc-mqtt-tx-'));
    const config = simulatorConfig(plaid, ha, dataDir, {
      sensorTransport: 'mqtt',
      mqttUrl: broker.url,
      mqttUsername: broker.companion.username,
      mqttPassword: broker.companion.password,
      pollIntervalMs: 3600_000,
    });
    app = await startApp({ config, log: memoryLogger('debug'), haRetry: { baseMs: 50, maxMs: 300 } });
  });

  after(async () => {
    await app?.close();
    await haSide?.endAsync();
    await ha?.close();
    await plaid?.close();
    await broker?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('publishes each event once, in order, never retained, and removes it once HA shows it', async () => {
    const item: TransactionsItem = transactionsItem({
      outbox: [transactionEvent({ transaction_id: 'tx-1' }), transactionEvent({ transaction_id: 'tx-2', amount: 3 })],
    });
    // Until the sync's store version 3, the Item's transactions live in memory only: this test never reopens it.
    await app!.store.put(item);
    await waitUntil('HA connected', () => app!.ha.connected);
    app!.transactionEvents!.kick();
    await waitUntil(
      'the outbox emptied',
      () => ((app!.store.get(item.item_id) as TransactionsItem).transactions?.outbox.length ?? -1) === 0,
      10_000,
    );
    assert.deepEqual(
      received.map((r) => (JSON.parse(r.payload) as { transaction_id: string }).transaction_id),
      ['tx-1', 'tx-2'],
    );
    assert.ok(received.every((r) => !r.retain && r.qos === 1));
    assert.equal(ha!.hass.states.get(EVENT_ENTITY)?.attributes.transaction_id, 'tx-2');
  });
});
