/**
 * One set of sample data, and what a release's code makes of it on every wire:
 * the sensor states (REST, and MQTT as HA keeps them), MQTT discovery, the
 * card ↔ companion messages. test/protocol/fixtures/<release>/ holds the
 * answer of each release's code; wire-formats.test.ts holds today's code to
 * the current release's. The code is passed in, so the same samples were
 * once given to the code of earlier releases to freeze theirs.
 */
import type { StoredItem } from '../../src/companion/store/store-file.js';
import type { ItemTransactions, LedgerEntry } from '../../src/companion/transactions/item-transactions.js';
import { ATTRIBUTES_BLOCKED } from '../../simulators/ha/mqtt/mqtt-integration.js';

export const INSTALLATION_ID = '5b2d0b7e-1c5a-4a39-9a4e-6f0e2a8c9d11';
/** The store key the fixtures' store.json was written with (STORE_KEY's hex form). */
export const STORE_KEY_TEXT = '0f1e2d3c4b5a69788796a5b4c3d2e1f00112233445566778899aabbccddeeff0';

/** What a store of a release before due dates held: the samples without them. */
export function withoutDueDates(items: readonly StoredItem[]): StoredItem[] {
  return items.map((item) => {
    const old = { ...item, accounts: item.accounts.map((a) => ({ ...a })) };
    delete old.due_dates;
    for (const a of old.accounts) delete a.due;
    return old;
  });
}

export const SAMPLE_ITEMS: StoredItem[] = [
  {
    item_id: 'item_platypus',
    access_token: 'access-sandbox-platypus',
    institution_id: 'ins_109508',
    institution_name: 'First Platypus Bank',
    entity_label: 'First Platypus Bank',
    account_masks: ['0000', '3333'],
    configured: true,
    accounts: [
      {
        account_id: 'acc_checking_0000',
        name: 'Plaid Checking',
        official_name: 'Plaid Gold Standard 0% Interest Checking',
        mask: '0000',
        type: 'depository',
        subtype: 'checking',
        currency: 'USD',
        kinds: ['current', 'available'],
        current: 110,
        available: 100,
        limit: null,
      },
      {
        account_id: 'acc_credit_3333',
        name: 'Plaid Credit Card',
        official_name: null,
        mask: '3333',
        type: 'credit',
        subtype: 'credit card',
        currency: 'USD',
        kinds: ['current'],
        current: 410,
        available: null,
        limit: 2000,
        due: {
          next_payment_due_date: '2026-12-05',
          minimum_payment: 35,
          last_statement_balance: 1708.77,
          last_statement_date: '2026-11-10',
          apr: 12.5,
          is_overdue: false,
        },
      },
    ],
    last_refreshed: '2026-12-01T08:00:00.000Z',
    status: 'ok',
    error: null,
    created_at: '2026-11-30T10:00:00.000Z',
    due_dates: { status: 'ok', checked_at: '2026-12-01T08:00:00.000Z', error: null },
  },
  {
    item_id: 'item_tartan',
    access_token: 'access-sandbox-tartan',
    institution_id: 'ins_109511',
    institution_name: 'Tartan Bank',
    entity_label: 'Tartan Bank',
    account_masks: ['1111'],
    configured: true,
    accounts: [
      {
        account_id: 'acc_savings_1111',
        name: 'Sparkonto',
        official_name: null,
        mask: '1111',
        type: 'depository',
        subtype: 'savings',
        currency: 'EUR',
        kinds: ['current'],
        current: 2500.5,
        available: 2500.5,
        limit: null,
      },
    ],
    last_refreshed: null,
    status: 'login_required',
    error: { error_code: 'ITEM_LOGIN_REQUIRED', display_message: 'the login details of this item have changed' },
    created_at: '2026-11-30T11:00:00.000Z',
    due_dates: {
      status: 'not_supported',
      checked_at: '2026-12-01T08:00:00.000Z',
      error: { error_code: 'PRODUCTS_NOT_SUPPORTED', display_message: null },
    },
  },
];

/** HA's time zone and the moment the transaction entities of the fixtures are made at (0.3.0 on). */
export const SAMPLE_TIME = { timeZone: 'America/New_York', now: Date.parse('2026-12-10T15:00:00Z') };

function ledger(account_id: string, currency: string, entries: Array<Partial<LedgerEntry>>): LedgerEntry[] {
  return entries.map((e, i) => ({
    transaction_id: `tx_${account_id}_${i}`,
    account_id,
    date: '2026-12-09',
    amount: 0,
    currency,
    name: 'Shop',
    merchant: null,
    category: null,
    category_detailed: null,
    pending: false,
    ...e,
  }));
}

/** What the sync keeps of each sample Item's transactions: a bit of every kind, this month and last. */
const SAMPLE_TRANSACTIONS: Record<string, ItemTransactions> = {
  item_platypus: {
    status: 'ok',
    cursor: 'cursor-platypus',
    synced_at: '2026-12-10T08:00:00.000Z',
    events_since: '2026-11-30',
    error: null,
    skipped: 0,
    ledger: [
      ...ledger('acc_checking_0000', 'USD', [
        {
          date: '2026-12-09',
          amount: 4.33,
          name: 'Starbucks',
          merchant: 'Starbucks',
          category: 'FOOD_AND_DRINK',
          category_detailed: 'FOOD_AND_DRINK_COFFEE',
          pending: true,
        },
        {
          date: '2026-12-05',
          amount: 410,
          name: 'Payment to Plaid Credit Card',
          category: 'LOAN_PAYMENTS',
          category_detailed: 'LOAN_PAYMENTS_CREDIT_CARD_PAYMENT',
        },
        {
          date: '2026-12-01',
          amount: -2500,
          name: 'Acme Payroll',
          category: 'INCOME',
          category_detailed: 'INCOME_WAGES',
        },
        {
          date: '2026-11-28',
          amount: 89.4,
          name: 'Whole Foods',
          merchant: 'Whole Foods',
          category: 'FOOD_AND_DRINK',
          category_detailed: 'FOOD_AND_DRINK_GROCERIES',
        },
        {
          date: '2026-11-03',
          amount: 35,
          name: 'Overdraft fee',
          category: 'BANK_FEES',
          category_detailed: 'BANK_FEES_OVERDRAFT_FEES',
        },
      ]),
      ...ledger('acc_credit_3333', 'USD', [
        {
          date: '2026-12-08',
          amount: 120.5,
          name: 'Amazon',
          merchant: 'Amazon',
          category: 'GENERAL_MERCHANDISE',
          category_detailed: 'GENERAL_MERCHANDISE_ONLINE_MARKETPLACES',
        },
        {
          date: '2026-12-07',
          amount: -20,
          name: 'Amazon',
          merchant: 'Amazon',
          category: 'GENERAL_MERCHANDISE',
          category_detailed: 'GENERAL_MERCHANDISE_ONLINE_MARKETPLACES',
        },
        {
          date: '2026-12-05',
          amount: -410,
          name: 'Payment thank you',
          category: 'LOAN_PAYMENTS',
          category_detailed: 'LOAN_PAYMENTS_CREDIT_CARD_PAYMENT',
        },
      ]),
    ],
    outbox: [],
  },
  item_tartan: {
    status: 'ok',
    cursor: 'cursor-tartan',
    synced_at: '2026-12-01T08:00:00.000Z',
    events_since: '2026-11-30',
    error: null,
    skipped: 0,
    ledger: ledger('acc_savings_1111', 'EUR', [
      {
        date: '2026-11-30',
        amount: -3.12,
        name: 'Zinsen',
        category: 'INCOME',
        category_detailed: 'INCOME_INTEREST_EARNED',
      },
    ]),
    outbox: [],
  },
};

/** The samples as the entities see them from 0.3.0 on: with their transactions (earlier code ignores them). */
export const ENTITY_ITEMS: StoredItem[] = SAMPLE_ITEMS.map((item) => ({
  ...item,
  transactions: SAMPLE_TRANSACTIONS[item.item_id],
}));

interface State {
  entity_id: string;
  state: string;
  attributes: object;
}
interface Retained {
  topic: string;
  payload: string;
}
interface DiscoveryContext {
  prefix: string;
  installationId: string;
  version: string;
}

type TransactionsContext = typeof SAMPLE_TIME;

/** The companion functions that write a release's sensors (MQTT's absent before 0.1.0, transactions' before 0.3.0). */
export interface CompanionCode {
  itemStates(item: StoredItem): State[];
  accountTransactionSensors?(item: StoredItem, ctx: TransactionsContext): unknown[];
  householdTransactionSensors?(items: readonly StoredItem[], ctx: TransactionsContext): unknown[];
  transactionRestState?(sensor: never): State;
  itemMessages?(item: StoredItem, ctx: DiscoveryContext): Retained[];
  companionMessages?(items: readonly StoredItem[], ctx: DiscoveryContext): Retained[];
}

export function restStates(code: CompanionCode): State[] {
  const states = ENTITY_ITEMS.flatMap((item) => code.itemStates(item));
  const { accountTransactionSensors, householdTransactionSensors, transactionRestState } = code;
  if (!accountTransactionSensors || !householdTransactionSensors || !transactionRestState) return states;
  const toState = (sensor: unknown) => transactionRestState(sensor as never);
  return [
    ...states,
    ...ENTITY_ITEMS.flatMap((item) => accountTransactionSensors(item, SAMPLE_TIME).map(toState)),
    ...householdTransactionSensors(ENTITY_ITEMS, SAMPLE_TIME).map(toState),
  ];
}

export function discoveryMessages(
  code: Required<Pick<CompanionCode, 'itemMessages' | 'companionMessages'>>,
  release: string,
): Retained[] {
  const ctx = { prefix: 'homeassistant', installationId: INSTALLATION_ID, version: release, transactions: SAMPLE_TIME };
  return [
    ...ENTITY_ITEMS.flatMap((item) => code.itemMessages(item, ctx)),
    ...code.companionMessages(ENTITY_ITEMS, ctx),
  ];
}

/** The discovery messages with their JSON payloads parsed, so a fixture reads (and diffs) as JSON. */
export function readableMessages(messages: readonly Retained[]): Array<{ topic: string; payload: unknown }> {
  return messages.map(({ topic, payload }) => {
    try {
      return { topic, payload: JSON.parse(payload) as unknown };
    } catch {
      return { topic, payload };
    }
  });
}

type Json = Record<string, unknown>;

/**
 * The states HA's MQTT integration makes of retained discovery messages while
 * the companion is online, as simulators/ha/mqtt/mqtt-integration.ts does:
 * the json_attributes less the blocked keys, then the entity's own.
 */
export function haMqttStates(messages: readonly Retained[]): State[] {
  const payloads = new Map(messages.map((m) => [m.topic, m.payload]));
  const states: State[] = [];
  for (const { topic, payload } of messages) {
    const platform = /^homeassistant\/(sensor|binary_sensor|event)\//.exec(topic)?.[1];
    if (!topic.endsWith('/config') || !platform) continue;
    const c = JSON.parse(payload) as Json;
    const device = c.device as Json | undefined;
    const name = String(c.name);
    const deviceName = typeof device?.name === 'string' ? device.name : null;
    const attrs: Json = {};
    // HA's order: capability attributes, the entity's state attributes, then the json attributes.
    if (c.state_class) attrs.state_class = c.state_class;
    if (platform === 'event') Object.assign(attrs, { event_types: c.event_types, event_type: null });
    const raw = payloads.get(String(c.state_topic));
    // The only templates the companion sends read one key of a JSON state: `{{ value_json.<key> }}`.
    const read = (template: unknown) => {
      const key = /^\{\{ value_json\.(\w+) \}\}$/.exec(String(template))?.[1];
      const value = key && raw !== undefined ? (JSON.parse(raw) as Json)[key] : undefined;
      return value === null || value === undefined ? 'None' : String(value);
    };
    if (c.last_reset_value_template) attrs.last_reset = read(c.last_reset_value_template);
    const extra = c.json_attributes_topic ? payloads.get(String(c.json_attributes_topic)) : undefined;
    // mqtt/sensor.py also blocks last_reset and state_class in json attributes (MQTT_SENSOR_ATTRIBUTES_BLOCKED).
    const blocked = (k: string) =>
      ATTRIBUTES_BLOCKED.has(k) || (platform === 'sensor' && (k === 'last_reset' || k === 'state_class'));
    if (extra) for (const [k, v] of Object.entries(JSON.parse(extra) as Json)) if (!blocked(k)) attrs[k] = v;
    if (c.unit_of_measurement) attrs.unit_of_measurement = c.unit_of_measurement;
    if (c.device_class) attrs.device_class = c.device_class;
    if (c.icon) attrs.icon = c.icon;
    // HA drops a device name the entity name starts with, then puts the device's name first.
    attrs.friendly_name = deviceName && !name.startsWith(`${deviceName} `) ? `${deviceName} ${name}` : name;
    const value = c.value_template ? read(c.value_template) : raw;
    states.push({
      entity_id: String(c.default_entity_id),
      state: value === undefined || value === 'None' ? 'unknown' : value,
      attributes: attrs,
    });
  }
  return states;
}
