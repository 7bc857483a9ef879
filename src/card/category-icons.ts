import type { TransactionEventType } from '../protocol/transaction-attributes.js';

/**
 * Plaid's 16 primary personal_finance_category values as icons of HA's own
 * bundled Material Design Icons (`ha-icon` draws them; nothing is fetched
 * from elsewhere). The test checks each against HA's icon list.
 */
export const CATEGORY_ICONS: Readonly<Record<string, string>> = {
  INCOME: 'mdi:cash-plus',
  TRANSFER_IN: 'mdi:bank-transfer-in',
  TRANSFER_OUT: 'mdi:bank-transfer-out',
  LOAN_PAYMENTS: 'mdi:cash-clock',
  BANK_FEES: 'mdi:bank-minus',
  ENTERTAINMENT: 'mdi:movie-open',
  FOOD_AND_DRINK: 'mdi:silverware-fork-knife',
  GENERAL_MERCHANDISE: 'mdi:shopping',
  HOME_IMPROVEMENT: 'mdi:hammer-wrench',
  MEDICAL: 'mdi:medical-bag',
  PERSONAL_CARE: 'mdi:spa',
  GENERAL_SERVICES: 'mdi:wrench',
  GOVERNMENT_AND_NON_PROFIT: 'mdi:town-hall',
  TRANSPORTATION: 'mdi:car',
  TRAVEL: 'mdi:airplane',
  RENT_AND_UTILITIES: 'mdi:home-lightning-bolt',
};

/** Money between the household's own accounts and pay reads by what it is, whatever Plaid's category says. */
export const EVENT_TYPE_ICONS: Readonly<Partial<Record<TransactionEventType, string>>> = {
  income: 'mdi:cash-plus',
  transfer: 'mdi:bank-transfer',
  payment: 'mdi:credit-card-check',
};

export const DEFAULT_CATEGORY_ICON = 'mdi:cash';

export function categoryIcon(category: string | null, eventType: TransactionEventType): string {
  const byCategory = category && Object.hasOwn(CATEGORY_ICONS, category) ? CATEGORY_ICONS[category] : undefined;
  return EVENT_TYPE_ICONS[eventType] ?? byCategory ?? DEFAULT_CATEGORY_ICON;
}
