import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Connection } from 'home-assistant-js-websocket';
import { connectHaws } from './haws-node-socket.js';
import { startHaSim, type HaSim } from './ha-server.js';

type Rows = Record<string, { s: string; a?: Record<string, unknown> }[]>;

describe('HA simulator: history answers what the recorder kept', () => {
  let sim: HaSim;
  let conn: Connection | undefined;

  before(async () => {
    sim = await startHaSim();
    conn = await connectHaws(sim.url, sim.adminToken);
  });

  after(async () => {
    conn?.close();
    await sim.close();
  });

  const history = (entityIds: string[]) =>
    conn!.sendMessagePromise<Rows>({
      type: 'history/history_during_period',
      start_time: new Date(Date.now() - 60_000).toISOString(),
      entity_ids: entityIds,
    });

  it('drops the attributes no domain records, and answers {} for attributes over 16 KB', async () => {
    sim.hass.states.set('sensor.card', '5', { friendly_name: 'Card', attribution: 'Plaid', supported_features: 0 });
    sim.hass.states.set('sensor.recent', '100', { friendly_name: 'Recent', transactions: 'x'.repeat(17_000) });
    const rows = await history(['sensor.card', 'sensor.recent']);
    assert.deepEqual(rows['sensor.card']![0]!.a, { friendly_name: 'Card' });
    assert.deepEqual(rows['sensor.recent']![0]!.a, {});
    assert.equal(sim.hass.states.get('sensor.recent')!.attributes['friendly_name'], 'Recent', 'the state keeps them');
  });
});
