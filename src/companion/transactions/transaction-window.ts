/**
 * The window of an Item's transactions while a sync pages through Plaid's
 * updates: each page's added, modified and removed applied to a working copy,
 * anything older than the window dropped as it arrives, so a two-year first
 * sync never holds more than the window. Pure apart from the working copy.
 */
import type { LedgerEntry } from './item-transactions.js';
import type { ParsedTransaction } from './plaid-transaction.js';

/**
 * At most this many transactions per Item, newest kept: the window is a bit
 * over a month, so only an account with hundreds of transactions a day reaches
 * it (its month figures then miss the oldest days of last month).
 */
export const LEDGER_MAX = 5000;

export interface WindowPage {
  added: ParsedTransaction[];
  modified: ParsedTransaction[];
  /** Transaction ids. */
  removed: string[];
}

/** Newest first; the id orders a day's transactions the same way every time. */
function newestFirst(a: LedgerEntry, b: LedgerEntry): number {
  if (a.date !== b.date) return a.date < b.date ? 1 : -1;
  return a.transaction_id < b.transaction_id ? 1 : a.transaction_id > b.transaction_id ? -1 : 0;
}

export class WorkingWindow {
  private readonly entries = new Map<string, LedgerEntry>();
  /** Ids removed during this sync: a posted transaction may arrive a page after its pending one left. */
  private readonly removedIds = new Set<string>();

  /** `start`: YYYY-MM-DD, the oldest day kept. */
  constructor(
    ledger: readonly LedgerEntry[],
    private readonly start: string,
  ) {
    for (const entry of ledger) if (entry.date >= start) this.entries.set(entry.transaction_id, { ...entry });
  }

  get size(): number {
    return this.entries.size;
  }

  /**
   * Applies one page; returns the transactions that are new purchases (each
   * worth an event), in or out of the window. A posted transaction replacing a
   * pending one is the same purchase, and one already held is not new.
   */
  apply(page: WindowPage): LedgerEntry[] {
    const fresh: LedgerEntry[] = [];
    for (const { entry, replaces } of page.added) {
      const known = this.entries.has(entry.transaction_id);
      const replacing = replaces !== null && (this.entries.has(replaces) || this.removedIds.has(replaces));
      if (replaces !== null) this.entries.delete(replaces);
      this.keep(entry);
      if (!known && !replacing) fresh.push(entry);
    }
    for (const { entry } of page.modified) {
      this.entries.delete(entry.transaction_id);
      this.keep(entry);
    }
    for (const id of page.removed) {
      this.entries.delete(id);
      this.removedIds.add(id);
    }
    return fresh;
  }

  /** The ledger to store: newest first, at most LEDGER_MAX. */
  ledger(): LedgerEntry[] {
    return [...this.entries.values()].sort(newestFirst).slice(0, LEDGER_MAX);
  }

  private keep(entry: LedgerEntry): void {
    if (entry.date >= this.start) this.entries.set(entry.transaction_id, entry);
  }
}
