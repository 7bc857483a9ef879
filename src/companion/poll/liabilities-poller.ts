import { backoffDelay, type BackoffPolicy } from './backoff.js';
import type { ItemRepository } from './balance-poller.js';
import type { Clock, TimerHandle } from './clock.js';
import type { Logger } from '../logger.js';
import { applyLiabilities, applyLiabilitiesFailure } from '../liabilities/due-dates.js';
import { toPlaidFailure, type PlaidClient } from '../plaid/plaid-client.js';
import type { StoredItem } from '../store/token-store.js';

/** Plaid refreshes Liabilities about once a day (and bills per Item per month): more often shows nothing new. */
export const LIABILITIES_INTERVAL_MS = 24 * 3600_000;
/** Between Items at start, so a restart does not burst. */
const START_STAGGER_MS = 2000;

export interface LiabilitiesPollerOptions {
  store: ItemRepository;
  plaid: Pick<PlaidClient, 'getLiabilities'>;
  /** Called after every read, good or not, with the item before and after, to write its sensors. */
  onItemChanged: (before: StoredItem, after: StoredItem) => Promise<void>;
  clock: Clock;
  log: Logger;
  backoff?: BackoffPolicy;
  random?: () => number;
}

interface ItemState {
  timer?: TimerHandle;
  failures: number;
  running?: Promise<void>;
}

/**
 * Reads the payment due dates of each Item that wants them once a day (and
 * right after a link or a reconnect, by `fetchNow`), with the balance
 * poller's backoff on transient failures. A bank without Liabilities or
 * without the user's consent is asked again only the next day.
 */
export class LiabilitiesPoller {
  private readonly states = new Map<string, ItemState>();
  private stopped = false;

  constructor(private readonly options: LiabilitiesPollerOptions) {}

  /** Schedules every Item that wants due dates for a day after its last read (at once if that passed). */
  start(): void {
    const now = this.options.clock.now();
    const items = this.options.store.items().filter((i) => i.configured && i.due_dates);
    items.forEach((item, n) => {
      const checked = item.due_dates?.checked_at ? Date.parse(item.due_dates.checked_at) : NaN;
      const due = Number.isFinite(checked) ? checked + LIABILITIES_INTERVAL_MS - now : 0;
      this.schedule(item.item_id, Math.max(due, 0) + n * START_STAGGER_MS);
    });
  }

  stop(): void {
    this.stopped = true;
    for (const state of this.states.values()) if (state.timer) this.options.clock.clearTimeout(state.timer);
  }

  remove(itemId: string): void {
    const state = this.states.get(itemId);
    if (state?.timer) this.options.clock.clearTimeout(state.timer);
    this.states.delete(itemId);
  }

  /** Reads at once (an Item just linked or reconnected); one already reading is waited for. */
  async fetchNow(itemId: string): Promise<void> {
    const state = this.state(itemId);
    state.failures = 0;
    await this.fetch(itemId);
  }

  private state(itemId: string): ItemState {
    let state = this.states.get(itemId);
    if (!state) {
      state = { failures: 0 };
      this.states.set(itemId, state);
    }
    return state;
  }

  private schedule(itemId: string, delayMs: number): void {
    if (this.stopped) return;
    const state = this.state(itemId);
    if (state.timer) this.options.clock.clearTimeout(state.timer);
    state.timer = this.options.clock.setTimeout(() => {
      state.timer = undefined;
      void this.fetch(itemId);
    }, delayMs);
  }

  private fetch(itemId: string): Promise<void> {
    const state = this.state(itemId);
    state.running ??= this.fetchOnce(itemId, state)
      .catch((err: unknown) => {
        if (this.stopped) return;
        // The store or a bug: a timer callback must never reject, and the item must stay scheduled.
        this.options.log.error('reading payment due dates failed unexpectedly; trying again tomorrow', {
          item_id: itemId,
          error: err,
        });
        if (this.states.get(itemId) === state) this.schedule(itemId, LIABILITIES_INTERVAL_MS);
      })
      .finally(() => {
        state.running = undefined;
      });
    return state.running;
  }

  private async fetchOnce(itemId: string, state: ItemState): Promise<void> {
    const { store, clock, log, plaid } = this.options;
    const before = store.get(itemId);
    if (!before || !before.configured || !before.due_dates || this.stopped) return this.remove(itemId);
    // The bank has locked the Item out; the reconnect's fetchNow resumes it.
    if (before.status === 'login_required') return this.schedule(itemId, LIABILITIES_INTERVAL_MS);

    let next = LIABILITIES_INTERVAL_MS;
    let after: StoredItem | undefined;
    try {
      const response = await plaid.getLiabilities(before.access_token);
      state.failures = 0;
      after = await store.update(itemId, (item) => applyLiabilities(item, response, clock.now()));
      log.debug('payment due dates refreshed', { item_id: itemId });
    } catch (err) {
      const failure = toPlaidFailure(err);
      after = await store.update(itemId, (item) => applyLiabilitiesFailure(item, failure, clock.now()));
      if (failure.retryable) {
        state.failures += 1;
        next = backoffDelay(state.failures, this.backoffPolicy(), this.options.random);
      }
      log.warn('reading payment due dates failed; keeping the last good ones', {
        item_id: itemId,
        error_code: failure.error_code,
        due_dates: after?.due_dates?.status,
        retry_in_ms: next,
      });
    }
    if (!after) return this.remove(itemId);
    await this.options
      .onItemChanged(before, after)
      .catch((err: unknown) => log.warn('updating HA after reading due dates failed', { item_id: itemId, error: err }));
    this.schedule(itemId, next);
  }

  /** The balance poller's policy at a day's interval: from a minute, doubling, to at most the day. */
  private backoffPolicy(): BackoffPolicy {
    return this.options.backoff ?? { baseMs: 60_000, maxMs: LIABILITIES_INTERVAL_MS };
  }
}
