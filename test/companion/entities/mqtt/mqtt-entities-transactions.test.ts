// MqttEntities and transactions: the transaction entities, TRANSACTIONS=off, accounts no longer kept.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MqttEntities } from '../../../../src/companion/entities/mqtt/mqtt-entities.js';
import type { MqttLink } from '../../../../src/companion/entities/mqtt/mqtt-link.js';
import type { RetainedMessage } from '../../../../src/companion/entities/mqtt/discovery.js';
import type { TransactionsItem } from '../../../../src/companion/entities/transaction-states.js';
import { memoryLogger } from '../../helpers/fixtures.js';
import { ledgerEntry, transactionsItem } from '../../helpers/transaction-items.js';

/** The broker link as MqttEntities uses it: connected, keeping what was published. */
function fakeLink() {
  const published: RetainedMessage[] = [];
  let onMessage: (topic: string, payload: Buffer) => void = () => {};
  const link = {
    connected: true,
    onConnect: () => {},
    onMessage: (listener: typeof onMessage) => (onMessage = listener),
    subscribe: () => {},
    publish: (messages: readonly RetainedMessage[]) => void published.push(...messages),
    close: async () => {},
  };
  return {
    link: link as unknown as MqttLink,
    published,
    deliver: (t: string, p: string) => onMessage(t, Buffer.from(p)),
  };
}

const context = { prefix: 'homeassistant', installationId: 'inst-1', version: '0.3.0' };
const time = { timeZone: 'UTC', now: Date.parse('2026-12-10T12:00:00Z') };

function sink(items: TransactionsItem[], enabled: boolean, onHaStatus?: (online: boolean) => void) {
  const { link, published, deliver } = fakeLink();
  const entities = new MqttEntities({
    link,
    context,
    items: () => items,
    onRefresh: () => {},
    ready: Promise.resolve(),
    transactions: { enabled, context: () => time },
    onHaStatus,
    log: memoryLogger(),
  });
  return { entities, published, deliver };
}

describe('transaction entities through MqttEntities', () => {
  const item = transactionsItem({ ledger: [ledgerEntry()] });

  it('publishes them with the balances while transactions are on', async () => {
    const { entities, published } = sink([item], true);
    await entities.writeAll([item]);
    const topics = published.filter((m) => m.payload !== '').map((m) => m.topic);
    assert.ok(
      topics.includes(
        'homeassistant/event/plaid_balance/plaid_balance_item_aaaa1111_acc_checking_1_transactions/config',
      ),
    );
    assert.ok(topics.includes('plaid_balance/month/usd_spending'));
  });

  it('TRANSACTIONS=off empties every transaction topic of the Items and household, once per connection', async () => {
    const { entities, published } = sink([item], false);
    await entities.writeAll([item]);
    const emptied = published.filter((m) => m.payload === '').map((m) => m.topic);
    assert.ok(
      emptied.includes(
        'homeassistant/event/plaid_balance/plaid_balance_item_aaaa1111_acc_checking_1_transactions/config',
      ),
    );
    assert.ok(emptied.includes('plaid_balance/item_aaaa1111/acc_credit_1_recent_transactions'));
    assert.ok(
      emptied.includes(
        'homeassistant/sensor/plaid_balance/plaid_balance_companion_inst_1_income_this_month_usd/config',
      ),
    );
    assert.equal(published.filter((m) => m.payload !== '' && m.topic.includes('transactions')).length, 0);
    const count = published.length;
    await entities.writeAll([item]);
    assert.equal(published.slice(count).filter((m) => m.payload === '').length, 0);
  });

  it("an account no longer chosen loses its entities at the Item's next write", async () => {
    const { entities, published } = sink([item], true);
    await entities.writeItem(item);
    const count = published.length;
    await entities.writeItem({ ...item, accounts: item.accounts.slice(0, 1) });
    const emptied = published
      .slice(count)
      .filter((m) => m.payload === '')
      .map((m) => m.topic);
    assert.ok(emptied.includes('plaid_balance/item_aaaa1111/acc_credit_1_spending_this_month'));
    assert.ok(!emptied.some((m) => m.includes('acc_checking_1')));
  });

  it("passes HA's birth and will on to the delivery", () => {
    const seen: boolean[] = [];
    const { deliver } = sink([item], true, (online) => seen.push(online));
    deliver('homeassistant/status', 'offline');
    deliver('homeassistant/status', 'online');
    deliver('homeassistant/status', 'garbage');
    assert.deepEqual(seen, [false, true]);
  });
});
