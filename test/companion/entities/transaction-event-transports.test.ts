import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  eventEntityOf,
  mqttEventTransport,
  restEventTransport,
} from '../../../src/companion/entities/transaction-event-transports.js';
import { transactionEvent, transactionsItem } from '../helpers/transaction-items.js';

describe('how a transaction event reaches HA', () => {
  const item = transactionsItem();
  const event = transactionEvent();

  it("over MQTT: the whole event as JSON on the account's event topic; HA's entity state confirms it", async () => {
    const sent: Array<[string, string]> = [];
    const read: string[] = [];
    const transport = mqttEventTransport(
      { publishOnce: async (topic, payload) => void sent.push([topic, payload]) },
      {
        getState: async (entityId) => {
          read.push(entityId);
          return { state: '2026-12-10T12:00:00+00:00', attributes: { event_type: 'purchase', transaction_id: 'tx-1' } };
        },
        mqttEntityId: async () => null,
      },
    );
    await transport.send(item, event);
    assert.equal(sent[0]?.[0], 'plaid_balance/item_aaaa1111/acc_checking_1_transactions/event');
    assert.deepEqual(JSON.parse(sent[0]?.[1] ?? ''), event);
    assert.equal(await transport.delivered?.(item, event), true);
    assert.equal(await transport.delivered?.(item, transactionEvent({ transaction_id: 'tx-2' })), false);
    assert.deepEqual(read[0], 'event.plaid_first_platypus_bank_0000_transactions');
  });

  it('an entity HA does not have confirms nothing', async () => {
    const transport = mqttEventTransport(
      { publishOnce: async () => {} },
      { getState: async () => null, mqttEntityId: async () => null },
    );
    assert.equal(await transport.delivered?.(item, event), false);
  });

  it('an entity the user renamed is read under its new id, found by its unique id', async () => {
    const lookedUp: string[] = [];
    const transport = mqttEventTransport(
      { publishOnce: async () => {} },
      {
        getState: async (id) =>
          id === 'event.my_card' ? { state: 'x', attributes: { transaction_id: 'tx-1' } } : null,
        mqttEntityId: async (uniqueId) => {
          lookedUp.push(uniqueId);
          return 'event.my_card';
        },
      },
    );
    assert.equal(await transport.delivered?.(item, event), true);
    assert.equal(await transport.delivered?.(item, event), true);
    assert.deepEqual(lookedUp, ['plaid_balance_item_aaaa1111_acc_checking_1_transactions'], 'once, then remembered');
  });

  it('names the event entity by the stored account, as discovery announced it', () => {
    assert.equal(eventEntityOf(item, event), 'event.plaid_first_platypus_bank_0000_transactions');
  });

  it('over REST: the bus event plaid_balance_transaction with the same data, no state to confirm', async () => {
    const fired: Array<[string, Record<string, unknown>]> = [];
    const transport = restEventTransport({ postEvent: async (type, data) => void fired.push([type, data]) });
    await transport.send(item, event);
    assert.deepEqual(fired, [['plaid_balance_transaction', event]]);
    assert.equal(transport.delivered, undefined);
  });
});
