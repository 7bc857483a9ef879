// A Plaid Transaction object (the /transactions/sync shape) from a short
// description of it: what the merchant is, how Plaid categorizes it, and when.
// Fields Sandbox leaves empty (location, payment_meta, datetimes) are null as there.

export type PaymentChannel = 'online' | 'in store' | 'other';
export type TransactionType = 'digital' | 'place' | 'special' | 'unresolved';

export interface MerchantIdentity {
  entity_id: string | null;
  logo_url: string | null;
  website: string | null;
}

export interface TransactionSpec {
  name: string;
  merchant_name: string | null;
  /** Positive is money out of the account, negative money in (Plaid's sign). */
  amount: number;
  payment_channel: PaymentChannel;
  transaction_type: TransactionType;
  /** personal_finance_category: primary, detailed, confidence_level. */
  category: readonly [string, string, string];
  /** authorized_date is this many days before date; null when Sandbox gives none. */
  authorizedDaysEarlier: number | null;
  merchant?: MerchantIdentity;
  store_number?: string;
  payment_method?: string;
}

export interface PlaidTransaction {
  transaction_id: string;
  account_id: string;
  amount: number;
  date: string;
  authorized_date: string | null;
  name: string;
  merchant_name: string | null;
  pending: boolean;
  pending_transaction_id: string | null;
  personal_finance_category: { primary: string; detailed: string; confidence_level: string };
  [field: string]: unknown;
}

export interface TransactionPlacement {
  transaction_id: string;
  account_id: string;
  iso_currency_code: string | null;
  /** YYYY-MM-DD, as Plaid dates transactions. */
  date: string;
  authorized_date: string | null;
  pending: boolean;
  pending_transaction_id?: string | null;
}

export function transactionBody(spec: TransactionSpec, at: TransactionPlacement): PlaidTransaction {
  const [primary, detailed, confidence] = spec.category;
  const merchant = spec.merchant ?? { entity_id: null, logo_url: null, website: null };
  return {
    account_id: at.account_id,
    account_owner: null,
    amount: spec.amount,
    iso_currency_code: at.iso_currency_code,
    unofficial_currency_code: null,
    check_number: null,
    counterparties:
      spec.merchant_name === null
        ? []
        : [
            {
              name: spec.merchant_name,
              type: 'merchant',
              entity_id: merchant.entity_id,
              logo_url: merchant.logo_url,
              website: merchant.website,
              confidence_level: confidence,
              phone_number: null,
            },
          ],
    date: at.date,
    datetime: null,
    authorized_date: at.authorized_date,
    authorized_datetime: null,
    location: {
      address: null,
      city: null,
      region: null,
      postal_code: null,
      country: null,
      lat: null,
      lon: null,
      store_number: spec.store_number ?? null,
    },
    name: spec.name,
    merchant_name: spec.merchant_name,
    merchant_entity_id: merchant.entity_id,
    logo_url: merchant.logo_url,
    website: merchant.website,
    payment_meta: {
      by_order_of: null,
      payee: null,
      payer: null,
      payment_method: spec.payment_method ?? null,
      payment_processor: null,
      ppd_id: null,
      reason: null,
      reference_number: null,
    },
    payment_channel: spec.payment_channel,
    pending: at.pending,
    pending_transaction_id: at.pending_transaction_id ?? null,
    personal_finance_category: { primary, detailed, confidence_level: confidence },
    personal_finance_category_icon_url: `https://plaid-category-icons.plaid.com/PFC_${primary}.png`,
    transaction_id: at.transaction_id,
    transaction_code: null,
    transaction_type: spec.transaction_type,
  };
}
