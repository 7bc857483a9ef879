// REST states of an Item whose card loses its due (Plaid stops returning it, or
// the bank's Liabilities become not_supported / not_consented): its five due
// sensors are deleted from HA, also when HA was unreachable at that moment.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RestEntities } from '../../../src/companion/entities/rest-entities.js';
import { HaOfflineError } from '../../../src/companion/errors.js';
import type { StoredItem } from '../../../src/companion/store/token-store.js';
import { memoryLogger, storedItem } from '../helpers/fixtures.js';

/** HA's state machine as far as REST states go; `offline` refuses every call as the HA client does then. */
class FakeHa {
  readonly states = new Map<string, string>();
  offline = false;

  async setState(entityId: string, state: string): Promise<void> {
    if (this.offline) throw new HaOfflineError(`not connected (POST ${entityId})`);
    this.states.set(entityId, state);
  }

  async deleteState(entityId: string): Promise<boolean> {
    if (this.offline) throw new HaOfflineError(`not connected (DELETE ${entityId})`);
    return this.states.delete(entityId);
  }

  dueIds(): string[] {
    return [...this.states.keys()].filter((id) => id.includes('_3333_') && !id.endsWith('_current'));
  }
}

const DUE = {
  next_payment_due_date: '2025-01-05',
  minimum_payment: 20,
  last_statement_balance: 410,
  last_statement_date: '2024-12-10',
  apr: 12.5,
  is_overdue: false,
};

/** The fixture's Item with its credit card's due, or (`due: false`) after the card lost it. */
function item(due = true): StoredItem {
  const base = storedItem({ due_dates: { status: 'ok', checked_at: '2025-01-01T00:00:00.000Z', error: null } });
  if (due) base.accounts[1]!.due = { ...DUE };
  return base;
}

const BALANCES_AND_STATUS = [
  'sensor.plaid_first_platypus_bank_0000_current',
  'sensor.plaid_first_platypus_bank_0000_available',
  'sensor.plaid_first_platypus_bank_3333_current',
  'binary_sensor.plaid_first_platypus_bank_problem',
  'sensor.plaid_first_platypus_bank_last_refreshed',
];

describe('RestEntities: due sensors an Item no longer has', () => {
  it('deletes the due sensors of a card whose due is gone, and keeps every other sensor', async () => {
    const ha = new FakeHa();
    const sink = new RestEntities(ha, memoryLogger());
    await sink.writeItem(item());
    assert.equal(ha.dueIds().length, 5);
    await sink.writeItem(item(false));
    assert.deepEqual(ha.dueIds(), []);
    assert.deepEqual([...ha.states.keys()].sort(), [...BALANCES_AND_STATUS].sort());
  });

  it('deletes them at the next write when HA was unreachable as the due went', async () => {
    const ha = new FakeHa();
    const log = memoryLogger();
    const sink = new RestEntities(ha, log);
    await sink.writeItem(item());
    ha.offline = true;
    await sink.writeItem(item(false));
    assert.equal(ha.dueIds().length, 5, 'nothing reached HA');
    assert.ok(!log.lines.some((l) => l.includes('"level":"warn"')), 'offline is no news');
    ha.offline = false;
    await sink.writeAll([item(false)]);
    assert.deepEqual(ha.dueIds(), []);
  });

  it('writes a due that comes back, and removing the bank deletes the sensors of a due that went before', async () => {
    const ha = new FakeHa();
    const sink = new RestEntities(ha, memoryLogger());
    await sink.writeItem(item());
    await sink.writeItem(item(false));
    await sink.writeItem(item());
    assert.equal(ha.dueIds().length, 5, 'back again');

    ha.offline = true;
    await sink.writeItem(item(false));
    ha.offline = false;
    const removed = await sink.removeItem(item(false));
    assert.deepEqual([...ha.states.keys()], [], 'the bank left nothing behind');
    assert.equal(removed.length, BALANCES_AND_STATUS.length + 5);
  });
});
