import type { EntitySink } from './entity-sink.js';
import { HaOfflineError } from '../errors.js';
import type { HaApi } from '../ha/ha-client.js';
import type { Logger } from '../logger.js';
import { itemEntityIds, itemStates } from './sensor-states.js';
import type { StoredItem } from '../store/token-store.js';
import {
  accountTransactionSensors,
  hasTransactionEntities,
  householdEntityIds,
  householdTransactionSensors,
  transactionEntityIds,
  transactionRestState,
  type TransactionsSettings,
} from './transaction-states.js';

/** The REST sink's view of transactions: the settings, and every stored Item for the household's sensors. */
export interface RestTransactions extends TransactionsSettings {
  items: () => readonly StoredItem[];
}

/** Off unless told: a companion before transactions wrote none. */
const NO_TRANSACTIONS: RestTransactions = { enabled: false, context: () => undefined, items: () => [] };

/**
 * Entities as REST states (`POST /api/states`): no registry entry, so HA
 * cannot rename them or put them in an area, and forgets them on restart
 * (every reconnect writes them again). The mode for homes without a broker.
 * A failed write is logged, not thrown.
 */
export class RestEntities implements EntitySink {
  /** Per Item, the entity ids of its last write: one missing from the next (a due gone) is deleted. */
  private readonly written = new Map<string, Set<string>>();
  /** Per Item, ids no longer written whose deletion HA has not confirmed yet; retried with each write. */
  private readonly orphans = new Map<string, Set<string>>();
  /** The household's month sensors written last, so a currency no account uses any more is deleted. */
  private householdWritten: string[] = [];
  /** TRANSACTIONS=off: the transaction sensors an earlier run wrote are deleted once. */
  private transactionsRemoved = false;

  constructor(
    private readonly ha: Pick<HaApi, 'setState' | 'deleteState'>,
    private readonly log: Logger,
    private readonly transactions: RestTransactions = NO_TRANSACTIONS,
  ) {}

  async writeItem(item: StoredItem): Promise<boolean> {
    const [own, household] = await Promise.all([this.writeItemStates(item), this.writeHousehold()]);
    return own && household;
  }

  private async writeItemStates(item: StoredItem): Promise<boolean> {
    if (!item.configured) return true;
    const ctx = this.transactions.enabled ? this.transactions.context() : undefined;
    const states = [
      ...itemStates(item),
      ...(ctx ? accountTransactionSensors(item, ctx).map(transactionRestState) : []),
    ];
    const orphans = this.orphansAfter(item.item_id, new Set(states.map((s) => s.entity_id)));
    const results = await Promise.allSettled(states.map((s) => this.ha.setState(s.entity_id, s.state, s.attributes)));
    if (orphans.size) await this.deleteOrphans(item.item_id, orphans);
    const failed = results.filter((r) => r.status === 'rejected');
    if (failed.length) {
      // Offline writes were never sent; the next `ready` writes everything, so that is no news.
      const offline = failed.every((f) => (f as PromiseRejectedResult).reason instanceof HaOfflineError);
      (offline ? this.log.debug : this.log.warn)('writing sensors to HA failed; they are written again on reconnect', {
        item_id: item.item_id,
        failed: failed.length,
        error: (failed[0] as PromiseRejectedResult).reason,
      });
    }
    return failed.length === 0;
  }

  async writeAll(items: readonly StoredItem[]): Promise<boolean> {
    if (!this.transactions.enabled && !this.transactionsRemoved) {
      this.transactionsRemoved = true;
      const sensors = items.flatMap((i) => transactionEntityIds(i).filter((id) => id.startsWith('sensor.')));
      await this.deleteAll([...sensors, ...householdEntityIds(items)]);
    }
    const results = await Promise.all([...items.map((i) => this.writeItemStates(i)), this.writeHousehold()]);
    return results.every(Boolean);
  }

  async removeItem(item: StoredItem): Promise<string[]> {
    const transactionIds = hasTransactionEntities(item)
      ? transactionEntityIds(item).filter((id) => id.startsWith('sensor.'))
      : [];
    const ids = [...new Set([...itemEntityIds(item), ...transactionIds, ...(this.orphans.get(item.item_id) ?? [])])];
    this.written.delete(item.item_id);
    this.orphans.delete(item.item_id);
    const removed = await this.deleteAll(ids);
    await this.writeHousehold(item.item_id);
    return ids.filter((id) => removed.includes(id));
  }

  async close(): Promise<void> {}

  /** The household's month sensors, from every Item the store holds (but one being removed). */
  private async writeHousehold(without?: string): Promise<boolean> {
    const ctx = this.transactions.enabled ? this.transactions.context() : undefined;
    if (!ctx) return true;
    const items = this.transactions.items().filter((i) => i.item_id !== without && i.configured);
    const states = householdTransactionSensors(items, ctx).map(transactionRestState);
    const gone = this.householdWritten.filter((id) => !states.some((s) => s.entity_id === id));
    this.householdWritten = states.map((s) => s.entity_id);
    const results = await Promise.allSettled([
      ...states.map((s) => this.ha.setState(s.entity_id, s.state, s.attributes)),
      ...gone.map((id) => this.ha.deleteState(id)),
    ]);
    return results.every((r) => r.status === 'fulfilled');
  }

  private async deleteAll(ids: readonly string[]): Promise<string[]> {
    const removed: string[] = [];
    await Promise.all(
      ids.map(async (id) => {
        try {
          if (await this.ha.deleteState(id)) removed.push(id);
        } catch (err) {
          this.log.warn('deleting an entity from HA failed', { entity_id: id, error: err });
        }
      }),
    );
    return removed;
  }

  /** Records this write's ids; those of the last write it lacks join the Item's orphans, one it has leaves them. */
  private orphansAfter(itemId: string, ids: ReadonlySet<string>): Set<string> {
    const orphans = this.orphans.get(itemId) ?? new Set<string>();
    for (const id of this.written.get(itemId) ?? []) if (!ids.has(id)) orphans.add(id);
    for (const id of ids) orphans.delete(id);
    this.written.set(itemId, new Set(ids));
    if (orphans.size) this.orphans.set(itemId, orphans);
    else this.orphans.delete(itemId);
    return orphans;
  }

  /** Deletes the ids; each HA confirmed (or never had) stops being an orphan, unless written again meanwhile. */
  private async deleteOrphans(itemId: string, ids: ReadonlySet<string>): Promise<void> {
    await Promise.all(
      [...ids].map(async (id) => {
        try {
          await this.ha.deleteState(id);
          if (!this.written.get(itemId)?.has(id)) this.orphans.get(itemId)?.delete(id);
        } catch (err) {
          const offline = err instanceof HaOfflineError;
          (offline ? this.log.debug : this.log.warn)('deleting a sensor the item no longer has failed; retried', {
            entity_id: id,
            error: err,
          });
        }
      }),
    );
    if (this.orphans.get(itemId)?.size === 0) this.orphans.delete(itemId);
  }
}
