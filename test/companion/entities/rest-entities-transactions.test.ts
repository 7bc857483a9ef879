// RestEntities and transactions: month sensors, recent lists, the household, TRANSACTIONS=off.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RestEntities, type RestTransactions } from '../../../src/companion/entities/rest-entities.js';
import type { StoredItem } from '../../../src/companion/store/store-file.js';
import { memoryLogger } from '../helpers/fixtures.js';
import { ledgerEntry, transactionsItem } from '../helpers/transaction-items.js';

/** HA's state machine as `POST`/`DELETE /api/states` change it. */
function fakeHa() {
  const states = new Map<string, { state: string; attributes: Record<string, unknown> }>();
  return {
    states,
    async setState(entityId: string, state: string, attributes: Record<string, unknown>) {
      states.set(entityId, { state, attributes });
    },
    async deleteState(entityId: string) {
      return states.delete(entityId);
    },
  };
}

const context = { timeZone: 'Europe/Berlin', now: Date.parse('2026-12-10T15:00:00Z') };
const settings = (items: () => StoredItem[], enabled = true): RestTransactions => ({
  enabled,
  context: () => context,
  items,
});

describe('transaction sensors over REST', () => {
  const item = transactionsItem({ ledger: [ledgerEntry({ amount: 12.5 })] });

  it("writes each account's month sensors and recent list, and the household's month", async () => {
    const ha = fakeHa();
    const sink = new RestEntities(
      ha,
      memoryLogger(),
      settings(() => [item]),
    );
    assert.equal(await sink.writeAll([item]), true);
    const spending = ha.states.get('sensor.plaid_first_platypus_bank_0000_spending_this_month');
    assert.equal(spending?.state, '12.5');
    assert.equal(spending?.attributes.last_reset, '2026-12-01T00:00:00+01:00');
    assert.equal(ha.states.get('sensor.plaid_first_platypus_bank_0000_recent_transactions')?.state, '1');
    assert.equal(ha.states.get('sensor.plaid_spending_this_month_usd')?.state, '12.5');
    assert.equal(ha.states.has('event.plaid_first_platypus_bank_0000_transactions'), false, 'a bus event instead');
  });

  it("nothing before HA's time zone is known", async () => {
    const ha = fakeHa();
    const sink = new RestEntities(ha, memoryLogger(), { ...settings(() => [item]), context: () => undefined });
    await sink.writeAll([item]);
    assert.equal(
      [...ha.states.keys()].some((id) => id.includes('this_month')),
      false,
    );
  });

  it('removing the Item deletes its transaction sensors and the household month it alone made', async () => {
    const ha = fakeHa();
    const sink = new RestEntities(
      ha,
      memoryLogger(),
      settings(() => [item]),
    );
    await sink.writeAll([item]);
    const removed = await sink.removeItem(item);
    assert.ok(removed.includes('sensor.plaid_first_platypus_bank_0000_recent_transactions'));
    assert.deepEqual([...ha.states.keys()], []);
  });

  it('TRANSACTIONS=off deletes the transaction sensors an earlier run wrote', async () => {
    const ha = fakeHa();
    await new RestEntities(
      ha,
      memoryLogger(),
      settings(() => [item]),
    ).writeAll([item]);
    const off = new RestEntities(
      ha,
      memoryLogger(),
      settings(() => [item], false),
    );
    await off.writeAll([item]);
    assert.deepEqual(
      [...ha.states.keys()].filter((id) => id.includes('transactions') || id.includes('this_month')),
      [],
    );
    assert.ok(ha.states.has('sensor.plaid_first_platypus_bank_0000_current'));
  });
});
