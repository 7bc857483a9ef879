import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startHaSim, type HaSim } from './ha-server.js';
import { ROW_BYTES, type RecorderSize } from './recorder-database.js';
import { attachStatistics } from './statistics.js';

const H = 3_600_000;
const T0 = Date.UTC(2026, 10, 1, 0);

/** Rows added per table between two readings. */
function rowsAdded(before: RecorderSize, after: RecorderSize): Record<string, number> {
  const out: Record<string, number> = {};
  for (const table of Object.keys(after) as (keyof RecorderSize)[])
    if (table !== 'total' && after[table].rows !== before[table].rows)
      out[table] = after[table].rows - before[table].rows;
  return out;
}

describe("HA simulator: the recorder's database size", () => {
  let sim: HaSim;

  before(async () => {
    sim = await startHaSim();
  });

  after(async () => {
    await sim.close();
  });

  it('adds a states row per state change, and an attributes row only for attributes not seen before', () => {
    const start = sim.recorder.size();
    const attrs = { unit_of_measurement: 'USD', friendly_name: 'Checking', supported_features: 0 };
    sim.hass.states.set('sensor.checking', '100', attrs);
    const first = sim.recorder.size();
    assert.deepEqual(rowsAdded(start, first), { states: 1, state_attributes: 1, states_meta: 1 });
    assert.equal(first.states.bytes - start.states.bytes, ROW_BYTES.states + 3);
    const shared = '{"unit_of_measurement":"USD","friendly_name":"Checking"}';
    assert.equal(first.state_attributes.bytes - start.state_attributes.bytes, ROW_BYTES.shared + shared.length);

    sim.hass.states.set('sensor.checking', '101', attrs);
    sim.hass.states.set('sensor.savings', '5', attrs);
    sim.hass.states.set('sensor.savings', '5', attrs); // identical: state_reported, no row
    assert.deepEqual(rowsAdded(first, sim.recorder.size()), { states: 2, states_meta: 1 });
  });

  it('keeps an entity’s unrecorded attributes out, and stores {} for attributes over 16 KB with a warning', () => {
    const start = sim.recorder.size();
    sim.hass.states.set('event.tx', 'unknown', { event_types: ['a', 'b'], event_type: null }, false, undefined, {
      unrecordedAttributes: ['event_types'],
    });
    const after = sim.recorder.size();
    assert.equal(
      after.state_attributes.bytes - start.state_attributes.bytes,
      ROW_BYTES.shared + '{"event_type":null}'.length,
    );

    sim.hass.states.set('sensor.recent', '100', { transactions: 'x'.repeat(20_000) });
    assert.match(
      sim.recorder.warnings.at(-1)!,
      /^State attributes for sensor\.recent exceed maximum size of 16384 bytes/,
    );
    sim.hass.states.set('sensor.recent', '101', { transactions: 'y'.repeat(20_000) });
    const big = sim.recorder.size();
    assert.equal(big.state_attributes.rows - after.state_attributes.rows, 1, 'both stored as the one {} row');
  });

  it('records events other than state_changed, with their data shared and their types once', async () => {
    const start = sim.recorder.size();
    for (let i = 0; i < 2; i++) {
      const res = await fetch(`${sim.url}/api/events/plaid_balance_transaction`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${sim.adminToken}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ transaction_id: 'tx1', amount: 12.5 }),
      });
      assert.deepEqual(await res.json(), { message: 'Event plaid_balance_transaction fired.' });
    }
    const fired = sim.events.at(-1)!;
    assert.equal(fired.origin, 'REMOTE');
    assert.equal(fired.context.user_id, sim.adminUser.id);
    const after = sim.recorder.size();
    assert.deepEqual(rowsAdded(start, after), { events: 2, event_data: 1, event_types: 1 });
    assert.equal(after.events.bytes - start.events.bytes, 2 * (ROW_BYTES.events + ROW_BYTES.contextUser));
    sim.hass.bus.fire('plaid_balance_transaction', {});
    assert.deepEqual(rowsAdded(after, sim.recorder.size()), { events: 1 }, 'no data, no event_data row');
  });

  it('counts hourly and 5-minute statistics rows once statistics are attached', () => {
    const now = T0 + 2 * H;
    const stats = attachStatistics(sim, () => now);
    stats.importStates('sensor.month', [
      { at: T0, state: '1', attributes: { state_class: 'total', last_reset: '2026-11-01T00:00:00' } },
    ]);
    const size = sim.recorder.size();
    assert.equal(size.statistics.rows, 2);
    assert.equal(size.statistics_short_term.rows, 24);
    assert.equal(size.statistics_meta.rows, 1);
    assert.equal(size.statistics.bytes, 2 * (ROW_BYTES.statistics + 3 * ROW_BYTES.statisticsValue));
  });
});
