import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  RECENT_MAX,
  TRANSACTION_EVENT,
  type RecentAttributes,
  type RecentTransaction,
  type TransactionEventData,
} from '../../src/protocol/index.js';
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
    const beforeAttributeChange = sim.recorder.size();
    sim.hass.states.set('sensor.checking', '101', { ...attrs, friendly_name: 'Main' });
    const attributeChange = sim.recorder.size();
    assert.equal(
      attributeChange.states.bytes - beforeAttributeChange.states.bytes,
      ROW_BYTES.states + 3 + ROW_BYTES.timestamp,
      'an attribute-only change sets last_changed_ts',
    );
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

/** A transaction as the protocol names it, with Sandbox-like ids and a typical merchant. */
function transaction(i: number): TransactionEventData {
  return {
    plaid_balance_transaction: 1,
    event_type: 'purchase',
    transaction_id: `lPNjeW1nR6CDn5okmGQ6hEpMo4lLNoSrzq${String(i).padStart(4, '0')}`,
    amount: 12.5 + i,
    direction: 'out',
    currency: 'USD',
    name: 'Starbucks Coffee',
    merchant: 'Starbucks',
    category: 'FOOD_AND_DRINK',
    category_detailed: 'FOOD_AND_DRINK_COFFEE',
    pending: false,
    date: '2026-12-07',
    account: 'Plaid Checking',
    mask: '0000',
    institution_name: 'First Platypus Bank',
    plaid_item_id: 'eVBnVMp7zdTJLkRNr33Rs6zr7KNJqBFL9DrE6',
    plaid_account_id: 'BxBXxLj1m4HMXBm9WZZmCWVbPjX16EHwv99vp',
    balance_entity: 'sensor.plaid_first_platypus_bank_0000_current',
  };
}

function recentEntry(i: number): RecentTransaction {
  const t = transaction(i);
  return {
    date: t.date,
    name: t.name,
    amount: t.amount,
    direction: t.direction,
    event_type: t.event_type,
    category: t.category,
    pending: t.pending,
  };
}

/**
 * The three ways of telling HA about one more transaction whose cost
 * README.md quotes (rows asserted here; the bytes are `size()` differences
 * of the same writes).
 */
describe('HA simulator: what one transaction costs the recorder', () => {
  let sim: HaSim;

  before(async () => {
    sim = await startHaSim();
  });

  after(async () => {
    await sim.close();
  });

  it('as an MQTT event entity: one states row and one attributes row (the event_types stay out)', () => {
    const id = 'event.plaid_first_platypus_bank_0000_transactions';
    const write = (i: number) => {
      const { event_type, ...rest } = transaction(i);
      sim.hass.states.set(
        id,
        new Date(T0 + i * 1000).toISOString().replace('Z', '+00:00'),
        { event_types: ['purchase', 'refund'], event_type, ...rest, friendly_name: 'Checking Transactions' },
        false,
        undefined,
        { unrecordedAttributes: ['event_types'] },
      );
    };
    write(0);
    const start = sim.recorder.size();
    write(1);
    assert.deepEqual(rowsAdded(start, sim.recorder.size()), { states: 1, state_attributes: 1 });
  });

  it('as a bus event (REST mode): one events row and one event_data row', () => {
    sim.hass.bus.fire(TRANSACTION_EVENT, transaction(0));
    const start = sim.recorder.size();
    sim.hass.bus.fire(TRANSACTION_EVENT, transaction(1));
    assert.deepEqual(rowsAdded(start, sim.recorder.size()), { events: 1, event_data: 1 });
  });

  it(
    'in the recent list: one states row and one attributes row holding the whole list, ' +
      'none for a poll that changes nothing, and a full list stays under 16 KB',
    () => {
      const id = 'sensor.plaid_first_platypus_bank_0000_recent_transactions';
      const write = (newest: number) => {
        const entries = Array.from({ length: Math.min(RECENT_MAX, newest + 1) }, (_, k) => recentEntry(newest - k));
        const attributes: RecentAttributes = {
          friendly_name: 'Checking Recent transactions',
          plaid_balance_recent: 1,
          currency: 'USD',
          plaid_item_id: transaction(0).plaid_item_id,
          plaid_account_id: transaction(0).plaid_account_id,
          balance_entity: transaction(0).balance_entity,
          transactions: entries,
        };
        sim.hass.states.set(id, String(entries.length), attributes);
      };
      write(RECENT_MAX - 1);
      const start = sim.recorder.size();
      write(RECENT_MAX - 1);
      assert.deepEqual(rowsAdded(start, sim.recorder.size()), {}, 'a poll with nothing new: state_reported only');
      write(RECENT_MAX);
      assert.deepEqual(rowsAdded(start, sim.recorder.size()), { states: 1, state_attributes: 1 });
      assert.equal(sim.recorder.warnings.length, 0, 'a full list is recorded, not dropped');
    },
  );
});
