/**
 * The due sensors of an Item's credit cards and loans (pure): for each
 * account Plaid Liabilities covers, its next payment date, minimum payment,
 * last statement balance, APR and an overdue flag, each carrying the whole
 * due in one attribute block (src/protocol/due-attributes.ts), so a
 * dashboard reads one sensor per account. Written beside the balance
 * sensors, whose attribute block stays as it was.
 */
import {
  ATTRIBUTION,
  balanceSensorId,
  DUE_SENSORS,
  dueSensorId,
  type DueAttributes,
  type DueField,
} from '../../protocol/index.js';
import type { AccountDue, StoredAccount, StoredItemMeta } from '../store/store-file.js';

/** One due sensor: its REST state, and what MQTT discovery announces it with. */
export interface DueEntity {
  field: DueField;
  component: 'sensor' | 'binary_sensor';
  entity_id: string;
  /** The entity's own name (MQTT: the bank's device names the first half). */
  name: string;
  value: string | number | boolean | null;
  /** Device class, unit, icon: the same over REST (as attributes) and MQTT (as config). */
  options: { device_class?: string; unit_of_measurement?: string; icon: string };
  attributes: DueAttributes;
}

const FIELDS = Object.keys(DUE_SENSORS) as DueField[];

function entityName(field: DueField, account: StoredAccount): string {
  switch (field) {
    case 'next_payment_due_date':
      return `${account.name} payment due`;
    case 'minimum_payment':
      return `${account.name} minimum payment`;
    case 'last_statement_balance':
      return `${account.name} statement balance`;
    case 'apr':
      // A card's rate is its purchase APR; a loan's is its interest rate (account-due.ts).
      return `${account.name} ${account.type === 'credit' ? 'purchase APR' : 'interest rate'}`;
    case 'is_overdue':
      return `${account.name} overdue`;
  }
}

function options(field: DueField, currency: string): DueEntity['options'] {
  switch (field) {
    case 'next_payment_due_date':
      return { device_class: 'date', icon: 'mdi:calendar-clock' };
    case 'minimum_payment':
    case 'last_statement_balance':
      return { device_class: 'monetary', unit_of_measurement: currency, icon: 'mdi:cash-clock' };
    case 'apr':
      return { unit_of_measurement: '%', icon: 'mdi:percent' };
    case 'is_overdue':
      return { device_class: 'problem', icon: 'mdi:calendar-alert' };
  }
}

function dueAttributes(item: StoredItemMeta, account: StoredAccount, due: AccountDue): DueAttributes {
  return {
    friendly_name: '',
    attribution: ATTRIBUTION,
    plaid_balance_due: 1,
    balance_entity: balanceSensorId(item.entity_label, account.mask, account.account_id, account.kinds[0] ?? 'current'),
    plaid_item_id: item.item_id,
    plaid_account_id: account.account_id,
    currency: account.currency,
    ...due,
  };
}

/** Every due sensor of an Item: five per account that has a due, none for one that never asked. */
export function dueEntities(item: StoredItemMeta): DueEntity[] {
  return item.accounts.flatMap((account) => {
    const due = account.due;
    if (!due || !item.due_dates) return [];
    const attributes = dueAttributes(item, account, due);
    return FIELDS.map((field) => {
      const name = entityName(field, account);
      return {
        field,
        component: field === 'is_overdue' ? 'binary_sensor' : 'sensor',
        entity_id: dueSensorId(item.entity_label, account.mask, account.account_id, field),
        name,
        value: due[field],
        options: options(field, account.currency),
        attributes: { ...attributes, friendly_name: `${item.institution_name} ${name}` },
      } satisfies DueEntity;
    });
  });
}

/** As written with `POST /api/states`: HA's own words for no value and for a binary sensor. */
export function dueRestState(entity: DueEntity): { entity_id: string; state: string; attributes: object } {
  const { value } = entity;
  const state = value === null ? 'unknown' : typeof value === 'boolean' ? (value ? 'on' : 'off') : String(value);
  return { entity_id: entity.entity_id, state, attributes: { ...entity.options, ...entity.attributes } };
}
