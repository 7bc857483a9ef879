/**
 * The sensors of an Item's transactions (pure): per chosen account its
 * spending and income this month and its recent list, and the household's
 * month per currency. One description per sensor, which REST writes as a
 * state and MQTT discovery announces; the event entity is discovery's alone
 * (without a broker a transaction is a bus event).
 */
import {
  ATTRIBUTION,
  accountMonthSensorId,
  balanceSensorId,
  householdMonthSensorId,
  recentTransactionsSensorId,
  transactionEventId,
  type MonthAttributes,
  type RecentAttributes,
} from '../../protocol/index.js';
import type { ItemTransactions } from '../transactions/item-transactions.js';
import {
  accountMonthFigures,
  householdMonthFigures,
  zonedMonth,
  type ZonedMonth,
} from '../transactions/month-figures.js';
import { recentTransactions } from '../transactions/recent-list.js';
import type { StoredAccount, StoredItem, StoredItemMeta } from '../store/store-file.js';
import type { MonthFigures } from '../transactions/item-transactions.js';

/** A stored Item as the transactions' sync keeps it (store version 3). */
export type TransactionsItem = StoredItem & { transactions?: ItemTransactions };

/** What the month sensors need besides the store: HA's time zone and the time. */
export interface TransactionsContext {
  timeZone: string;
  now: number;
}

/** What the sinks know of transactions: whether they are on (TRANSACTIONS), and HA's zone with the time. */
export interface TransactionsSettings {
  enabled: boolean;
  /** Undefined until HA told its time zone. */
  context: () => TransactionsContext | undefined;
}

export type Measure = MonthAttributes['measure'];
const MEASURES: readonly Measure[] = ['spending', 'income'];

/** One transaction sensor: its REST state, and what MQTT discovery announces it with. */
export interface TransactionSensor<A = MonthAttributes | RecentAttributes> {
  entity_id: string;
  /** The entity's own name (MQTT: the bank's or the companion's device names the first half). */
  name: string;
  /** A number, or null before the first sync (HA's unknown). */
  value: number | null;
  /** Only the month sensors: when their month started (HA's statistics cycle). */
  last_reset: string | null;
  options: { device_class?: 'monetary'; state_class?: 'total'; unit_of_measurement?: string; icon: string };
  attributes: A;
}

/** Items whose accounts have transaction entities: linked with Transactions, and not turned off. */
export function hasTransactionEntities(item: TransactionsItem): boolean {
  const status = item.transactions?.status;
  return item.configured && status !== undefined && status !== 'not_enabled' && status !== 'off';
}

/** The balance sensor the card pairs the account's transaction entities with. */
function balanceEntity(item: StoredItemMeta, account: StoredAccount): string {
  return balanceSensorId(item.entity_label, account.mask, account.account_id, account.kinds[0] ?? 'current');
}

/** Before the first complete sync nothing is known, which is not zero. */
function synced(item: TransactionsItem): boolean {
  return (item.transactions?.synced_at ?? null) !== null;
}

const MONTH_ICONS: Record<Measure, string> = { spending: 'mdi:cart-outline', income: 'mdi:cash-plus' };
const MEASURE_NAMES: Record<Measure, string> = { spending: 'spending this month', income: 'income this month' };

function monthSensor(
  id: string,
  name: string,
  currency: string,
  measure: Measure,
  figures: MonthFigures | null,
  month: ZonedMonth,
  ids: Pick<MonthAttributes, 'plaid_item_id' | 'plaid_account_id' | 'balance_entity'>,
): TransactionSensor<MonthAttributes> {
  const previous = (to: 'to_date' | 'total') => figures?.[`previous_${measure}_${to}`] ?? 0;
  return {
    entity_id: id,
    name,
    value: figures ? figures[measure] : null,
    last_reset: month.last_reset,
    options: {
      device_class: 'monetary',
      state_class: 'total',
      unit_of_measurement: currency,
      icon: MONTH_ICONS[measure],
    },
    attributes: {
      friendly_name: '',
      plaid_balance_month: 1,
      measure,
      currency,
      month: month.month,
      previous_month_to_date: previous('to_date'),
      previous_month_total: previous('total'),
      ...ids,
    },
  };
}

/** Per chosen account of an Item with transactions: its two month sensors and its recent list. */
export function accountTransactionSensors(item: TransactionsItem, ctx: TransactionsContext): TransactionSensor[] {
  if (!hasTransactionEntities(item)) return [];
  const ledger = item.transactions?.ledger ?? [];
  const month = zonedMonth(ctx.now, ctx.timeZone);
  return item.accounts.flatMap((account) => {
    const figures = synced(item) ? accountMonthFigures(ledger, account.account_id, month) : null;
    const ids = {
      plaid_item_id: item.item_id,
      plaid_account_id: account.account_id,
      balance_entity: balanceEntity(item, account),
    };
    const months = MEASURES.map((measure) => {
      const name = `${account.name} ${MEASURE_NAMES[measure]}`;
      const id = accountMonthSensorId(item.entity_label, account.mask, account.account_id, measure);
      const sensor = monthSensor(id, name, account.currency, measure, figures, month, ids);
      sensor.attributes.friendly_name = `${item.institution_name} ${name}`;
      return sensor;
    });
    const list = recentTransactions(ledger, account.account_id, ctx.now, ctx.timeZone);
    const name = `${account.name} recent transactions`;
    const recent: TransactionSensor<RecentAttributes> = {
      entity_id: recentTransactionsSensorId(item.entity_label, account.mask, account.account_id),
      name,
      value: synced(item) ? list.length : null,
      last_reset: null,
      options: { icon: 'mdi:format-list-bulleted' },
      attributes: {
        friendly_name: `${item.institution_name} ${name}`,
        plaid_balance_recent: 1,
        currency: account.currency,
        ...ids,
        transactions: list,
      },
    };
    return [...months, recent];
  });
}

/** The household's month sensors, per currency of the accounts with synced transactions. */
export function householdTransactionSensors(
  items: readonly TransactionsItem[],
  ctx: TransactionsContext,
): TransactionSensor<MonthAttributes>[] {
  const month = zonedMonth(ctx.now, ctx.timeZone);
  const accounts = items
    .filter((i) => hasTransactionEntities(i) && synced(i))
    .flatMap((i) =>
      i.accounts.map((a) => ({
        currency: a.currency,
        figures: accountMonthFigures(i.transactions?.ledger ?? [], a.account_id, month),
      })),
    );
  const none = { plaid_item_id: null, plaid_account_id: null, balance_entity: null };
  return householdMonthFigures(accounts, month).flatMap(({ currency, figures }) =>
    MEASURES.map((measure) => {
      const name = `${measure === 'spending' ? 'Spending' : 'Income'} this month ${currency}`;
      const sensor = monthSensor(
        householdMonthSensorId(measure, currency),
        name,
        currency,
        measure,
        figures,
        month,
        none,
      );
      sensor.attributes.friendly_name = `Plaid Balance ${name}`;
      return sensor;
    }),
  );
}

/** As written with `POST /api/states`: the options and last_reset as attributes, HA's unknown for no value. */
export function transactionRestState(sensor: TransactionSensor): {
  entity_id: string;
  state: string;
  attributes: Record<string, unknown>;
} {
  return {
    entity_id: sensor.entity_id,
    state: sensor.value === null ? 'unknown' : String(sensor.value),
    attributes: {
      ...sensor.options,
      attribution: ATTRIBUTION,
      ...(sensor.last_reset !== null && { last_reset: sensor.last_reset }),
      ...sensor.attributes,
    },
  };
}

/** Every transaction entity id of an Item's accounts (the event entity included), whatever its status. */
export function transactionEntityIds(item: StoredItemMeta): string[] {
  return item.accounts.flatMap((a) => [
    transactionEventId(item.entity_label, a.mask, a.account_id),
    ...MEASURES.map((m) => accountMonthSensorId(item.entity_label, a.mask, a.account_id, m)),
    recentTransactionsSensorId(item.entity_label, a.mask, a.account_id),
  ]);
}

/** The household's month sensors of every currency the Items' accounts use. */
export function householdEntityIds(items: readonly StoredItemMeta[]): string[] {
  const currencies = [...new Set(items.flatMap((i) => i.accounts.map((a) => a.currency)))].sort();
  return currencies.flatMap((c) => MEASURES.map((m) => householdMonthSensorId(m, c)));
}
