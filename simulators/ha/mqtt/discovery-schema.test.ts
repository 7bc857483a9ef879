import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { expandAbbreviations } from './abbreviations.js';
import { DiscoveryInvalid, validateDiscovery } from './discovery-schema.js';

const valid = {
  uniq_id: 'u1',
  stat_t: 'a/state',
  dev: { ids: ['d1'], name: 'Bank' },
  def_ent_id: 'sensor.x',
  o: { name: 'tool' },
};

describe('the simulated MQTT discovery schema', () => {
  it('expands abbreviations at the top level, in the device and in the origin', () => {
    const c = validateDiscovery('sensor', expandAbbreviations(valid));
    assert.equal(c.unique_id, 'u1');
    assert.equal(c.state_topic, 'a/state');
    assert.deepEqual(c.device?.identifiers, ['d1']);
    assert.equal(c.default_entity_id, 'sensor.x');
    assert.equal(c.name, 'MQTT Sensor', "HA's default name when none is given");
  });

  it('drops a top-level key HA does not know, as its DISCOVERY_SCHEMA does (extra=vol.REMOVE_EXTRA)', () => {
    const c = validateDiscovery('sensor', expandAbbreviations({ ...valid, frobnicate: 1 }));
    assert.equal(c.unique_id, 'u1');
    assert.ok(!('frobnicate' in c));
  });

  for (const [why, config, platform] of [
    ['no state topic', { uniq_id: 'u' }, 'sensor'],
    ['a button without command topic', { uniq_id: 'u' }, 'button'],
    ['a device without identifiers', { ...valid, dev: { name: 'x' } }, 'sensor'],
    ['a device without unique id', { stat_t: 'a', dev: { ids: ['d'] } }, 'sensor'],
    ['a wildcard in a command topic', { uniq_id: 'u', cmd_t: 'a/#' }, 'button'],
    ['an unknown key in the device', { ...valid, dev: { ids: ['d1'], colour: 'red' } }, 'sensor'],
    ['an unknown key in the origin', { ...valid, o: { name: 'tool', colour: 'red' } }, 'sensor'],
    ['a default_entity_id of another domain', { ...valid, def_ent_id: 'light.x' }, 'sensor'],
    ['a bad state class', { ...valid, stat_cla: 'sometimes' }, 'sensor'],
    ['an event without event_types', { uniq_id: 'u', stat_t: 'a' }, 'event'],
    ['an event device class HA does not have', { uniq_id: 'u', stat_t: 'a', evt_typ: ['x'], dev_cla: 'bell' }, 'event'],
    ['a last_reset template without state class total', { ...valid, lrst_val_tpl: '{{ value }}' }, 'sensor'],
    ['a template outside the simulated subset', { ...valid, val_tpl: '{{ value | float }}' }, 'sensor'],
  ] as const) {
    it(`refuses ${why}`, () => {
      assert.throws(
        () => validateDiscovery(platform, expandAbbreviations(config as Record<string, unknown>)),
        DiscoveryInvalid,
      );
    });
  }

  it("reads an event's types as cv.ensure_list of strings, and drops keys of other platforms", () => {
    const event = validateDiscovery(
      'event',
      expandAbbreviations({ uniq_id: 'e', stat_t: 'a', evt_typ: 'purchase', dev_cla: 'Button', stat_cla: 'total' }),
    );
    assert.deepEqual(event.event_types, ['purchase']);
    assert.equal(event.device_class, 'button', 'vol.Lower');
    assert.equal(event.state_class, null, 'the event schema has no state_class: dropped');
    assert.equal(event.name, 'MQTT Event');
    const sensor = validateDiscovery('sensor', expandAbbreviations({ ...valid, evt_typ: ['x'] }));
    assert.equal(sensor.event_types, null);
  });
});
