import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  companionMessages,
  currencyDecimals,
  itemMessages,
  itemRemovalMessages,
  vanished,
  type RetainedMessage,
} from '../../../../src/companion/entities/mqtt/discovery.js';
import { refreshedItemSlug } from '../../../../src/companion/entities/mqtt/topics.js';
import { expandAbbreviations } from '../../../../simulators/ha/mqtt/abbreviations.js';
import { droppedKeys, validateDiscovery, type Platform } from '../../../../simulators/ha/mqtt/discovery-schema.js';
import { storedItem } from '../../helpers/fixtures.js';

const ctx = { prefix: 'homeassistant', installationId: 'inst-1', version: '0.1.0' };

function configs(messages: RetainedMessage[]): Map<string, Record<string, unknown>> {
  return new Map(
    messages
      .filter((m) => m.topic.endsWith('/config'))
      .map((m) => [m.topic, JSON.parse(m.payload) as Record<string, unknown>]),
  );
}

describe('MQTT discovery messages', () => {
  const item = storedItem();
  const messages = itemMessages(item, ctx);
  const byTopic = configs(messages);

  it(
    'gives every balance a sensor config with unique id, default_entity_id, ' +
      'monetary/total and the device of its bank',
    () => {
      const balance = byTopic.get(
        'homeassistant/sensor/plaid_balance/plaid_balance_item_aaaa1111_acc_checking_1_current/config',
      );
      assert.ok(balance, [...byTopic.keys()].join('\n'));
      assert.equal(balance.default_entity_id, 'sensor.plaid_first_platypus_bank_0000_current');
      assert.equal(balance.device_class, 'monetary');
      assert.equal(balance.state_class, 'total');
      assert.equal(balance.unit_of_measurement, 'USD');
      assert.equal(balance.suggested_display_precision, 2);
      assert.equal(balance.name, 'Plaid Checking balance', 'has_entity_name: the bank name comes from the device');
      assert.deepEqual((balance.device as { identifiers: string[] }).identifiers, ['plaid_balance_item_aaaa1111']);
      assert.equal((balance.origin as { name: string }).name, 'plaid-balance-companion');
      assert.equal(
        (balance.origin as { support_url: string }).support_url,
        'https://github.com/plaid-balance/plaid-balance',
        "the add-on's project, not another repository",
      );
      assert.equal(balance.availability_topic, 'plaid_balance/status');
    },
  );

  it("suggests the currency's own decimals as the sensors' display precision", () => {
    assert.deepEqual(['USD', 'EUR', 'JPY', 'KRW', 'BHD', 'BTC', 'points'].map(currencyDecimals), [2, 2, 0, 0, 3, 2, 2]);
    const yen = storedItem();
    yen.accounts = yen.accounts.map((a) => ({ ...a, currency: 'JPY' }));
    const precisions = [...configs(itemMessages(yen, ctx)).values()]
      .filter((c) => c.device_class === 'monetary')
      .map((c) => c.suggested_display_precision);
    assert.ok(precisions.length > 0 && precisions.every((p) => p === 0), precisions.join());
  });

  it('publishes the plaid_* block without the keys HA takes from the config', () => {
    const attrs = messages.find((m) => m.topic === 'plaid_balance/item_aaaa1111/acc_checking_1_current/attributes');
    const parsed = JSON.parse(attrs!.payload) as Record<string, unknown>;
    assert.equal(parsed.plaid_balance, 1);
    assert.equal(parsed.account_name, 'Plaid Checking');
    for (const key of ['friendly_name', 'device_class', 'unit_of_measurement', 'icon'])
      assert.ok(!(key in parsed), key);
  });

  it('adds the problem, last-refreshed and Refresh entities per Item', () => {
    const kinds = [...byTopic.values()].map((c) => `${c.default_entity_id} ${c.entity_category ?? ''}`);
    assert.ok(kinds.includes('binary_sensor.plaid_first_platypus_bank_problem diagnostic'));
    assert.ok(kinds.includes('sensor.plaid_first_platypus_bank_last_refreshed diagnostic'));
    assert.ok(kinds.includes('button.plaid_first_platypus_bank_refresh '));
  });

  it('writes a missing balance as None (unknown), never as 0', () => {
    const empty = storedItem({ accounts: [{ ...storedItem().accounts[0]!, kinds: ['current'], current: null }] });
    const state = itemMessages(empty, ctx).find((m) => m.topic.endsWith('_current/state'));
    assert.equal(state?.payload, 'None');
  });

  it('every config passes the HA simulator schema of its platform, with no key HA would silently drop', () => {
    for (const [topic, payload] of configs([...messages, ...companionMessages([item], ctx)])) {
      const platform = topic.split('/')[1] as Platform;
      const expanded = expandAbbreviations(payload);
      assert.doesNotThrow(() => validateDiscovery(platform, expanded), topic);
      assert.deepEqual(droppedKeys(expanded), [], `${topic}: a key HA does not know (a typo?)`);
    }
  });

  it('removal empties every topic the Item published', () => {
    const removal = itemRemovalMessages(item, ctx);
    assert.deepEqual(
      removal.map((m) => m.topic),
      messages.map((m) => m.topic),
    );
    assert.ok(removal.every((m) => m.payload === ''));
  });

  it('totals per currency subtract liabilities, and a currency no longer used is deleted', () => {
    const totals = companionMessages([item], ctx);
    const state = (leaf: string) => totals.find((m) => m.topic === `plaid_balance/totals/${leaf}`)?.payload;
    const credit = item.accounts[1]!.current!;
    assert.equal(state('usd_assets'), '110');
    assert.equal(state('usd_liabilities'), String(credit));
    assert.equal(state('usd_net_worth'), String((11000 - credit * 100) / 100));
    const none = companionMessages([], ctx);
    assert.ok(vanished(totals, none).some((m) => m.topic.endsWith('usd_net_worth') && m.payload === ''));
    assert.ok(none.some((m) => m.topic === 'plaid_balance/connectivity' && m.payload === 'ON'));
  });

  it('reads the item from a Refresh command topic and nothing else', () => {
    assert.equal(refreshedItemSlug('plaid_balance/item_1/refresh'), 'item_1');
    for (const t of [
      'plaid_balance//refresh',
      'plaid_balance/item_1/refresh/x',
      'other/item_1/refresh',
      'plaid_balance/item_1',
    ])
      assert.equal(refreshedItemSlug(t), null, t);
  });
});
