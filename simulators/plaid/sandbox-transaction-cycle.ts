// The transactions Plaid Sandbox gives user_good: sixteen of them, repeated every
// 30 days, spread over the Item's accounts. Names, amounts (positive = money out),
// day offsets, payment channels, transaction types and personal finance
// categories are as Sandbox answers them, read from public dumps of real Sandbox
// responses:
//   github.com/TienD98/Budgetwise-frontend a.js (2024: checking and savings, PFCs),
//   a 2019 seed file of one full cycle with account ids (which account gets what),
//   a Supabase seed with Plaid CD's own "CD DEPOSIT .INITIAL." rows, and others
//   quoting KFC, Tectra Inc, Touchstone Climbing on the credit card with PFCs.
// Sandbox puts the GUSTO payroll row on an account none of the dumps name; here it
// is on the Money Market account.
import type { TransactionSpec } from './transaction-body.js';

/** One row of the cycle: `daysBeforeLatest` counts back from the cycle's newest day. */
export interface CycleEntry extends TransactionSpec {
  mask: string;
  daysBeforeLatest: number;
}

export const SANDBOX_CYCLE_DAYS = 30;

const UBER = {
  merchant_name: 'Uber',
  payment_channel: 'online',
  transaction_type: 'special',
  category: ['TRANSPORTATION', 'TRANSPORTATION_TAXIS_AND_RIDE_SHARES', 'VERY_HIGH'],
  merchant: {
    entity_id: 'eyg8o776k0QmNgVpAmaQj4WgzW9Qzo6O51gdd',
    logo_url: 'https://plaid-merchant-logos.plaid.com/uber_1060.png',
    website: 'uber.com',
  },
} as const;

const UNITED = {
  name: 'United Airlines',
  merchant_name: 'United Airlines',
  payment_channel: 'in store',
  transaction_type: 'special',
  category: ['TRAVEL', 'TRAVEL_FLIGHTS', 'VERY_HIGH'],
  merchant: {
    entity_id: 'NKDjqyAdQQzpyeD8qpLnX0D6yvLe2KYKYYzQ4',
    logo_url: 'https://plaid-merchant-logos.plaid.com/united_airlines_1065.png',
    website: 'united.com',
  },
} as const;

export const SANDBOX_CYCLE: readonly CycleEntry[] = [
  {
    mask: '1111',
    daysBeforeLatest: 0,
    authorizedDaysEarlier: 1,
    name: 'CREDIT CARD 3333 PAYMENT *//',
    merchant_name: null,
    amount: 25,
    payment_channel: 'other',
    transaction_type: 'special',
    category: ['LOAN_PAYMENTS', 'LOAN_PAYMENTS_CREDIT_CARD_PAYMENT', 'LOW'],
  },
  { mask: '0000', daysBeforeLatest: 0, authorizedDaysEarlier: 1, name: 'Uber 063015 SF**POOL**', amount: 5.4, ...UBER },
  {
    mask: '4444',
    daysBeforeLatest: 1,
    authorizedDaysEarlier: null,
    name: 'ACH Electronic CreditGUSTO PAY 123456',
    merchant_name: null,
    amount: 5850,
    payment_channel: 'online',
    transaction_type: 'special',
    payment_method: 'ACH',
    category: ['GENERAL_SERVICES', 'GENERAL_SERVICES_ACCOUNTING_AND_FINANCIAL_PLANNING', 'LOW'],
  },
  {
    mask: '2222',
    daysBeforeLatest: 1,
    authorizedDaysEarlier: null,
    name: 'CD DEPOSIT .INITIAL.',
    merchant_name: null,
    amount: 1000,
    payment_channel: 'other',
    transaction_type: 'special',
    category: ['GENERAL_MERCHANDISE', 'GENERAL_MERCHANDISE_OTHER_GENERAL_MERCHANDISE', 'LOW'],
  },
  {
    mask: '3333',
    daysBeforeLatest: 2,
    authorizedDaysEarlier: 0,
    name: 'Touchstone Climbing',
    merchant_name: null,
    amount: 78.5,
    payment_channel: 'in store',
    transaction_type: 'place',
    category: ['PERSONAL_CARE', 'PERSONAL_CARE_GYMS_AND_FITNESS_CENTERS', 'LOW'],
  },
  { mask: '0000', daysBeforeLatest: 2, authorizedDaysEarlier: 0, amount: -500, ...UNITED },
  {
    mask: '0000',
    daysBeforeLatest: 3,
    authorizedDaysEarlier: 0,
    name: "McDonald's",
    merchant_name: "McDonald's",
    amount: 12,
    payment_channel: 'in store',
    transaction_type: 'place',
    store_number: '3322',
    category: ['FOOD_AND_DRINK', 'FOOD_AND_DRINK_FAST_FOOD', 'VERY_HIGH'],
    merchant: {
      entity_id: 'vzWXDWBjB06j5BJoD3Jo84OJZg7JJzmqOZA22',
      logo_url: 'https://plaid-merchant-logos.plaid.com/mcdonalds_619.png',
      website: 'mcdonalds.com',
    },
  },
  {
    mask: '0000',
    daysBeforeLatest: 3,
    authorizedDaysEarlier: 0,
    name: 'Starbucks',
    merchant_name: 'Starbucks',
    amount: 4.33,
    payment_channel: 'in store',
    transaction_type: 'place',
    category: ['FOOD_AND_DRINK', 'FOOD_AND_DRINK_COFFEE', 'VERY_HIGH'],
    merchant: {
      entity_id: 'NZAJQ5wYdo1W1p39X5q5gpb15OMe39pj4pJBb',
      logo_url: 'https://plaid-merchant-logos.plaid.com/starbucks_956.png',
      website: 'starbucks.com',
    },
  },
  {
    mask: '0000',
    daysBeforeLatest: 4,
    authorizedDaysEarlier: 1,
    name: 'SparkFun',
    merchant_name: 'FUN',
    amount: 89.4,
    payment_channel: 'in store',
    transaction_type: 'place',
    category: ['GENERAL_MERCHANDISE', 'GENERAL_MERCHANDISE_OTHER_GENERAL_MERCHANDISE', 'LOW'],
  },
  {
    mask: '1111',
    daysBeforeLatest: 5,
    authorizedDaysEarlier: 0,
    name: 'INTRST PYMNT',
    merchant_name: null,
    amount: -4.22,
    payment_channel: 'other',
    transaction_type: 'special',
    category: ['INCOME', 'INCOME_WAGES', 'LOW'],
  },
  { mask: '3333', daysBeforeLatest: 15, authorizedDaysEarlier: 0, amount: 500, ...UNITED },
  {
    mask: '0000',
    daysBeforeLatest: 17,
    authorizedDaysEarlier: 1,
    name: 'Uber 072515 SF**POOL**',
    amount: 6.33,
    ...UBER,
  },
  {
    mask: '3333',
    daysBeforeLatest: 20,
    authorizedDaysEarlier: null,
    name: 'Tectra Inc',
    merchant_name: null,
    amount: 500,
    payment_channel: 'in store',
    transaction_type: 'place',
    category: ['ENTERTAINMENT', 'ENTERTAINMENT_SPORTING_EVENTS_AMUSEMENT_PARKS_AND_MUSEUMS', 'LOW'],
  },
  {
    mask: '3333',
    daysBeforeLatest: 21,
    authorizedDaysEarlier: null,
    name: 'AUTOMATIC PAYMENT - THANK',
    merchant_name: null,
    amount: 2078.5,
    payment_channel: 'other',
    transaction_type: 'special',
    category: ['GENERAL_MERCHANDISE', 'GENERAL_MERCHANDISE_OTHER_GENERAL_MERCHANDISE', 'LOW'],
  },
  {
    mask: '3333',
    daysBeforeLatest: 21,
    authorizedDaysEarlier: null,
    name: 'KFC',
    merchant_name: 'KFC',
    amount: 500,
    payment_channel: 'in store',
    transaction_type: 'place',
    category: ['FOOD_AND_DRINK', 'FOOD_AND_DRINK_FAST_FOOD', 'VERY_HIGH'],
  },
  {
    mask: '3333',
    daysBeforeLatest: 21,
    authorizedDaysEarlier: null,
    name: 'Madison Bicycle Shop',
    merchant_name: null,
    amount: 500,
    payment_channel: 'in store',
    transaction_type: 'place',
    category: ['GENERAL_MERCHANDISE', 'GENERAL_MERCHANDISE_SPORTING_GOODS', 'LOW'],
  },
];
