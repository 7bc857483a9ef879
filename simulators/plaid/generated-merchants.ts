// What generated histories are made of (the large-history benchmark mode and
// user_transactions_dynamic): everyday spending, bills on their day of the month
// and a fortnightly payroll, with the names, merchants and personal finance
// categories (Plaid's PFC taxonomy) a US checking account and credit card show.
// The Sandbox merchants (Starbucks, McDonald's, Uber, United, Touchstone Climbing,
// SparkFun, Madison Bicycle Shop, KFC) keep the identities Plaid gives them.
import type { MerchantIdentity, PaymentChannel, TransactionSpec, TransactionType } from './transaction-body.js';

export type AccountKind = 'checking' | 'credit card';

/** A purchase that can happen on any day; amounts are drawn between min and max. */
export interface Spend {
  account: AccountKind;
  weight: number;
  min: number;
  max: number;
  spec: Omit<TransactionSpec, 'amount'>;
}

/** A bill or income on fixed days: a day of the month, or every `everyDays` days. */
export interface Recurring {
  account: AccountKind;
  dayOfMonth?: number;
  everyDays?: number;
  min: number;
  max: number;
  spec: Omit<TransactionSpec, 'amount'>;
}

function shop(
  name: string,
  merchant: string | null,
  category: readonly [string, string, string],
  channel: PaymentChannel = 'in store',
  identity?: MerchantIdentity,
  type: TransactionType = channel === 'online' ? 'digital' : 'place',
): Omit<TransactionSpec, 'amount'> {
  return {
    name,
    merchant_name: merchant,
    payment_channel: channel,
    transaction_type: type,
    category,
    authorizedDaysEarlier: channel === 'other' ? null : 1,
    ...(identity ? { merchant: identity } : {}),
  };
}

const logo = (entity_id: string, file: string, website: string): MerchantIdentity => ({
  entity_id,
  logo_url: `https://plaid-merchant-logos.plaid.com/${file}`,
  website,
});

const STARBUCKS = logo('NZAJQ5wYdo1W1p39X5q5gpb15OMe39pj4pJBb', 'starbucks_956.png', 'starbucks.com');
const MCDONALDS = logo('vzWXDWBjB06j5BJoD3Jo84OJZg7JJzmqOZA22', 'mcdonalds_619.png', 'mcdonalds.com');
const UBER = logo('eyg8o776k0QmNgVpAmaQj4WgzW9Qzo6O51gdd', 'uber_1060.png', 'uber.com');
const UNITED = logo('NKDjqyAdQQzpyeD8qpLnX0D6yvLe2KYKYYzQ4', 'united_airlines_1065.png', 'united.com');
const web = (website: string): MerchantIdentity => ({ entity_id: null, logo_url: null, website });

const COFFEE = ['FOOD_AND_DRINK', 'FOOD_AND_DRINK_COFFEE', 'VERY_HIGH'] as const;
const FAST_FOOD = ['FOOD_AND_DRINK', 'FOOD_AND_DRINK_FAST_FOOD', 'VERY_HIGH'] as const;
const GROCERIES = ['FOOD_AND_DRINK', 'FOOD_AND_DRINK_GROCERIES', 'VERY_HIGH'] as const;
const RESTAURANT = ['FOOD_AND_DRINK', 'FOOD_AND_DRINK_RESTAURANT', 'HIGH'] as const;
const RIDES = ['TRANSPORTATION', 'TRANSPORTATION_TAXIS_AND_RIDE_SHARES', 'VERY_HIGH'] as const;
const GAS = ['TRANSPORTATION', 'TRANSPORTATION_GAS', 'VERY_HIGH'] as const;

export const SPENDS: readonly Spend[] = [
  {
    account: 'credit card',
    weight: 14,
    min: 3.45,
    max: 7.95,
    spec: shop('Starbucks', 'Starbucks', COFFEE, 'in store', STARBUCKS),
  },
  {
    account: 'credit card',
    weight: 6,
    min: 6.5,
    max: 14.2,
    spec: shop("McDonald's", "McDonald's", FAST_FOOD, 'in store', MCDONALDS),
  },
  { account: 'credit card', weight: 3, min: 8.1, max: 21.4, spec: shop('KFC', 'KFC', FAST_FOOD) },
  {
    account: 'credit card',
    weight: 5,
    min: 9.85,
    max: 18.6,
    spec: shop('CHIPOTLE 1249', 'Chipotle Mexican Grill', FAST_FOOD, 'in store', web('chipotle.com')),
  },
  { account: 'credit card', weight: 4, min: 28, max: 96, spec: shop('TST* BLUE BOTTLE TAVERN', null, RESTAURANT) },
  {
    account: 'credit card',
    weight: 8,
    min: 7.2,
    max: 38.5,
    spec: shop('Uber 063015 SF**POOL**', 'Uber', RIDES, 'online', UBER, 'special'),
  },
  {
    account: 'credit card',
    weight: 3,
    min: 9.4,
    max: 31.75,
    spec: shop('LYFT *RIDE THU 8PM', 'Lyft', RIDES, 'online', web('lyft.com'), 'special'),
  },
  {
    account: 'checking',
    weight: 5,
    min: 31.5,
    max: 68.9,
    spec: shop('SHELL OIL 57444212', 'Shell', GAS, 'in store', web('shell.com')),
  },
  {
    account: 'checking',
    weight: 7,
    min: 24.6,
    max: 142.3,
    spec: shop('WHOLEFDS MKT 10234', 'Whole Foods Market', GROCERIES, 'in store', web('wholefoodsmarket.com')),
  },
  {
    account: 'checking',
    weight: 5,
    min: 18.2,
    max: 88.4,
    spec: shop("TRADER JOE'S #123", "Trader Joe's", GROCERIES, 'in store', web('traderjoes.com')),
  },
  {
    account: 'credit card',
    weight: 8,
    min: 9.99,
    max: 124.5,
    spec: shop(
      'AMAZON MKTPL*2K4LP0QW3',
      'Amazon',
      ['GENERAL_MERCHANDISE', 'GENERAL_MERCHANDISE_ONLINE_MARKETPLACES', 'VERY_HIGH'],
      'online',
      web('amazon.com'),
    ),
  },
  {
    account: 'credit card',
    weight: 4,
    min: 14.5,
    max: 110.2,
    spec: shop(
      'TARGET 00012345',
      'Target',
      ['GENERAL_MERCHANDISE', 'GENERAL_MERCHANDISE_SUPERSTORES', 'VERY_HIGH'],
      'in store',
      web('target.com'),
    ),
  },
  {
    account: 'credit card',
    weight: 2,
    min: 6.4,
    max: 42.8,
    spec: shop(
      'CVS/PHARMACY #04512',
      'CVS',
      ['MEDICAL', 'MEDICAL_PHARMACIES_AND_SUPPLEMENTS', 'VERY_HIGH'],
      'in store',
      web('cvs.com'),
    ),
  },
  {
    account: 'credit card',
    weight: 1,
    min: 78.5,
    max: 78.5,
    spec: shop('Touchstone Climbing', null, ['PERSONAL_CARE', 'PERSONAL_CARE_GYMS_AND_FITNESS_CENTERS', 'LOW']),
  },
  {
    account: 'credit card',
    weight: 1,
    min: 19.95,
    max: 89.4,
    spec: shop('SparkFun', 'FUN', ['GENERAL_MERCHANDISE', 'GENERAL_MERCHANDISE_OTHER_GENERAL_MERCHANDISE', 'LOW']),
  },
  {
    account: 'credit card',
    weight: 0.5,
    min: 45,
    max: 500,
    spec: shop('Madison Bicycle Shop', null, ['GENERAL_MERCHANDISE', 'GENERAL_MERCHANDISE_SPORTING_GOODS', 'LOW']),
  },
  {
    account: 'credit card',
    weight: 0.4,
    min: 148.6,
    max: 612.4,
    spec: shop(
      'United Airlines',
      'United Airlines',
      ['TRAVEL', 'TRAVEL_FLIGHTS', 'VERY_HIGH'],
      'in store',
      UNITED,
      'special',
    ),
  },
];

export const RECURRING: readonly Recurring[] = [
  {
    account: 'checking',
    everyDays: 14,
    min: -2451.86,
    max: -2451.86,
    spec: shop('GUSTO PAY 123456', 'Gusto', ['INCOME', 'INCOME_WAGES', 'HIGH'], 'other', web('gusto.com'), 'special'),
  },
  {
    account: 'checking',
    dayOfMonth: 1,
    min: 1850,
    max: 1850,
    spec: shop(
      'GREYSTAR RENT PMT WEB ID 1234',
      null,
      ['RENT_AND_UTILITIES', 'RENT_AND_UTILITIES_RENT', 'MEDIUM'],
      'other',
      undefined,
      'special',
    ),
  },
  {
    account: 'checking',
    dayOfMonth: 9,
    min: 48.2,
    max: 131.75,
    spec: shop(
      'PGANDE WEB ONLINE',
      'PG&E',
      ['RENT_AND_UTILITIES', 'RENT_AND_UTILITIES_GAS_AND_ELECTRICITY', 'VERY_HIGH'],
      'online',
      web('pge.com'),
      'special',
    ),
  },
  {
    account: 'checking',
    dayOfMonth: 14,
    min: 89.99,
    max: 89.99,
    spec: shop(
      'COMCAST CABLE COMM',
      'Comcast',
      ['RENT_AND_UTILITIES', 'RENT_AND_UTILITIES_INTERNET_AND_CABLE', 'VERY_HIGH'],
      'online',
      web('xfinity.com'),
      'special',
    ),
  },
  {
    account: 'checking',
    dayOfMonth: 22,
    min: 310,
    max: 940,
    spec: shop(
      'CREDIT CARD 3333 PAYMENT *//',
      null,
      ['LOAN_PAYMENTS', 'LOAN_PAYMENTS_CREDIT_CARD_PAYMENT', 'LOW'],
      'other',
      undefined,
      'special',
    ),
  },
  {
    account: 'credit card',
    dayOfMonth: 5,
    min: 15.49,
    max: 15.49,
    spec: shop(
      'NETFLIX.COM',
      'Netflix',
      ['ENTERTAINMENT', 'ENTERTAINMENT_TV_AND_MOVIES', 'VERY_HIGH'],
      'online',
      web('netflix.com'),
    ),
  },
  {
    account: 'credit card',
    dayOfMonth: 17,
    min: 11.99,
    max: 11.99,
    spec: shop(
      'Spotify USA',
      'Spotify',
      ['ENTERTAINMENT', 'ENTERTAINMENT_MUSIC_AND_AUDIO', 'VERY_HIGH'],
      'online',
      web('spotify.com'),
    ),
  },
];
