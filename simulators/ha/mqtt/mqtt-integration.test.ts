/**
 * The simulated MQTT integration against Debian's real Mosquitto, for what
 * other publishers than the companion send: keys HA's discovery drops
 * (extra=vol.REMOVE_EXTRA), the `object_id` HA 2026.4 stopped honouring,
 * a config HA refuses, and the registry's display precision.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import mqtt, { type MqttClient } from 'mqtt';
import { waitUntil } from '../../../test/companion/helpers/harness.js';
import { Mosquitto } from '../../mosquitto/mosquitto.js';
import { startHaSim, type HaSim } from '../ha-server.js';
import { attachMqtt, type MqttIntegration } from './mqtt-integration.js';

describe('the simulated MQTT integration, with configs from other publishers', () => {
  let broker: Mosquitto | undefined;
  let ha: HaSim | undefined;
  let integration: MqttIntegration;
  let publisher: MqttClient | undefined;

  before(async () => {
    broker = await Mosquitto.start({ users: [{ username: 'other', password: 'other-password' }] });
    ha = await startHaSim();
    integration = await attachMqtt(ha, {
      url: broker.url,
      username: broker.homeassistant.username,
      password: broker.homeassistant.password,
    });
    publisher = await mqtt.connectAsync(broker.url, { username: 'other', password: 'other-password' });
  });

  after(async () => {
    await publisher?.endAsync();
    await ha?.close();
    await broker?.stop();
  });

  const publish = (node: string, config: object) =>
    publisher!.publishAsync(`homeassistant/sensor/${node}/thing/config`, JSON.stringify(config), { retain: true });

  it(
    'sets up an entity whose config has keys HA does not know, without them, ' + 'and names it from its device',
    async () => {
      await publish('legacy', {
        unique_id: 'legacy_thing',
        name: 'Thing',
        object_id: 'legacy_thing_id',
        frobnicate: 1,
        state_topic: 'legacy/thing',
        device: { identifiers: ['legacy'], name: 'Old Device' },
      });
      await publisher!.publishAsync('legacy/thing', '42', { retain: true });
      await waitUntil(
        'the legacy sensor with its state',
        () => ha!.hass.states.get('sensor.old_device_thing')?.state === '42',
      );
      assert.equal(
        ha!.hass.states.get('sensor.legacy_thing_id'),
        undefined,
        'object_id no longer sets the entity id (HA 2026.4)',
      );
      assert.ok(!integration.errors.some((e) => e.topic.includes('legacy')), JSON.stringify(integration.errors));
    },
  );

  it('refuses a config whose device has a key HA does not know, and logs why', async () => {
    await publish('strict', {
      unique_id: 'strict_thing',
      state_topic: 'strict/thing',
      device: { identifiers: ['strict'], colour: 'red' },
    });
    const error = await waitUntil('the refusal', () => integration.errors.find((e) => e.topic.includes('strict')));
    assert.match(error.error, /extra keys not allowed @ data\['device'\]\['colour'\]/);
    assert.equal(ha!.hass.entityRegistry.findByUniqueId('sensor', 'mqtt', 'strict_thing'), undefined);
  });

  it(
    "keeps a sensor's suggested display precision in the registry, " +
      "beside the user's, as HA's sensor platform does",
    async () => {
      await publish('precise', {
        unique_id: 'precise_thing',
        name: 'Amount',
        state_topic: 'precise/thing',
        suggested_display_precision: 2,
        device: { identifiers: ['precise'], name: 'Meter' },
      });
      const entry = await waitUntil('the registry entry', () =>
        ha!.hass.entityRegistry.findByUniqueId('sensor', 'mqtt', 'precise_thing'),
      );
      assert.deepEqual(entry.options['sensor'], { suggested_display_precision: 2 });
      ha!.hass.entityRegistry.updateOptions(entry.entityId, 'sensor', {
        suggested_display_precision: 2,
        display_precision: 0,
      });
      // The same config again (a companion restart): the user's choice stays.
      await publish('precise', {
        unique_id: 'precise_thing',
        name: 'Amount',
        state_topic: 'precise/thing',
        suggested_display_precision: 3,
        device: { identifiers: ['precise'], name: 'Meter' },
      });
      await waitUntil('the new suggestion', () => entry.options['sensor']?.['suggested_display_precision'] === 3);
      assert.equal(ha!.hass.entityRegistry.get(entry.entityId)?.options['sensor']?.['display_precision'], 0);
    },
  );
});
