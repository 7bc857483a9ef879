// Plaid's Sandbox institutions and the accounts Sandbox gives the test user
// `user_good`: names, masks, official names and balances as Sandbox returns them.

export type AccountType = 'depository' | 'credit' | 'loan' | 'investment' | 'other';

export interface AccountTemplate {
  name: string;
  official_name: string | null;
  type: AccountType;
  subtype: string;
  mask: string | null;
  current: number | null;
  available: number | null;
  limit: number | null;
  /** ISO 4217 code; defaults to the institution's currency. */
  iso_currency_code?: string | null;
  /** Set for currencies ISO 4217 lacks (e.g. crypto); iso_currency_code is then null. */
  unofficial_currency_code?: string | null;
}

export interface InstitutionDef {
  institution_id: string;
  name: string;
  country_codes: string[];
  products: string[];
  routing_numbers: string[];
  url: string | null;
  primary_color: string | null;
  oauth: boolean;
  currency: string;
  /** Institutions with tokenized account numbers (Chase, PNC, US Bank) report persistent_account_id. */
  persistent_account_ids?: boolean;
  accounts: AccountTemplate[];
}

const PRODUCTS = ['assets', 'auth', 'balance', 'identity', 'investments', 'liabilities', 'transactions'];

/** The accounts Plaid Sandbox creates for user_good at a US test institution. */
export const SANDBOX_US_ACCOUNTS: AccountTemplate[] = [
  {
    name: 'Plaid Checking',
    official_name: 'Plaid Gold Standard 0% Interest Checking',
    type: 'depository',
    subtype: 'checking',
    mask: '0000',
    current: 110,
    available: 100,
    limit: null,
  },
  {
    name: 'Plaid Saving',
    official_name: 'Plaid Silver Standard 0.1% Interest Saving',
    type: 'depository',
    subtype: 'savings',
    mask: '1111',
    current: 210,
    available: 200,
    limit: null,
  },
  {
    name: 'Plaid CD',
    official_name: 'Plaid Bronze Standard 0.2% Interest CD',
    type: 'depository',
    subtype: 'cd',
    mask: '2222',
    current: 1000,
    available: null,
    limit: null,
  },
  {
    name: 'Plaid Credit Card',
    official_name: 'Plaid Diamond 12.5% APR Interest Credit Card',
    type: 'credit',
    subtype: 'credit card',
    mask: '3333',
    current: 410,
    available: 1590,
    limit: 2000,
  },
  {
    name: 'Plaid Money Market',
    official_name: 'Plaid Platinum Standard 1.85% Interest Money Market',
    type: 'depository',
    subtype: 'money market',
    mask: '4444',
    current: 43200,
    available: 43200,
    limit: null,
  },
  {
    name: 'Plaid IRA',
    official_name: null,
    type: 'investment',
    subtype: 'ira',
    mask: '5555',
    current: 320.76,
    available: null,
    limit: null,
  },
  {
    name: 'Plaid 401k',
    official_name: null,
    type: 'investment',
    subtype: '401k',
    mask: '6666',
    current: 23631.9805,
    available: null,
    limit: null,
  },
  {
    name: 'Plaid Student Loan',
    official_name: null,
    type: 'loan',
    subtype: 'student',
    mask: '7777',
    current: 65262,
    available: null,
    limit: null,
  },
  {
    name: 'Plaid Mortgage',
    official_name: null,
    type: 'loan',
    subtype: 'mortgage',
    mask: '8888',
    current: 56302.06,
    available: null,
    limit: null,
  },
];

const SANDBOX_NON_US_ACCOUNTS: AccountTemplate[] = [
  {
    name: 'Plaid Checking',
    official_name: 'Plaid Gold Standard 0% Interest Checking',
    type: 'depository',
    subtype: 'checking',
    mask: '0000',
    current: 110,
    available: 100,
    limit: null,
  },
  {
    name: 'Plaid Saving',
    official_name: 'Plaid Silver Standard 0.1% Interest Saving',
    type: 'depository',
    subtype: 'savings',
    mask: '1111',
    current: 210,
    available: 200,
    limit: null,
  },
  {
    name: 'Plaid Credit Card',
    official_name: 'Plaid Diamond 12.5% APR Interest Credit Card',
    type: 'credit',
    subtype: 'credit card',
    mask: '3333',
    current: 410,
    available: 1590,
    limit: 2000,
  },
];

function usInstitution(
  institution_id: string,
  name: string,
  routing: string,
  extra: Partial<InstitutionDef> = {},
): InstitutionDef {
  return {
    institution_id,
    name,
    country_codes: ['US'],
    products: PRODUCTS,
    routing_numbers: [routing],
    url: 'https://plaid.com',
    primary_color: '#1f1f1f',
    oauth: false,
    currency: 'USD',
    accounts: SANDBOX_US_ACCOUNTS,
    ...extra,
  };
}

export const SANDBOX_INSTITUTIONS: InstitutionDef[] = [
  usInstitution('ins_109508', 'First Platypus Bank', '011401533'),
  usInstitution('ins_109509', 'First Gingham Credit Union', '011000138'),
  usInstitution('ins_109510', 'Tattersall Federal Credit Union', '021200339'),
  usInstitution('ins_109511', 'Tartan Bank', '021000021'),
  usInstitution('ins_109512', 'Houndstooth Bank', '011000015', { persistent_account_ids: true }),
  {
    institution_id: 'ins_43',
    name: 'Tartan-Dominion Bank of Canada',
    country_codes: ['CA'],
    products: ['assets', 'auth', 'balance', 'identity', 'transactions'],
    routing_numbers: [],
    url: 'https://plaid.com',
    primary_color: '#2e5c8a',
    oauth: false,
    currency: 'CAD',
    accounts: SANDBOX_NON_US_ACCOUNTS,
  },
  {
    institution_id: 'ins_117650',
    name: 'Royal Bank of Plaid',
    country_codes: ['GB'],
    products: ['assets', 'auth', 'balance', 'identity', 'transactions'],
    routing_numbers: [],
    url: 'https://plaid.com',
    primary_color: '#4a2b8c',
    oauth: false,
    currency: 'GBP',
    accounts: SANDBOX_NON_US_ACCOUNTS,
  },
];
