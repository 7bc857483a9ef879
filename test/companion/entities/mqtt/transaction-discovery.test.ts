import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { validate } from 'superstruct';
import {
  MonthAttributesSchema,
  RecentAttributesSchema,
  TRANSACTION_EVENT_TYPES,
} from '../../../../src/protocol/index.js';
import {
  companionMessages,
  itemMessages,
  itemRemovalMessages,
} from '../../../../src/companion/entities/mqtt/discovery.js';
import {
  householdTransactionRemovals,
  itemTransactionMessages,
  LAST_RESET_TEMPLATE,
  transactionEventTopic,
  VALUE_TEMPLATE,
} from '../../../../src/companion/entities/mqtt/transaction-discovery.js';
import { validateDiscovery } from '../../../../simulators/ha/mqtt/discovery-schema.js';
import { ledgerEntry, transactionsItem } from '../../helpers/transaction-items.js';

const base = { prefix: 'homeassistant', installationId: 'inst-1', version: '0.3.0' };
const ctx = { ...base, transactions: { timeZone: 'America/New_York', now: Date.parse('2026-12-10T15:00:00Z') } };
type Json = Record<string, unknown>;

describe('transaction entities over MQTT discovery', () => {
  const item = transactionsItem({ ledger: [ledgerEntry({ amount: 12.5 })] });
  const messages = itemTransactionMessages(item, ctx);
  const payloadOf = (topic: string) => messages.find((m) => m.topic === topic)?.payload;
  const config = (component: string, leaf: string) =>
    JSON.parse(
      payloadOf(`homeassistant/${component}/plaid_balance/plaid_balance_item_aaaa1111_${leaf}/config`) ?? 'null',
    ) as Json;

  it("an event entity per account in its bank's device, with every event type, and no retained event", () => {
    const event = config('event', 'acc_checking_1_transactions');
    assert.equal(event.default_entity_id, 'event.plaid_first_platypus_bank_0000_transactions');
    assert.deepEqual(event.event_types, [...TRANSACTION_EVENT_TYPES]);
    assert.equal(event.state_topic, transactionEventTopic(item.item_id, 'acc-checking-1'));
    assert.equal(event.state_topic, 'plaid_balance/item_aaaa1111/acc_checking_1_transactions/event');
    assert.deepEqual((event.device as Json).identifiers, ['plaid_balance_item_aaaa1111']);
    assert.equal(event.availability_topic, 'plaid_balance/status');
    assert.equal(payloadOf(String(event.state_topic)), undefined, 'events are never retained');
  });

  it('a month sensor: monetary total; state and last_reset read from one JSON message, also its attributes', () => {
    const spending = config('sensor', 'acc_checking_1_spending_this_month');
    assert.equal(spending.default_entity_id, 'sensor.plaid_first_platypus_bank_0000_spending_this_month');
    assert.equal(spending.device_class, 'monetary');
    assert.equal(spending.state_class, 'total');
    assert.equal(spending.unit_of_measurement, 'USD');
    assert.equal(spending.value_template, VALUE_TEMPLATE);
    assert.equal(spending.last_reset_value_template, LAST_RESET_TEMPLATE);
    assert.equal(spending.state_topic, spending.json_attributes_topic);
    const { value_template: _v, last_reset_value_template: _l, ...rest } = spending;
    validateDiscovery('sensor', rest);
    const payload = JSON.parse(payloadOf(String(spending.state_topic)) ?? '{}') as Json;
    assert.equal(payload.value, 12.5);
    assert.equal(payload.last_reset, '2026-12-01T00:00:00-05:00');
    // HA adds the friendly name from the entity's and its device's names.
    assert.equal(validate({ ...payload, friendly_name: 'x' }, MonthAttributesSchema)[0], undefined);
    assert.equal('friendly_name' in payload, false, 'HA blocks it in json attributes');
  });

  it('the recent list: its count as state, the list as attributes, no statistics', () => {
    const recent = config('sensor', 'acc_checking_1_recent_transactions');
    assert.equal(recent.default_entity_id, 'sensor.plaid_first_platypus_bank_0000_recent_transactions');
    assert.equal(recent.state_class, undefined);
    assert.equal(recent.last_reset_value_template, undefined);
    const payload = JSON.parse(payloadOf(String(recent.state_topic)) ?? '{}') as Json;
    assert.equal(payload.value, 1);
    assert.equal(validate({ ...payload, friendly_name: 'x' }, RecentAttributesSchema)[0], undefined);
  });

  it("before HA's time zone is known, or for an Item without Transactions, nothing is announced", () => {
    assert.deepEqual(itemTransactionMessages(item, base), []);
    assert.deepEqual(itemTransactionMessages(transactionsItem({ status: 'not_enabled' }), ctx), []);
    assert.equal(
      itemMessages(item, base).some((m) => m.topic.includes('transactions')),
      false,
    );
  });

  it("the household's month per currency is in the companion's device", () => {
    const household = companionMessages([item], ctx).filter((m) => m.topic.includes('this_month'));
    const spending = JSON.parse(
      household.find(
        (m) =>
          m.topic ===
          'homeassistant/sensor/plaid_balance/plaid_balance_companion_inst_1_spending_this_month_usd/config',
      )?.payload ?? 'null',
    ) as Json;
    assert.equal(spending.default_entity_id, 'sensor.plaid_spending_this_month_usd');
    assert.deepEqual((spending.device as Json).identifiers, ['plaid_balance_companion_inst_1']);
    assert.equal(spending.state_topic, 'plaid_balance/month/usd_spending');
  });

  it('removing the Item, or turning transactions off, empties every transaction topic', () => {
    const removal = new Set(
      itemRemovalMessages(item, base)
        .filter((m) => m.payload === '')
        .map((m) => m.topic),
    );
    for (const m of itemMessages(item, ctx)) assert.ok(removal.has(m.topic), m.topic);
    const household = companionMessages([item], ctx).filter((m) => m.topic.includes('month'));
    assert.deepEqual(
      householdTransactionRemovals([item], base).map((m) => m.topic),
      household.map((m) => m.topic),
    );
  });
});
