/**
 * Keeps each Item's transactions in step with Plaid after its balance poll:
 * decides whether to call at all (TRANSACTIONS=off, an Item without the
 * product, a backoff after failures), runs the pager and writes its outcome
 * to the store in one update.
 */
import type { ItemError } from '../../protocol/index.js';
import type { PlaidItemProducts } from '../liabilities/account-due.js';
import type { Logger } from '../logger.js';
import { backoffDelay, type BackoffPolicy } from '../poll/backoff.js';
import type { Clock } from '../poll/clock.js';
import type { StoredItem } from '../store/store-file.js';
import type { ItemTransactions, TransactionsStatus } from './item-transactions.js';
import { commitSync, syncPages, type SyncCommit, type TransactionsSyncApi } from './sync-pages.js';
import { emptyItemTransactions } from './transaction-events.js';
import { DEFAULT_TIME_ZONE } from './window-dates.js';

/** What the balance poller calls after a good poll; true when the Item's transactions changed. */
export interface TransactionsSyncer {
  sync(itemId: string, plaidItem: PlaidItemProducts): Promise<boolean>;
}

/** The store operations the sync needs (the balance poller's, too). */
export interface TransactionsRepository {
  get(itemId: string): StoredItem | undefined;
  update(itemId: string, change: (item: StoredItem) => void): Promise<StoredItem | undefined>;
}

export interface ItemTransactionsSyncOptions {
  store: TransactionsRepository;
  plaid: TransactionsSyncApi;
  clock: Clock;
  log: Logger;
  /** The TRANSACTIONS setting: off makes no calls and keeps nothing. */
  enabled: boolean;
  /** HA's time zone once known (its config); null until then, which counts as UTC. */
  timeZone?: () => string | null;
  /** The balance poller's backoff, for the polls a failing sync skips. */
  backoff: BackoffPolicy;
  random?: () => number;
}

const has = (list: readonly string[] | null | undefined) => list?.includes('transactions') === true;

/** Plaid bills and serves Transactions for the Item. */
export function itemHasTransactions(item: PlaidItemProducts): boolean {
  return has(item.products) || has(item.billed_products);
}

/**
 * Whether to call /transactions/sync for the Item: it has the product, or the
 * user consented to it (the first call adds it); one found without it by an
 * error is asked again only once the product shows on the Item.
 */
function wantsSync(plaidItem: PlaidItemProducts, status: TransactionsStatus | undefined): boolean {
  if (itemHasTransactions(plaidItem)) return true;
  return has(plaidItem.consented_products) && status !== 'not_enabled';
}

const productsOf = (item: PlaidItemProducts) =>
  JSON.stringify([item.products, item.billed_products, item.consented_products]);

export class ItemTransactionsSync implements TransactionsSyncer {
  private readonly retryAt = new Map<string, { failures: number; at: number }>();
  /**
   * Items Plaid said cannot have Transactions, with their products then: not
   * asked again while the companion runs, unless the products change (consent
   * added in update mode).
   */
  private readonly refused = new Map<string, string>();

  constructor(private readonly options: ItemTransactionsSyncOptions) {}

  async sync(itemId: string, plaidItem: PlaidItemProducts): Promise<boolean> {
    const { store, clock, log } = this.options;
    const item = store.get(itemId);
    if (!item || !item.configured) return false;
    if (!this.options.enabled) return this.turnOff(item);
    if (!wantsSync(plaidItem, item.transactions?.status)) {
      if (item.transactions?.status === 'not_enabled') return false;
      log.info('this Item was linked without Transactions; its balances are read as before', { item_id: itemId });
      return this.setStatus(item, 'not_enabled', null);
    }
    if (this.refused.get(itemId) === productsOf(plaidItem)) return false;
    const waiting = this.retryAt.get(itemId);
    if (waiting && waiting.at > clock.now()) return false;

    const outcome = await syncPages(item, {
      plaid: this.options.plaid,
      log,
      now: clock.now(),
      timeZone: this.options.timeZone?.() ?? DEFAULT_TIME_ZONE,
    });
    switch (outcome.kind) {
      case 'synced':
        this.retryAt.delete(itemId);
        return this.commit(itemId, outcome.commit);
      case 'not_ready':
        // Plaid's first pull of the history runs for a while after linking: nothing to say above debug.
        log.debug('transactions not ready yet; asking again at the next poll', { item_id: itemId });
        return this.setStatus(item, 'not_ready', null);
      case 'not_enabled':
        this.refused.set(itemId, productsOf(plaidItem));
        log.info('Transactions are not available for this Item; its balances are read as before', {
          item_id: itemId,
          error_code: outcome.error.error_code,
        });
        return this.setStatus(item, 'not_enabled', outcome.error);
      case 'failed': {
        const failures = (waiting?.failures ?? 0) + 1;
        const delay = backoffDelay(failures, this.options.backoff, this.options.random);
        this.retryAt.set(itemId, { failures, at: clock.now() + delay });
        log.warn('syncing transactions failed; keeping the last good ones', {
          item_id: itemId,
          error_code: outcome.failure.error_code,
          retry_in_ms: delay,
        });
        const { error_code, display_message } = outcome.failure;
        return this.setStatus(item, 'error', { error_code, display_message });
      }
    }
  }

  /** Forgets what the sync learnt of an Item (it was removed). */
  forget(itemId: string): void {
    this.retryAt.delete(itemId);
    this.refused.delete(itemId);
  }

  /** Writes the update; true when HA has something new to show (not only a moved cursor). */
  private async commit(itemId: string, commit: SyncCommit): Promise<boolean> {
    let dropped = 0;
    let changed = false;
    await this.options.store.update(itemId, (item) => {
      const before = item.transactions;
      const next = commitSync(before, commit);
      item.transactions = next.transactions;
      dropped = next.dropped;
      changed =
        before?.status !== 'ok' ||
        commit.events.length > 0 ||
        commit.skipped > 0 ||
        JSON.stringify(before.ledger) !== JSON.stringify(next.transactions.ledger);
    });
    if (dropped > 0) {
      this.options.log.warn('HA has not confirmed transaction events for long; the oldest were dropped', {
        item_id: itemId,
        dropped,
      });
    }
    return changed;
  }

  /** TRANSACTIONS=off: nothing of the Item's transactions is kept, and the next sync after `on` starts afresh. */
  private async turnOff(item: StoredItem): Promise<boolean> {
    if (item.transactions?.status === 'off') return false;
    await this.options.store.update(item.item_id, (i) => {
      i.transactions = emptyItemTransactions('off');
    });
    return true;
  }

  private async setStatus(item: StoredItem, status: TransactionsStatus, error: ItemError | null): Promise<boolean> {
    const now = item.transactions;
    if (now && now.status === status && JSON.stringify(now.error) === JSON.stringify(error)) return false;
    await this.options.store.update(item.item_id, (i) => {
      const base: ItemTransactions = i.transactions ?? emptyItemTransactions(status);
      i.transactions = { ...base, status, error };
    });
    return true;
  }
}
