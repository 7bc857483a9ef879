// The benchmark's large-history mode: two years of generated transactions per
// Item, read page by page from a history that keeps one count per day, not the
// transactions themselves.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { dayNumber, dayString } from './calendar-days.js';
import { GeneratedHistory, dayPlanner } from './generated-history.js';
import type { Account } from './store.js';
import type { PlaidTransaction } from './transaction-body.js';
import { assertSpecClean, post, sandboxItem, startCheckedSim, type CheckedSim } from './test-support.js';

let checked: CheckedSim;
const clock = Date.parse('2025-11-30T12:00:00Z');
before(async () => {
  checked = await startCheckedSim({ now: () => clock, transactions: { generatedDays: 730 } });
});
after(async () => {
  await checked.close();
  assertSpecClean(checked);
});

it('serves two years of realistic transactions, 500 a page', async () => {
  const { sim } = checked;
  const item = await sandboxItem(sim);
  const added: PlaidTransaction[] = [];
  let cursor = '';
  let pages = 0;
  for (let more = true; more; pages++) {
    const { body } = await post(sim, '/transactions/sync', { access_token: item.access_token, cursor, count: 500 });
    added.push(...(body.added as PlaidTransaction[]));
    cursor = String(body.next_cursor);
    more = body.has_more === true;
  }
  assert.ok(added.length > 2000, `${added.length} transactions`);
  assert.equal(pages, Math.ceil(added.length / 500));
  assert.equal(new Set(added.map((t) => t.transaction_id)).size, added.length);
  // Item ids seed the history, so a quiet day may open or close it.
  const dates = added.map((t) => t.date).sort();
  assert.ok(dates[0]! >= dayString(dayNumber(clock) - 730) && dates[0]! <= dayString(dayNumber(clock) - 725));
  assert.ok(dates.at(-1)! >= dayString(dayNumber(clock) - 5) && dates.at(-1)! <= dayString(dayNumber(clock)));
  const payroll = added.filter((t) => t.personal_finance_category.detailed === 'INCOME_WAGES');
  assert.ok(payroll.length >= 52 && payroll.every((t) => t.amount < 0), 'fortnightly pay comes in');
  const merchants = new Set(added.map((t) => t.merchant_name).filter(Boolean));
  assert.ok(merchants.has('Starbucks') && merchants.has('Amazon') && merchants.has('Netflix'));
});

it('reads any transaction by index without generating the others', () => {
  const accounts = [
    { account_id: 'chk', subtype: 'checking', type: 'depository', balances: { iso_currency_code: 'USD' } },
    { account_id: 'card', subtype: 'credit card', type: 'credit', balances: { iso_currency_code: 'USD' } },
  ] as Account[];
  const today = dayNumber(clock);
  const history = new GeneratedHistory('seed', dayPlanner('seed', accounts, 6), today - 730, today, today);
  const again = new GeneratedHistory('seed', dayPlanner('seed', accounts, 6), today - 730, today, today);
  assert.ok(history.count > 2000);
  for (const index of [0, 1234, history.count - 1]) assert.deepEqual(history.at(index), again.at(index));
  assert.equal(history.at(history.count - 1).pending, true);
  assert.equal(history.at(0).pending, false);
  assert.throws(() => history.at(history.count), RangeError);
});
