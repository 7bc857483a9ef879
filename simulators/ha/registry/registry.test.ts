import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { connectHaws } from '../haws-node-socket.js';
import { Hass } from '../ha-core.js';
import { startHaSim } from '../ha-server.js';
import { displayDict, extendedDict, slugify } from './entity-registry.js';

function hass(): Hass {
  return new Hass({ fireEventRequiresAdmin: true, config: {} });
}

const options = {
  suggestedObjectId: 'plaid_bank_0000_current',
  configEntryId: 'e1',
  deviceId: null,
  originalName: 'Checking balance',
  originalIcon: null,
  originalDeviceClass: 'monetary',
  entityCategory: null,
  hasEntityName: true,
};

describe('the simulated entity registry', () => {
  it('slugs names as HA core does (python-slugify with _)', () => {
    const cases: [string, string][] = [
      ['First Platypus Bank', 'first_platypus_bank'],
      ["O'Brien Bank", 'o_brien_bank'],
      ['Straße 1,000', 'strasse_1000'],
      ['Café Crédit', 'cafe_credit'],
      ['Ørsted-Bank', 'orsted_bank'],
      ['A &amp; B', 'a_b'],
      ['plaid_bank_0000_current', 'plaid_bank_0000_current'],
      ['!!!', 'unknown'],
      ['', ''],
    ];
    for (const [text, slug] of cases) assert.equal(slugify(text), slug, text);
  });

  it('keeps one entity id per unique id, and avoids ids taken in the registry or the state machine', () => {
    const h = hass();
    h.states.set('sensor.plaid_bank_0000_current', '1', {});
    const first = h.entityRegistry.getOrCreate('sensor', 'mqtt', 'u1', options);
    assert.equal(first.entityId, 'sensor.plaid_bank_0000_current_2', 'a REST state holds the id, as in HA');
    assert.equal(h.entityRegistry.getOrCreate('sensor', 'mqtt', 'u1', options).entityId, first.entityId);
    assert.equal(
      h.entityRegistry.getOrCreate('sensor', 'mqtt', 'u2', options).entityId,
      'sensor.plaid_bank_0000_current_3',
    );
  });

  it('renames with an update event carrying the old id', () => {
    const h = hass();
    const e = h.entityRegistry.getOrCreate('sensor', 'mqtt', 'u1', options);
    h.entityRegistry.update(e.entityId, { newEntityId: 'sensor.my_checking', areaId: 'kitchen' });
    const event = h.bus.fired.filter((x) => x.event_type === 'entity_registry_updated').at(-1);
    assert.equal(event?.data['old_entity_id'], 'sensor.plaid_bank_0000_current');
    assert.deepEqual(event?.data['changes'], { area_id: null, entity_id: 'sensor.plaid_bank_0000_current' });
    assert.equal(h.entityRegistry.get('sensor.my_checking')?.uniqueId, 'u1');
  });

  it('answers list_for_display with only the compact keys that are set', () => {
    const h = hass();
    const e = h.entityRegistry.getOrCreate('sensor', 'mqtt', 'u1', { ...options, entityCategory: 'diagnostic' });
    assert.deepEqual(displayDict(e), { ei: e.entityId, pl: 'mqtt', ec: 1, hn: true, en: 'Checking balance' });
    assert.equal(extendedDict(e).original_device_class, 'monetary');
  });

  it("gives a sensor's display precision in list_for_display: the user's over the integration's", () => {
    const h = hass();
    const e = h.entityRegistry.getOrCreate('sensor', 'mqtt', 'u1', options);
    h.entityRegistry.updateOptions(e.entityId, 'sensor', { suggested_display_precision: 2 });
    h.entityRegistry.updateOptions(e.entityId, 'conversation', { should_expose: true });
    assert.equal(displayDict(e).dp, 2);
    h.entityRegistry.updateOptions(e.entityId, 'sensor', { suggested_display_precision: 2, display_precision: 0 });
    assert.equal(displayDict(e).dp, 0, 'precision 0 is a precision');
    assert.deepEqual(
      e.options,
      { sensor: { suggested_display_precision: 2, display_precision: 0 }, conversation: { should_expose: true } },
      'one domain replaced, the others kept',
    );
    const event = h.bus.fired.filter((x) => x.event_type === 'entity_registry_updated').at(-1);
    assert.deepEqual(event?.data['changes'], {
      options: { sensor: { suggested_display_precision: 2 }, conversation: { should_expose: true } },
    });
    const button = h.entityRegistry.getOrCreate('button', 'mqtt', 'u2', { ...options, suggestedObjectId: 'refresh' });
    h.entityRegistry.updateOptions(button.entityId, 'sensor', { display_precision: 1 });
    assert.equal(displayDict(button).dp, undefined, 'only a sensor has one');
  });

  it(
    'sets options through config/entity_registry/update as the entity settings dialog does, ' + 'and needs both keys',
    async () => {
      const sim = await startHaSim();
      const conn = await connectHaws(sim.url, sim.adminToken);
      try {
        const e = sim.hass.entityRegistry.getOrCreate('sensor', 'mqtt', 'u1', options);
        const answer = await conn.sendMessagePromise<{ entity_entry: { options: unknown } }>({
          type: 'config/entity_registry/update',
          entity_id: e.entityId,
          options_domain: 'sensor',
          options: { display_precision: 0 },
        });
        assert.deepEqual(answer.entity_entry.options, { sensor: { display_precision: 0 } });
        const shown = await conn.sendMessagePromise<{ entities: { ei: string; dp?: number }[] }>({
          type: 'config/entity_registry/list_for_display',
        });
        assert.equal(shown.entities.find((x) => x.ei === e.entityId)?.dp, 0);
        await assert.rejects(
          conn.sendMessagePromise({
            type: 'config/entity_registry/update',
            entity_id: e.entityId,
            options_domain: 'sensor',
          }),
          {
            code: 'invalid_format',
            message: "some but not all values in the same group of inclusion 'entity_option' @ data[<entity_option>]",
          },
        );
      } finally {
        conn.close();
        await sim.close();
      }
    },
  );
});
