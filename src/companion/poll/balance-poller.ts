import type { AccountsGetResponse } from 'plaid';
import type { ItemStatus } from '../../protocol/index.js';
import { RateWindow, backoffDelay, type BackoffPolicy } from './backoff.js';
import type { Clock, TimerHandle } from './clock.js';
import type { BalanceEndpoint } from '../config/config.js';
import { PlaidFailure } from '../errors.js';
import { itemHasLiabilities } from '../liabilities/account-due.js';
import { wantDueDates } from '../liabilities/due-dates.js';
import type { Logger } from '../logger.js';
import { toPlaidFailure, type PlaidClient } from '../plaid/plaid-client.js';
import type { StoredItem } from '../store/token-store.js';
import type { TransactionsSyncer } from '../transactions/item-sync.js';

/** Plaid's per-Item limits: 15/min for /accounts/get, 5/min for /accounts/balance/get. */
export const RATE_LIMITS: Record<BalanceEndpoint, number> = { accounts_get: 15, balance_get: 5 };
const RATE_WINDOW_MS = 60_000;
/** Consent ending within this time shows as `pending_expiration`, so the user can reconnect in time. */
const EXPIRY_WARNING_MS = 7 * 24 * 3600_000;
const PENDING_CODES = new Set(['PENDING_EXPIRATION', 'PENDING_DISCONNECT']);

/** The store operations the poller needs. */
export interface ItemRepository {
  get(itemId: string): StoredItem | undefined;
  items(): StoredItem[];
  update(itemId: string, change: (item: StoredItem) => void): Promise<StoredItem | undefined>;
}

export interface PollerOptions {
  store: ItemRepository;
  plaid: Pick<PlaidClient, 'getAccounts' | 'getBalances'>;
  /** Called after every poll with the item before and after, to write sensors and notify. */
  onItemChanged: (before: StoredItem, after: StoredItem) => Promise<void>;
  clock: Clock;
  log: Logger;
  intervalMs: number;
  endpoint: BalanceEndpoint;
  backoff?: BackoffPolicy;
  random?: () => number;
  /** Syncs the Item's transactions after each good balance poll (one more Plaid call); absent: none. */
  transactions?: TransactionsSyncer;
  /** Called after a sync changed the Item's transactions (new events, the window, its status). */
  onTransactionsChanged?: (item: StoredItem) => Promise<void>;
}

/** The balance poller's backoff at a poll interval: from a minute (or the interval), doubling, to at most an hour. */
export function pollBackoffPolicy(intervalMs: number): BackoffPolicy {
  return { baseMs: Math.min(intervalMs, 60_000), maxMs: Math.max(intervalMs, 3600_000) };
}

interface ItemState {
  timer?: TimerHandle;
  failures: number;
  window: RateWindow;
  running?: Promise<void>;
}

/** Applies a good balance response to the stored item; pure apart from mutating `item`. */
export function applyBalances(item: StoredItem, response: AccountsGetResponse, now: number): void {
  for (const account of item.accounts) {
    const fresh = response.accounts.find((a) => a.account_id === account.account_id);
    // An account Plaid no longer returns keeps its last good values.
    if (!fresh) continue;
    account.current = fresh.balances.current;
    account.available = fresh.balances.available;
    account.limit = fresh.balances.limit;
    account.currency = fresh.balances.iso_currency_code ?? fresh.balances.unofficial_currency_code ?? account.currency;
  }
  item.last_refreshed = new Date(now).toISOString();
  // Consent added in update mode (or by PLAID_PRODUCTS) shows here first: due dates are read from then on.
  if (itemHasLiabilities(response.item)) wantDueDates(item);
  const itemError = response.item.error;
  const consentEnds = response.item.consent_expiration_time ? Date.parse(response.item.consent_expiration_time) : NaN;
  if (itemError && PENDING_CODES.has(itemError.error_code)) {
    item.status = 'pending_expiration';
    item.error = { error_code: itemError.error_code, display_message: itemError.display_message ?? null };
  } else if (Number.isFinite(consentEnds) && consentEnds - now < EXPIRY_WARNING_MS) {
    item.status = 'pending_expiration';
    item.error = {
      error_code: 'PENDING_EXPIRATION',
      display_message: `Access to this bank ends on ${new Date(consentEnds).toDateString()}; reconnect to keep it.`,
    };
  } else {
    item.status = 'ok';
    item.error = null;
  }
}

/** The status a failed call leaves the item in; balances are never touched. */
export function statusForFailure(failure: PlaidFailure): ItemStatus {
  if (failure.error_code === 'ITEM_LOGIN_REQUIRED') return 'login_required';
  if (PENDING_CODES.has(failure.error_code)) return 'pending_expiration';
  return 'error';
}

/**
 * Polls each configured item's balances on its own timer: every interval
 * when healthy, exponential backoff with jitter on transient failures, never
 * above Plaid's per-Item rate limit, and not at all while the item needs the
 * user to sign in again.
 */
export class BalancePoller {
  private readonly states = new Map<string, ItemState>();
  private stopped = false;

  constructor(private readonly options: PollerOptions) {}

  private get limit(): number {
    return RATE_LIMITS[this.options.endpoint];
  }

  /** Schedules every configured item, staggered so a restart does not burst. */
  start(): void {
    const items = this.options.store.items().filter((i) => i.configured);
    const step = Math.min(2000, this.options.intervalMs / Math.max(1, items.length));
    items.forEach((item, n) => this.schedule(item.item_id, n * step));
  }

  stop(): void {
    this.stopped = true;
    for (const state of this.states.values()) if (state.timer) this.options.clock.clearTimeout(state.timer);
  }

  /**
   * A bank just linked or reconnected: polled at once, since the link read its
   * balances but not its transactions, so spending and the recent list show
   * without waiting a poll interval.
   */
  add(itemId: string): void {
    this.schedule(itemId, 0);
  }

  remove(itemId: string): void {
    const state = this.states.get(itemId);
    if (state?.timer) this.options.clock.clearTimeout(state.timer);
    this.states.delete(itemId);
  }

  /**
   * Polls at once if the rate limit allows (true), else leaves the item on its
   * schedule (false). Used by `items/refresh` and after a reconnect.
   */
  async pollNow(itemId: string): Promise<boolean> {
    const state = this.state(itemId);
    if (state.running) {
      await state.running;
      return true;
    }
    if (state.window.nextAllowedAt(this.options.clock.now()) > this.options.clock.now()) return false;
    state.failures = 0;
    await this.poll(itemId);
    return true;
  }

  /** Counts a call made outside the poller (the link flow's /accounts/get) against the item's limit. */
  recordCall(itemId: string): void {
    this.state(itemId).window.record(this.options.clock.now());
  }

  private state(itemId: string): ItemState {
    let state = this.states.get(itemId);
    if (!state) {
      state = { failures: 0, window: new RateWindow(this.limit, RATE_WINDOW_MS) };
      this.states.set(itemId, state);
    }
    return state;
  }

  private schedule(itemId: string, delayMs: number): void {
    if (this.stopped) return;
    const state = this.state(itemId);
    if (state.timer) this.options.clock.clearTimeout(state.timer);
    state.timer = this.options.clock.setTimeout(
      () => {
        state.timer = undefined;
        void this.poll(itemId);
      },
      Math.max(0, delayMs),
    );
  }

  private poll(itemId: string): Promise<void> {
    const state = this.state(itemId);
    state.running ??= this.pollOnce(itemId, state)
      .catch((err: unknown) => {
        // Stopping closes the store under a poll that was still waiting on Plaid.
        if (this.stopped) return;
        // Plaid failures are handled in pollOnce; this is the store or a bug. A timer
        // callback must never reject (that ends the process), and the item must stay scheduled.
        state.failures += 1;
        const retryMs = backoffDelay(state.failures, this.backoffPolicy(), this.options.random);
        this.options.log.error('polling an item failed unexpectedly; trying again later', {
          item_id: itemId,
          error: err,
          retry_in_ms: retryMs,
        });
        if (this.states.get(itemId) === state) this.schedule(itemId, retryMs);
      })
      .finally(() => {
        state.running = undefined;
      });
    return state.running;
  }

  private async pollOnce(itemId: string, state: ItemState): Promise<void> {
    const { store, clock, log, plaid } = this.options;
    const before = store.get(itemId);
    if (!before || !before.configured || this.stopped) return this.remove(itemId);
    // No calls for an item the bank has locked out; a reconnect resumes it.
    if (before.status === 'login_required') return;

    const now = clock.now();
    const allowedAt = state.window.nextAllowedAt(now);
    if (allowedAt > now) return this.schedule(itemId, allowedAt - now);
    state.window.record(now);

    let next = this.options.intervalMs;
    let after: StoredItem | undefined;
    let polled: AccountsGetResponse | null = null;
    try {
      const response =
        this.options.endpoint === 'balance_get'
          ? await plaid.getBalances(before.access_token)
          : await plaid.getAccounts(before.access_token);
      state.failures = 0;
      after = await store.update(itemId, (item) => applyBalances(item, response, clock.now()));
      log.debug('balances refreshed', { item_id: itemId });
      polled = response;
    } catch (err) {
      const failure = toPlaidFailure(err);
      const status = statusForFailure(failure);
      after = await store.update(itemId, (item) => {
        item.status = status;
        item.error = { error_code: failure.error_code, display_message: failure.display_message };
      });
      if (failure.retryable) {
        state.failures += 1;
        next = backoffDelay(state.failures, this.backoffPolicy(), this.options.random);
      }
      log.warn('balance refresh failed; keeping the last good balances', {
        item_id: itemId,
        error_code: failure.error_code,
        status,
        retry_in_ms: status === 'login_required' ? undefined : next,
      });
    }
    if (!after) return this.remove(itemId);
    await this.options
      .onItemChanged(before, after)
      .catch((err: unknown) => log.warn('updating HA after a poll failed', { item_id: itemId, error: err }));
    // Balances reach HA first: the transactions sync never holds them up.
    if (polled && (await this.syncTransactions(itemId, polled))) {
      const synced = store.get(itemId) ?? after;
      await this.options
        .onTransactionsChanged?.(synced)
        .catch((err: unknown) =>
          log.warn('updating HA after a transactions sync failed', { item_id: itemId, error: err }),
        );
    }
    if (after.status !== 'login_required') this.schedule(itemId, next);
  }

  /** A failing sync never costs the balances: whatever it throws is logged and the poll goes on. */
  private async syncTransactions(itemId: string, response: AccountsGetResponse): Promise<boolean> {
    const syncer = this.options.transactions;
    if (!syncer) return false;
    try {
      return await syncer.sync(itemId, response.item);
    } catch (err) {
      if (this.stopped) return false;
      this.options.log.warn('syncing transactions failed unexpectedly; trying again at the next poll', {
        item_id: itemId,
        error: err,
      });
      return false;
    }
  }

  private backoffPolicy(): BackoffPolicy {
    return this.options.backoff ?? pollBackoffPolicy(this.options.intervalMs);
  }
}
