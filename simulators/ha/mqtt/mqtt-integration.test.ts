/**
 * The simulated MQTT integration against Debian's real Mosquitto, for what
 * other publishers than the companion send: keys HA's discovery drops
 * (extra=vol.REMOVE_EXTRA), the `object_id` HA 2026.4 stopped honouring,
 * a config HA refuses, and the registry's display precision; and the
 * event platform and a total sensor's last_reset, which the companion's
 * transactions use.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import mqtt, { type MqttClient } from 'mqtt';
import { waitUntil } from '../../../test/companion/helpers/harness.js';
import type { Connection } from 'home-assistant-js-websocket';
import { connectHaws } from '../haws-node-socket.js';
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

  const eventConfig = {
    uniq_id: 'card_tx',
    name: 'Transactions',
    stat_t: 'bank/card/tx',
    json_attr_t: 'bank/card/tx_attrs',
    evt_typ: ['purchase', 'refund'],
    dev: { ids: ['bank_card'], name: 'Card' },
    def_ent_id: 'event.card_transactions',
  };

  it(
    'sets up an event entity: unknown until an event, then the time of the last event with its type and data, ' +
      'ignoring invalid ones',
    async () => {
      await publisher!.publishAsync('homeassistant/event/bank/card_tx/config', JSON.stringify(eventConfig), {
        retain: true,
      });
      const fresh = await waitUntil('the event entity', () => ha!.hass.states.get('event.card_transactions'));
      assert.equal(fresh.state, 'unknown');
      assert.deepEqual(fresh.attributes, {
        event_types: ['purchase', 'refund'],
        event_type: null,
        friendly_name: 'Card Transactions',
      });
      await publisher!.publishAsync('bank/card/tx_attrs', JSON.stringify({ event_type: 'x', source: 'plaid' }));
      await waitUntil('the json attributes', () => ha!.hass.states.get('event.card_transactions')?.attributes.source);
      const before = Date.now();
      await publisher!.publishAsync('bank/card/tx', JSON.stringify({ event_type: 'purchase', amount: 12.5 }));
      const fired = await waitUntil('the event', () => {
        const s = ha!.hass.states.get('event.card_transactions');
        return s?.state !== 'unknown' && s;
      });
      assert.match(fired.state, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$/);
      assert.ok(Date.parse(fired.state) >= before - 1);
      assert.deepEqual(fired.attributes, {
        event_types: ['purchase', 'refund'],
        event_type: 'purchase',
        amount: 12.5,
        source: 'plaid',
        friendly_name: 'Card Transactions',
      });
      await publisher!.publishAsync('bank/card/tx', JSON.stringify({ event_type: 'income', amount: 1 }));
      await waitUntil('the warning', () => integration.warnings.some((w) => w.includes('Invalid event type income')));
      assert.equal(ha!.hass.states.get('event.card_transactions')?.state, fired.state, 'an invalid type: no event');
      // Published with retain, it still reaches the live subscription as an event (the broker clears the flag).
      await publisher!.publishAsync('bank/card/tx', JSON.stringify({ event_type: 'refund', amount: 2 }), {
        retain: true,
      });
      await waitUntil(
        'the refund',
        () => ha!.hass.states.get('event.card_transactions')?.attributes.event_type === 'refund',
      );
    },
  );

  it(
    'restores the last event after a restart, firing state_changed from nothing, ' +
      'and history answers without the unrecorded event_types',
    async () => {
      const before = ha!.hass.states.get('event.card_transactions')!;
      const firedBefore = ha!.events.length;
      await ha!.restart();
      const restored = await waitUntil('the restored event entity', () =>
        ha!.hass.states.get('event.card_transactions'),
      );
      // The broker replays the retained refund with the retain flag: HA ignores it and restores the last event.
      // Retained, so the new subscription gets it after the state topic's replay, whenever it is made.
      await publisher!.publishAsync('bank/card/tx_attrs', JSON.stringify({ source: 'after restart' }), {
        retain: true,
      });
      await waitUntil('the marker', () => ha!.hass.states.get('event.card_transactions')?.attributes.source);
      await publisher!.publishAsync('bank/card/tx_attrs', '', { retain: true });
      assert.equal(restored.state, before.state);
      assert.equal(restored.attributes.event_type, 'refund');
      assert.equal(restored.attributes.amount, 2);
      assert.equal(ha!.hass.states.get('event.card_transactions')?.state, before.state, 'the replay is no event');
      await publisher!.publishAsync('bank/card/tx', '', { retain: true });
      const change = ha!.events
        .slice(firedBefore)
        .find((e) => e.event_type === 'state_changed' && e.data['entity_id'] === 'event.card_transactions');
      assert.equal(change?.data['old_state'], null);

      let conn: Connection | undefined;
      try {
        conn = await connectHaws(ha!.url, ha!.adminToken);
        const history = await conn.sendMessagePromise<Record<string, { s: string; a?: Record<string, unknown> }[]>>({
          type: 'history/history_during_period',
          start_time: new Date(Date.now() - 60_000).toISOString(),
          entity_ids: ['event.card_transactions'],
        });
        const rows = history['event.card_transactions']!;
        const last = rows.at(-1)!;
        assert.equal(last.s, before.state);
        assert.deepEqual(last.a, {
          event_type: 'refund',
          amount: 2,
          source: 'after restart',
          friendly_name: 'Card Transactions',
        });
      } finally {
        conn?.close();
      }
    },
  );

  it(
    "sets a total sensor's last_reset from its state topic's payload with last_reset_value_template, " +
      'and refuses the template on another state class',
    async () => {
      const config = {
        uniq_id: 'month_spend',
        name: 'Spending this month',
        stat_t: 'bank/month',
        val_tpl: '{{ value_json.value }}',
        lrst_val_tpl: '{{ value_json.last_reset }}',
        stat_cla: 'total',
        unit_of_meas: 'USD',
        dev_cla: 'monetary',
        dev: { ids: ['bank_month'], name: 'Household' },
      };
      await publisher!.publishAsync('homeassistant/sensor/bank/month_spend/config', JSON.stringify(config), {
        retain: true,
      });
      await publisher!.publishAsync(
        'bank/month',
        JSON.stringify({ value: 42.5, last_reset: '2026-12-01T00:00:00-08:00' }),
        { retain: true },
      );
      const state = await waitUntil('the month sensor', () => {
        const s = ha!.hass.states.get('sensor.household_spending_this_month');
        return s?.state === '42.5' && s;
      });
      assert.deepEqual(state.attributes, {
        state_class: 'total',
        last_reset: '2026-12-01T00:00:00-08:00',
        unit_of_measurement: 'USD',
        device_class: 'monetary',
        friendly_name: 'Household Spending this month',
      });
      await publisher!.publishAsync(
        'homeassistant/sensor/bank/bad_month/config',
        JSON.stringify({
          ...config,
          uniq_id: 'bad_month',
          stat_cla: 'measurement',
        }),
        { retain: true },
      );
      const error = await waitUntil('the refusal', () => integration.errors.find((e) => e.topic.includes('bad_month')));
      assert.match(error.error, /`last_reset_value_template` cannot be used together with state class `measurement`/);
      for (const topic of [
        'homeassistant/sensor/bank/bad_month/config',
        'homeassistant/sensor/bank/month_spend/config',
      ])
        await publisher!.publishAsync(topic, '', { retain: true });
      await publisher!.publishAsync('homeassistant/event/bank/card_tx/config', '', { retain: true });
    },
  );
});
