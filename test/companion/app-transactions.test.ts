/**
 * The companion's transactions against the HA simulator without a broker:
 * the month sensors in HA's time zone and the bus event for each event in an
 * Item's outbox, fired once and then gone from the store.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startApp, type App } from '../../src/companion/app.js';
import type { TransactionsItem } from '../../src/companion/entities/transaction-states.js';
import { startHaSim, type HaSim } from '../../simulators/ha/ha-server.js';
import { startPlaidSim, type PlaidSim } from '../../simulators/plaid/plaid-server.js';
import { memoryLogger } from './helpers/fixtures.js';
import { simulatorConfig, waitUntil } from './helpers/harness.js';
import { ledgerEntry, transactionEvent, transactionsItem } from './helpers/transaction-items.js';

describe('transactions over REST with the HA simulator', () => {
  let plaid: PlaidSim;
  let ha: HaSim;
  let app: App | undefined;
  let dataDir = '';
  const log = memoryLogger('debug');

  before(async () => {
    plaid = await startPlaidSim();
    ha = await startHaSim({ config: { time_zone: 'Pacific/Kiritimati' } });
    dataDir = await mkdtemp(join(tmpdir(), 'pbc-tx-'));
    app = await startApp({ config: simulatorConfig(plaid, ha, dataDir, { pollIntervalMs: 3600_000 }), log });
  });

  after(async () => {
    await app?.close();
    await ha.close();
    await plaid.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('fires each event of the outbox once, in order, and removes it from the store', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const item: TransactionsItem = transactionsItem({
      ledger: [ledgerEntry({ date: today })],
      outbox: [transactionEvent({ transaction_id: 'tx-1' }), transactionEvent({ transaction_id: 'tx-2' })],
    });
    // Until the sync's store version 3, the Item's transactions live in memory only: this test never reopens it.
    await app!.store.put(item);
    await waitUntil('HA connected', () => app!.ha.connected);
    app!.transactionEvents!.kick();
    await waitUntil(
      'both events fired',
      () => ha.events.filter((e) => e.event_type === 'plaid_balance_transaction').length === 2,
    );
    await waitUntil(
      'the outbox emptied',
      () => ((app!.store.get(item.item_id) as TransactionsItem).transactions?.outbox.length ?? -1) === 0,
    );
    const fired = ha.events.filter((e) => e.event_type === 'plaid_balance_transaction');
    assert.deepEqual(
      fired.map((e) => e.data.transaction_id),
      ['tx-1', 'tx-2'],
    );
    assert.deepEqual(fired[0]?.data, transactionEvent({ transaction_id: 'tx-1' }));
    app!.transactionEvents!.kick();
    assert.equal(ha.events.filter((e) => e.event_type === 'plaid_balance_transaction').length, 2);
    assert.ok(!log.lines.some((l) => l.includes('Coffee Corner') && !l.includes('"level":"debug"')));
  });

  it("writes the month sensors in HA's time zone after HA restarts", async () => {
    await ha.restart();
    const spending = await waitUntil(
      'the spending sensor',
      () => ha.hass.states.get('sensor.plaid_first_platypus_bank_0000_spending_this_month'),
      10_000,
    );
    assert.equal(spending.state, '12.5');
    assert.match(String(spending.attributes.last_reset), /T00:00:00\+14:00$/);
    const household = await waitUntil('the household sensor', () =>
      ha.hass.states.get('sensor.plaid_spending_this_month_usd'),
    );
    assert.equal(household.state, '12.5');
    const recent = await waitUntil('the recent list', () =>
      ha.hass.states.get('sensor.plaid_first_platypus_bank_0000_recent_transactions'),
    );
    assert.equal(recent.state, '1');
  });
});
