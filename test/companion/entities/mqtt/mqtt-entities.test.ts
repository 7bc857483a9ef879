// MQTT discovery of an Item whose card loses its due: the retained configs of
// its five due sensors get empty payloads (HA deletes those entities), their
// states are cleared, and nothing else of the bank changes; deletions owed while
// the broker was away go out with the next publish.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MqttEntities } from '../../../../src/companion/entities/mqtt/mqtt-entities.js';
import type { MqttLink } from '../../../../src/companion/entities/mqtt/mqtt-link.js';
import type { RetainedMessage } from '../../../../src/companion/entities/mqtt/discovery.js';
import type { StoredItem } from '../../../../src/companion/store/token-store.js';
import { memoryLogger, storedItem } from '../../helpers/fixtures.js';

/** The broker's retained messages as MqttLink would leave them; publishing while disconnected is dropped, as there. */
class FakeLink {
  readonly retained = new Map<string, string>();
  connected = true;

  onConnect(): void {}
  onMessage(): void {}
  subscribe(): void {}
  async close(): Promise<void> {}

  publish(messages: readonly RetainedMessage[]): void {
    if (!this.connected) return;
    for (const m of messages) {
      if (m.payload === '') this.retained.delete(m.topic);
      else this.retained.set(m.topic, m.payload);
    }
  }

  /** Retained discovery configs of the credit card's due sensors (`…_acc_credit_1_payment_due/config` and so on). */
  dueConfigs(): string[] {
    return [...this.retained.keys()].filter((t) => t.endsWith('/config') && /acc_credit_1_(?!current)/.test(t));
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

function item(due = true): StoredItem {
  const base = storedItem({ due_dates: { status: 'ok', checked_at: '2025-01-01T00:00:00.000Z', error: null } });
  if (due) base.accounts[1]!.due = { ...DUE };
  return base;
}

function entities(link: FakeLink, items: () => StoredItem[]): MqttEntities {
  return new MqttEntities({
    link: link as unknown as MqttLink,
    context: { prefix: 'homeassistant', installationId: 'inst-1', version: '0.0.0-test' },
    items,
    onRefresh: () => undefined,
    ready: Promise.resolve(),
    log: memoryLogger(),
  });
}

describe('MqttEntities: due sensors an Item no longer has', () => {
  it("empties the retained configs and states of a card's due sensors once its due is gone, only those", async () => {
    const link = new FakeLink();
    let current = item();
    const sink = entities(link, () => [current]);
    await sink.writeItem(current);
    assert.equal(link.dueConfigs().length, 5);
    const before = new Set(link.retained.keys());

    current = item(false);
    await sink.writeItem(current);
    assert.deepEqual(link.dueConfigs(), []);
    const gone = [...before].filter((t) => !link.retained.has(t));
    assert.equal(gone.length, 15, 'config, state and attributes of each of the five');
    assert.ok(gone.every((t) => /acc_credit_1_(payment_due|minimum_payment|statement_balance|apr|overdue)/.test(t)));
  });

  it('sends the deletions owed while the broker was away with the next publish', async () => {
    const link = new FakeLink();
    let current = item();
    const sink = entities(link, () => [current]);
    await sink.writeItem(current);
    link.connected = false;
    current = item(false);
    await sink.writeItem(current);
    link.connected = true;
    await sink.writeAll([current]);
    assert.deepEqual(link.dueConfigs(), []);
  });

  it('removing the bank also empties the topics of a due that went while the broker was away', async () => {
    const link = new FakeLink();
    let current = item();
    const sink = entities(link, () => [current]);
    await sink.writeItem(current);
    link.connected = false;
    current = item(false);
    await sink.writeItem(current);
    link.connected = true;
    assert.equal(link.dueConfigs().length, 5, 'their deletion was dropped');
    await sink.removeItem(current);
    const left = [...link.retained.keys()].filter((t) => t.includes('item_aaaa1111'));
    assert.deepEqual(left, []);
  });
});
