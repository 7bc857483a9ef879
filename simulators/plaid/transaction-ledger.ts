// One Item's transactions as /transactions/sync serves them: a log of updates
// (added, modified, removed) that starts with the initial pull and grows as
// transactions post, change or disappear. A cursor is an opaque position in that
// log; a page is the next `count` updates, folded the way Plaid folds them (a
// transaction added and then changed within one page is one `added` entry).
// Plaid's rule for changes while a client pages is kept: a cursor handed out with
// has_more true stops working once the log changes, with
// TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION, and the client starts the update again.
import { PlaidApiError } from './plaid-errors.js';
import type { PlaidTransaction } from './transaction-body.js';

/** The initial pull: read by index, so a large one need not be held in memory. */
export interface HistorySource {
  readonly count: number;
  at(index: number): PlaidTransaction;
}

export type UpdateKind = 'added' | 'modified' | 'removed';

interface Update {
  kind: UpdateKind;
  transaction: PlaidTransaction;
}

export interface RemovedTransaction {
  transaction_id: string;
  account_id: string;
}

export interface SyncPage {
  added: PlaidTransaction[];
  modified: PlaidTransaction[];
  removed: RemovedTransaction[];
  next_cursor: string;
  has_more: boolean;
}

interface CursorPosition {
  position: number;
  version: number;
  paging: boolean;
}

export class TransactionLedger {
  private readonly updates: Update[] = [];
  /** Counts changes after the initial pull; a paging cursor remembers the one it was issued at. */
  private version = 0;
  private failNextPage = false;

  constructor(
    /** Ties cursors to this Item. */
    private readonly itemId: string,
    private readonly history: HistorySource,
  ) {}

  private get length(): number {
    return this.history.count + this.updates.length;
  }

  private updateAt(position: number): Update {
    if (position < this.history.count) return { kind: 'added', transaction: this.history.at(position) };
    return this.updates[position - this.history.count]!;
  }

  /** The transaction as it stands now; undefined when it never existed or was removed. */
  find(transactionId: string): PlaidTransaction | undefined {
    for (let i = this.updates.length - 1; i >= 0; i--) {
      const update = this.updates[i]!;
      if (update.transaction.transaction_id === transactionId)
        return update.kind === 'removed' ? undefined : update.transaction;
    }
    for (let i = 0; i < this.history.count; i++) {
      const transaction = this.history.at(i);
      if (transaction.transaction_id === transactionId) return transaction;
    }
    return undefined;
  }

  /** Every transaction as it stands now, in the order they arrived. */
  current(): PlaidTransaction[] {
    const byId = new Map<string, PlaidTransaction>();
    for (let position = 0; position < this.length; position++) {
      const { kind, transaction } = this.updateAt(position);
      if (kind === 'removed') byId.delete(transaction.transaction_id);
      else byId.set(transaction.transaction_id, transaction);
    }
    return [...byId.values()];
  }

  record(kind: UpdateKind, transaction: PlaidTransaction): void {
    this.updates.push({ kind, transaction });
    this.version++;
  }

  /** The next page fetched with a has_more cursor answers TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION. */
  failNextPaginatedPage(): void {
    this.failNextPage = true;
  }

  page(cursor: string, count: number, accountId?: string): SyncPage {
    const start = this.decode(cursor);
    if (start.paging && (this.failNextPage || start.version !== this.version)) {
      this.failNextPage = false;
      throw new PlaidApiError('TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION');
    }
    const added = new Map<string, PlaidTransaction>();
    const modified = new Map<string, PlaidTransaction>();
    const removed = new Map<string, RemovedTransaction>();
    let position = start.position;
    for (let taken = 0; taken < count && position < this.length; position++) {
      const { kind, transaction } = this.updateAt(position);
      if (accountId !== undefined && transaction.account_id !== accountId) continue;
      taken++;
      const id = transaction.transaction_id;
      if (kind === 'added' || added.has(id)) {
        if (kind === 'removed') added.delete(id);
        else added.set(id, transaction);
      } else if (kind === 'modified') {
        modified.set(id, transaction);
      } else {
        modified.delete(id);
        removed.set(id, { transaction_id: id, account_id: transaction.account_id });
      }
    }
    const hasMore = this.nextMatch(position, accountId) < this.length;
    return {
      added: [...added.values()],
      modified: [...modified.values()],
      removed: [...removed.values()],
      next_cursor: this.encode({ position, version: this.version, paging: hasMore }),
      has_more: hasMore,
    };
  }

  private nextMatch(position: number, accountId: string | undefined): number {
    let at = position;
    while (at < this.length && accountId !== undefined && this.updateAt(at).transaction.account_id !== accountId) at++;
    return at;
  }

  private encode(at: CursorPosition): string {
    return Buffer.from(`${this.itemId}|${at.position}|${at.version}|${at.paging ? 1 : 0}`).toString('base64');
  }

  /** "" is the start of the Item's history, "now" its end (Plaid's migration shortcut). */
  private decode(cursor: string): CursorPosition {
    if (cursor === '') return { position: 0, version: this.version, paging: false };
    if (cursor === 'now') return { position: this.length, version: this.version, paging: false };
    const [itemId, position, version, paging] = Buffer.from(cursor, 'base64').toString('utf8').split('|');
    const at = Number(position);
    if (itemId !== this.itemId || !Number.isInteger(at) || at < 0 || at > this.length) {
      throw new PlaidApiError('INVALID_FIELD', { vars: { detail: 'cursor is not a valid cursor for this item' } });
    }
    return { position: at, version: Number(version), paging: paging === '1' };
  }
}
