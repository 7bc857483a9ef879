// HA's recorder keeps an entity's history and statistics when the user gives
// it a new id in the registry (recorder/entity_registry.py), and refuses to
// when the new id has recorded states or statistics of its own.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Connection } from 'home-assistant-js-websocket';
import { connectHaws } from './haws-node-socket.js';
import { startHaSim, type HaSim } from './ha-server.js';
import { attachStatistics, type SimStatistics } from './statistics.js';

const H = 3_600_000;
const T0 = Date.UTC(2026, 10, 1, 0);
const money = { state_class: 'total', unit_of_measurement: 'USD', device_class: 'monetary' };
const entity = (suggestedObjectId: string) => ({
  suggestedObjectId,
  configEntryId: 'e1',
  deviceId: null,
  originalName: null,
  originalIcon: null,
  originalDeviceClass: 'monetary',
  entityCategory: null,
  hasEntityName: false,
});

describe('HA simulator: a registry rename takes the recorded history and statistics along', () => {
  let sim: HaSim;
  let conn: Connection;
  let stats: SimStatistics;
  const now = T0 + 48 * H + 20 * 60_000;

  before(async () => {
    sim = await startHaSim();
    stats = attachStatistics(sim, () => now);
    conn = await connectHaws(sim.url, sim.adminToken);
  });

  after(async () => {
    conn?.close();
    await sim?.close();
  });

  const statistics = (ids: string[]) =>
    conn.sendMessagePromise<Record<string, { start: number; state: number }[]>>({
      type: 'recorder/statistics_during_period',
      start_time: new Date(T0).toISOString(),
      statistic_ids: ids,
      period: 'hour',
      types: ['state'],
    });
  const history = (ids: string[]) =>
    conn.sendMessagePromise<Record<string, { s: string }[]>>({
      type: 'history/history_during_period',
      start_time: new Date(Date.now() - H).toISOString(),
      entity_ids: ids,
      minimal_response: true,
      no_attributes: true,
    });
  const metadataIds = async () =>
    (await conn.sendMessagePromise<{ statistic_id: string }[]>({ type: 'recorder/get_statistics_metadata' })).map(
      (m) => m.statistic_id,
    );

  it('answers statistics and history under the new id, and nothing under the old one', async () => {
    // The entry is updated in place by a rename: keep its first id.
    const oldId = sim.hass.entityRegistry.getOrCreate('sensor', 'mqtt', 'checking', entity('checking')).entityId;
    stats.importStates(oldId, [
      { at: T0 + 10 * 60_000, state: '100', attributes: money },
      { at: T0 + 26 * H, state: '150', attributes: money },
    ]);
    sim.hass.states.set(oldId, '150', money);
    sim.hass.states.set(oldId, '175', money);
    const before = await statistics([oldId]);
    assert.equal(before[oldId]?.length, 48);

    sim.hass.entityRegistry.update(oldId, { newEntityId: 'sensor.household_checking' });
    sim.hass.states.remove(oldId);
    sim.hass.states.set('sensor.household_checking', '180', money);

    const after = await statistics([oldId, 'sensor.household_checking']);
    assert.deepEqual(Object.keys(after), ['sensor.household_checking']);
    assert.deepEqual(after['sensor.household_checking'], before[oldId]);
    const ids = await metadataIds();
    assert.ok(ids.includes('sensor.household_checking') && !ids.includes(oldId), ids.join(', '));

    const h = await history([oldId, 'sensor.household_checking']);
    assert.deepEqual(Object.keys(h), ['sensor.household_checking']);
    assert.deepEqual(
      h['sensor.household_checking']!.map((r) => r.s),
      ['150', '175', '180'],
      'the old states, then the new one',
    );
  });

  it('moves nothing when the new id has a history of its own (HA: "already in use")', async () => {
    // A sensor removed earlier left its states and statistics behind under the id the user now picks.
    stats.importStates('sensor.old_savings', [{ at: T0, state: '5', attributes: money }]);
    sim.hass.states.set('sensor.old_savings', '5', money);
    sim.hass.states.remove('sensor.old_savings');
    const oldId = sim.hass.entityRegistry.getOrCreate('sensor', 'mqtt', 'savings', entity('savings')).entityId;
    stats.importStates(oldId, [{ at: T0, state: '900', attributes: money }]);
    sim.hass.states.set(oldId, '900', money);
    const before = await statistics([oldId, 'sensor.old_savings']);
    assert.equal(before['sensor.old_savings']?.[0]?.state, 5, 'the removed sensor has statistics of its own');

    sim.hass.entityRegistry.update(oldId, { newEntityId: 'sensor.old_savings' });

    assert.deepEqual(await statistics([oldId, 'sensor.old_savings']), before);
    const h = await history([oldId, 'sensor.old_savings']);
    assert.deepEqual(
      h['sensor.old_savings']?.map((r) => r.s),
      ['5'],
    );
    assert.deepEqual(
      h[oldId]?.map((r) => r.s),
      ['900'],
    );
  });
});
