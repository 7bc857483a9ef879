/**
 * The MQTT transport end to end against Debian's real Mosquitto: the
 * companion (in-process) publishes discovery, the HA simulator's MQTT
 * integration turns it into registry entities under a device per bank, a
 * REST home's entity ids are kept, renames and areas work through HA's
 * websocket API, the Refresh button polls, and nothing secret reaches the broker.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import mqtt, { type MqttClient } from 'mqtt';
import type { Connection } from 'home-assistant-js-websocket';
import { startApp, type App } from '../../../../src/companion/app.js';
import type { ServiceConfig } from '../../../../src/companion/config/config.js';
import { ConfigError } from '../../../../src/companion/errors.js';
import { balanceEntityId, balanceState, problemEntityId } from '../../../../src/companion/entities/sensor-states.js';
import { TokenStore } from '../../../../src/companion/store/token-store.js';
import type { StoredItem } from '../../../../src/companion/store/token-store.js';
import { refreshButtonId } from '../../../../src/protocol/index.js';
import { connectHaws } from '../../../../simulators/ha/haws-node-socket.js';
import { attachMqtt, type MqttIntegration } from '../../../../simulators/ha/mqtt/mqtt-integration.js';
import { startHaSim, type HaSim } from '../../../../simulators/ha/ha-server.js';
import { Mosquitto } from '../../../../simulators/mosquitto/mosquitto.js';
import { startPlaidSim, type PlaidSim } from '../../../../simulators/plaid/plaid-server.js';
import { linkSandboxItems } from '../../../reliability/support/plaid-items.js';
import { memoryLogger } from '../../helpers/fixtures.js';
import { simulatorConfig, waitUntil } from '../../helpers/harness.js';

describe('MQTT transport with a real broker', () => {
  let broker: Mosquitto | undefined;
  let plaid: PlaidSim | undefined;
  let ha: HaSim | undefined;
  let integration: MqttIntegration;
  let app: App | undefined;
  let admin: Connection | undefined;
  let spy: MqttClient | undefined;
  let dataDir = '';
  let item: StoredItem;
  let config: ServiceConfig;
  const seen: string[] = [];
  const log = memoryLogger('debug');

  before(async () => {
    broker = await Mosquitto.start({ users: [{ username: 'spy', password: 'spy-password' }] });
    plaid = await startPlaidSim();
    ha = await startHaSim();
    integration = await attachMqtt(ha, {
      url: broker.url,
      username: broker.homeassistant.username,
      password: broker.homeassistant.password,
    });
    spy = mqtt.connect(broker.url, { username: 'spy', password: 'spy-password' });
    spy.on('message', (topic, payload) => seen.push(`${topic} ${payload.toString('utf8')}`));
    await new Promise<void>((resolve) => spy!.once('connect', () => resolve()));
    await spy.subscribeAsync('#');
    dataDir = await mkdtemp(join(tmpdir(), 'pbc-mqtt-'));
    [item] = (await linkSandboxItems(plaid, 1, 2)) as [StoredItem];
    const store = await TokenStore.open(dataDir);
    await store.put(item);
    await store.close();
    // What a REST home has in HA before switching: states without registry entries.
    for (const a of item.accounts)
      for (const k of a.kinds) {
        const s = balanceState(item, a, k);
        ha.setState(s.entity_id, s.state, s.attributes as never);
      }
    config = simulatorConfig(plaid, ha, dataDir, {
      logLevel: 'debug',
      sensorTransport: 'mqtt',
      mqttUrl: broker.url,
      mqttUsername: broker.companion.username,
      mqttPassword: broker.companion.password,
    });
    app = await startApp({ config, log, haRetry: { baseMs: 50, maxMs: 300 } });
    admin = await connectHaws(ha.url, ha.adminToken);
  });

  after(async () => {
    admin?.close();
    await app?.close();
    await spy?.endAsync();
    await ha?.close();
    await plaid?.close();
    await broker?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  const firstBalanceId = () => balanceEntityId(item, item.accounts[0]!, item.accounts[0]!.kinds[0]!);

  it(
    'makes every balance a registry entity with a unique id under a device per bank, ' + 'keeping the REST entity ids',
    async () => {
      const sim = ha!;
      for (const a of item.accounts)
        for (const k of a.kinds) {
          const id = balanceEntityId(item, a, k);
          await waitUntil(`registry entry ${id}`, () => sim.hass.entityRegistry.get(id), 10_000);
          // State and attributes come on topics of their own, as HA's MQTT sensor takes them: wait for both.
          const state = await sim.waitForState(
            id,
            (s) => s.state === String(a[k]) && s.attributes.plaid_balance !== undefined,
            10_000,
          );
          assert.equal(state.attributes.plaid_balance, 1);
          assert.equal(state.attributes.device_class, 'monetary');
          assert.equal(state.attributes.state_class, 'total');
        }
      assert.ok(!sim.hass.states.get(`${firstBalanceId()}_2`), 'no _2 duplicate: the REST state was deleted first');
      const entry = (await admin!.sendMessagePromise({
        type: 'config/entity_registry/get',
        entity_id: firstBalanceId(),
      })) as Record<string, unknown>;
      assert.equal(entry.platform, 'mqtt');
      assert.match(String(entry.unique_id), /^plaid_balance_/);
      const devices = (await admin!.sendMessagePromise({ type: 'config/device_registry/list' })) as Record<
        string,
        unknown
      >[];
      const bank = devices.find((d) => d.id === entry.device_id);
      assert.equal(bank?.name, 'First Platypus Bank');
      assert.ok(
        devices.some((d) => d.name === 'Plaid Balance' && d.id === bank?.via_device_id),
        'the bank hangs off the companion device',
      );
      assert.equal(integration.errors.length, 0, JSON.stringify(integration.errors));
      await sim.waitForState(problemEntityId(item), (s) => s.state === 'off');
      await sim.waitForState('sensor.plaid_net_worth_usd', (s) => s.state !== 'unknown');
    },
  );

  it('renames an entity id and puts its device in an area through the websocket API', async () => {
    const sim = ha!;
    const oldId = firstBalanceId();
    const res = (await admin!.sendMessagePromise({
      type: 'config/entity_registry/update',
      entity_id: oldId,
      new_entity_id: 'sensor.my_checking',
    })) as { entity_entry: Record<string, unknown> };
    assert.equal(res.entity_entry.entity_id, 'sensor.my_checking');
    const state = await sim.waitForState('sensor.my_checking', (s) => s.attributes.plaid_balance === 1);
    assert.equal(state.attributes.friendly_name, `First Platypus Bank ${item.accounts[0]!.name} balance`);
    assert.equal(sim.hass.states.get(oldId), undefined);
    const device = (await admin!.sendMessagePromise({
      type: 'config/device_registry/update',
      device_id: res.entity_entry.device_id,
      area_id: 'kitchen',
    })) as Record<string, unknown>;
    assert.equal(device.area_id, 'kitchen');
    const display = (await admin!.sendMessagePromise({ type: 'config/entity_registry/list_for_display' })) as {
      entities: Record<string, unknown>[];
    };
    assert.ok(
      display.entities.some(
        (e) => e.ei === 'sensor.my_checking' && e.pl === 'mqtt' && e.di === device.id && e.hn === true,
      ),
    );
  });

  it('polls Plaid when the Refresh button is pressed, and ignores 1000 malformed command messages', async () => {
    const sim = ha!;
    // A press during the start's poll (balances, then transactions) is answered by that poll: let it finish.
    await app!.poller.pollNow(item.item_id);
    const before = plaid!.callsFor('/accounts/get', item.item_id).length;
    for (let n = 0; n < 1000; n++)
      spy!.publish(
        `plaid_balance/${n % 2 ? 'nope' : item.item_id.toLowerCase()}/refresh`,
        n % 3 ? 'press' : Buffer.from([0xff, n & 0xff]),
      );
    await waitUntil('button entity', () => sim.hass.states.get(refreshButtonId(item.entity_label)), 10_000);
    await admin!.sendMessagePromise({
      type: 'call_service',
      domain: 'button',
      service: 'press',
      service_data: { entity_id: refreshButtonId(item.entity_label) },
    });
    await waitUntil(
      'a poll after the press',
      () => plaid!.callsFor('/accounts/get', item.item_id).length > before,
      10_000,
    );
    assert.equal(
      plaid!.callsFor('/accounts/get', item.item_id).length,
      before + 1,
      'one press, one poll; the malformed ones did nothing',
    );
  });

  it('never puts a secret on a topic', () => {
    const text = seen.join('\n');
    assert.ok(seen.length > 10, 'the spy saw the traffic');
    for (const secret of [item.access_token, plaid!.secret, ha!.adminToken, broker!.companion.password])
      assert.ok(!text.includes(secret));
  });

  it('turns the entities unavailable when the companion stops', async () => {
    await app!.close();
    app = undefined;
    const state = await ha!.waitForState('sensor.my_checking', (s) => s.state === 'unavailable', 10_000);
    assert.equal(state.attributes.plaid_balance, undefined, 'HA drops the entity attributes while unavailable');
  });

  it('refuses wrong broker credentials at start with a ConfigError naming MQTT_PASSWORD', async () => {
    await assert.rejects(
      startApp({ config: { ...config, mqttPassword: 'wrong' }, log: memoryLogger('info') }),
      (err: unknown) => {
        assert.ok(err instanceof ConfigError);
        assert.equal(err.setting, 'MQTT_PASSWORD');
        assert.ok(!err.message.includes('wrong'));
        return true;
      },
    );
  });
});
