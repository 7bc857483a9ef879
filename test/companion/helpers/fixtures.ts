import type { AccountsGetResponse } from 'plaid';
import { createLogger, type Logger } from '../../../src/companion/logger.js';
import type { StoredItem } from '../../../src/companion/store/token-store.js';

export function storedItem(over: Partial<StoredItem> = {}): StoredItem {
  return {
    item_id: 'item-aaaa1111',
    access_token: 'access-sandbox-aaaa-1111',
    institution_id: 'ins_109508',
    institution_name: 'First Platypus Bank',
    entity_label: 'First Platypus Bank',
    account_masks: ['0000', '3333'],
    configured: true,
    accounts: [
      {
        account_id: 'acc-checking-1',
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
        account_id: 'acc-credit-1',
        name: 'Plaid Credit Card',
        official_name: null,
        mask: '3333',
        type: 'credit',
        subtype: 'credit card',
        currency: 'USD',
        kinds: ['current'],
        current: 410,
        available: 2000,
        limit: 2000,
      },
    ],
    last_refreshed: '2025-01-01T00:00:00.000Z',
    status: 'ok',
    error: null,
    created_at: '2025-01-01T00:00:00.000Z',
    ...over,
  };
}

export function accountsResponse(
  current = 120,
  itemOver: Partial<AccountsGetResponse['item']> = {},
): AccountsGetResponse {
  return {
    accounts: [
      {
        account_id: 'acc-checking-1',
        balances: {
          current,
          available: current - 10,
          limit: null,
          iso_currency_code: 'USD',
          unofficial_currency_code: null,
        },
        mask: '0000',
        name: 'Plaid Checking',
        official_name: null,
        type: 'depository' as never,
        subtype: 'checking' as never,
      },
    ],
    item: {
      item_id: 'item-aaaa1111',
      webhook: null,
      error: null,
      available_products: [],
      billed_products: [],
      consent_expiration_time: null,
      update_type: 'background' as never,
      ...itemOver,
    },
    request_id: 'req',
  };
}

/** A logger that keeps its lines, for assertions. */
export function memoryLogger(level: 'debug' | 'info' = 'debug'): Logger & { lines: string[] } {
  const lines: string[] = [];
  return Object.assign(createLogger({ level, write: (l) => lines.push(l) }), { lines });
}
