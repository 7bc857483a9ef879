/**
 * An account's recent transactions as its sensor lists them (pure): the last
 * RECENT_DAYS days in HA's time zone, newest first, at most RECENT_MAX, so the
 * attribute block stays under what HA's recorder keeps (16 KB).
 */
import { RECENT_DAYS, RECENT_MAX, type RecentTransaction } from '../../protocol/index.js';
import { directionOf, eventTypeOf } from './classification.js';
import type { LedgerEntry } from './item-transactions.js';
import { addDays, zonedDay } from './zoned-calendar.js';

export function recentTransactions(
  entries: readonly LedgerEntry[],
  accountId: string,
  now: number,
  timeZone: string,
): RecentTransaction[] {
  const since = addDays(zonedDay(now, timeZone), -RECENT_DAYS);
  return (
    entries
      .filter((e) => e.account_id === accountId && e.date >= since)
      // Stable: the ledger's own order (newest first) decides within a day.
      .sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0))
      .slice(0, RECENT_MAX)
      .map((e) => ({
        date: e.date,
        name: e.name,
        amount: Math.abs(e.amount),
        direction: directionOf(e),
        event_type: eventTypeOf(e),
        category: e.category,
        pending: e.pending,
      }))
  );
}
