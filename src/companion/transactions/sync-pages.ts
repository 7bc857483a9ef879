/**
 * One /transactions/sync update of an Item: pages while `has_more`, applying
 * each page to a working copy of the window as it arrives (memory bounded by
 * the window, not the history), and hands back one commit for the caller to
 * write in one store update. Nothing is written before the last page: a crash
 * before the commit fetches the same pages again, one after it finds the
 * events in the outbox. Plaid's rule for data changing while paging is kept:
 * TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION starts over from the cursor the
 * update began with, with a fresh working copy.
 */
import type { TransactionsSyncResponse } from 'plaid';
import { array, boolean, optional, string, type, unknown, validate } from 'superstruct';
import type { ItemError, TransactionEventData } from '../../protocol/index.js';
import { PlaidFailure } from '../errors.js';
import type { Logger } from '../logger.js';
import { toPlaidFailure } from '../plaid/plaid-client.js';
import type { StoredItem } from '../store/store-file.js';
import type { ItemTransactions, LedgerEntry } from './item-transactions.js';
import {
  checkPlaidRemoved,
  checkPlaidTransaction,
  toParsedTransaction,
  type ParsedTransaction,
} from './plaid-transaction.js';
import { OUTBOX_MAX, appendToOutbox, emptyItemTransactions, transactionEvent } from './transaction-events.js';
import { WorkingWindow, type WindowPage } from './transaction-window.js';
import { localDay, windowStart } from './window-dates.js';

/** Plaid's largest page. */
export const SYNC_PAGE_SIZE = 500;
/** Starting over more often than this in one update means the data keeps changing: try at the next poll. */
const MAX_RESTARTS = 3;

const MUTATION = 'TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION';
/** The Item cannot have Transactions (the bank lacks it, or the user did not consent): no more calls. */
export const NOT_ENABLED_CODES = new Set(['PRODUCTS_NOT_SUPPORTED', 'ADDITIONAL_CONSENT_REQUIRED', 'INVALID_PRODUCT']);

export interface TransactionsSyncApi {
  syncTransactions(accessToken: string, cursor: string | null, count: number): Promise<TransactionsSyncResponse>;
}

/** A page's envelope; each transaction in it is checked on its own (plaid-transaction.ts). */
const SyncPageSchema = type({
  added: array(unknown()),
  modified: array(unknown()),
  removed: array(unknown()),
  next_cursor: string(),
  has_more: boolean(),
  transactions_update_status: optional(string()),
});

/** What a complete update changes, written in one store update by `commitSync`. */
export interface SyncCommit {
  cursor: string;
  synced_at: string;
  events_since: string;
  ledger: LedgerEntry[];
  /** Events for this update's new transactions, oldest first. */
  events: TransactionEventData[];
  /** Malformed transactions this update skipped. */
  skipped: number;
}

export type SyncOutcome =
  | { kind: 'synced'; commit: SyncCommit }
  | { kind: 'not_ready' }
  | { kind: 'not_enabled'; error: ItemError }
  | { kind: 'failed'; failure: PlaidFailure };

export interface SyncContext {
  plaid: TransactionsSyncApi;
  log: Logger;
  now: number;
  /** HA's time zone: it decides where last month begins. */
  timeZone: string;
}

interface Pass {
  /** Where the next update starts. */
  cursor: string;
  window: WorkingWindow;
  /** New transactions worth an event; at the first sync none, so a long history is never held. */
  fresh: LedgerEntry[];
  skipped: number;
  pages: number;
  counts: { added: number; modified: number; removed: number };
}

function badResponse(reason: string): PlaidFailure {
  return new PlaidFailure(
    'BAD_RESPONSE',
    'API_ERROR',
    null,
    null,
    true,
    `unexpected /transactions/sync page: ${reason}`,
  );
}

/** The page's transactions checked at the edge and limited to the accounts the user kept. */
function pageOf(
  raw: { added: unknown[]; modified: unknown[]; removed: unknown[] },
  currencyOf: Map<string, string>,
): { page: WindowPage; skipped: number } {
  let skipped = 0;
  const parse = (list: unknown[]): ParsedTransaction[] => {
    const parsed: ParsedTransaction[] = [];
    for (const rawTransaction of list) {
      const t = checkPlaidTransaction(rawTransaction);
      if (!t) {
        skipped += 1;
        continue;
      }
      // An account the user left out of this Item's sensors has no entities to feed.
      const currency = currencyOf.get(t.account_id);
      if (currency !== undefined) parsed.push(toParsedTransaction(t, currency));
    }
    return parsed;
  };
  const added = parse(raw.added);
  const modified = parse(raw.modified);
  const removed: string[] = [];
  for (const r of raw.removed) {
    const id = checkPlaidRemoved(r);
    if (id === null) skipped += 1;
    else removed.push(id);
  }
  return { page: { added, modified, removed }, skipped };
}

const byDate = (a: LedgerEntry, b: LedgerEntry) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0);

/**
 * Pages from `cursor` to the end, or null when Plaid has not finished its
 * first pull. New transactions dated from `newsSince` are collected for
 * events (null: none, the first sync); beyond what the outbox can hold, the oldest go.
 */
async function pass(
  item: StoredItem,
  cursor: string | null,
  start: string,
  newsSince: string | null,
  ctx: SyncContext,
): Promise<Pass | null> {
  const currencyOf = new Map(item.accounts.map((a) => [a.account_id, a.currency]));
  const state: Pass = {
    cursor: cursor ?? '',
    window: new WorkingWindow(item.transactions?.ledger ?? [], start),
    fresh: [],
    skipped: 0,
    pages: 0,
    counts: { added: 0, modified: 0, removed: 0 },
  };
  for (let more = true; more;) {
    const response: unknown = await ctx.plaid.syncTransactions(item.access_token, state.cursor || null, SYNC_PAGE_SIZE);
    const [err, raw] = validate(response, SyncPageSchema);
    if (err) throw badResponse(err.path.join('.') || err.message);
    if (raw.transactions_update_status === 'NOT_READY' && raw.next_cursor === '') return null;
    const { page, skipped } = pageOf(raw, currencyOf);
    for (const entry of state.window.apply(page))
      if (newsSince !== null && entry.date >= newsSince) state.fresh.push(entry);
    if (state.fresh.length > 2 * OUTBOX_MAX) state.fresh = state.fresh.sort(byDate).slice(-OUTBOX_MAX);
    state.skipped += skipped;
    state.pages += 1;
    state.counts.added += page.added.length;
    state.counts.modified += page.modified.length;
    state.counts.removed += page.removed.length;
    state.cursor = raw.next_cursor;
    more = raw.has_more;
  }
  if (!state.cursor) throw badResponse('no next_cursor after the last page');
  return state;
}

/** Events for an update's new transactions, oldest first (a stable sort keeps Plaid's order within a day). */
function eventsFor(item: StoredItem, fresh: LedgerEntry[]): TransactionEventData[] {
  const events: TransactionEventData[] = [];
  for (const entry of [...fresh].sort(byDate)) {
    const event = transactionEvent(item, entry);
    if (event) events.push(event);
  }
  return events;
}

/** Runs one complete update of the Item's transactions; never writes the store. */
export async function syncPages(item: StoredItem, ctx: SyncContext): Promise<SyncOutcome> {
  const before = item.transactions;
  const cursor = before?.cursor ?? null;
  const start = windowStart(ctx.now, ctx.timeZone);
  const eventsSince = before?.events_since ?? localDay(ctx.now, ctx.timeZone);
  // None at the first sync (nothing before it is news) and none dated before
  // events_since (Plaid's later backfill of older history).
  const newsSince = cursor === null ? null : eventsSince;
  try {
    for (let restarts = 0; ; restarts++) {
      let result: Pass | null;
      try {
        result = await pass(item, cursor, start, newsSince, ctx);
      } catch (err) {
        const failure = toPlaidFailure(err);
        if (failure.error_code === MUTATION && restarts < MAX_RESTARTS) {
          ctx.log.debug('transactions changed while paging; starting the update over', { item_id: item.item_id });
          continue;
        }
        throw failure;
      }
      if (!result) return { kind: 'not_ready' };
      const events = eventsFor(item, result.fresh);
      ctx.log.debug('transactions synced', {
        item_id: item.item_id,
        pages: result.pages,
        ...result.counts,
        skipped: result.skipped,
        events: events.length,
        kept: result.window.size,
      });
      return {
        kind: 'synced',
        commit: {
          cursor: result.cursor,
          synced_at: new Date(ctx.now).toISOString(),
          events_since: eventsSince,
          ledger: result.window.ledger(),
          events,
          skipped: result.skipped,
        },
      };
    }
  } catch (err) {
    const failure = toPlaidFailure(err);
    if (failure.error_code === 'PRODUCT_NOT_READY') return { kind: 'not_ready' };
    if (NOT_ENABLED_CODES.has(failure.error_code)) {
      return {
        kind: 'not_enabled',
        error: { error_code: failure.error_code, display_message: failure.display_message },
      };
    }
    return { kind: 'failed', failure };
  }
}

/**
 * The Item's transactions after a complete update. `current` is read inside
 * the store update, so events the delivery confirmed meanwhile stay removed.
 */
export function commitSync(
  current: ItemTransactions | undefined,
  commit: SyncCommit,
): { transactions: ItemTransactions; dropped: number } {
  const base = current ?? emptyItemTransactions('pending');
  const { outbox, dropped } = appendToOutbox(base.outbox, commit.events);
  return {
    transactions: {
      status: 'ok',
      cursor: commit.cursor,
      synced_at: commit.synced_at,
      events_since: commit.events_since,
      error: null,
      skipped: base.skipped + commit.skipped,
      ledger: commit.ledger,
      outbox,
    },
    dropped,
  };
}
