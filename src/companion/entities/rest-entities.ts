import type { EntitySink } from './entity-sink.js';
import { HaOfflineError } from '../errors.js';
import type { HaApi } from '../ha/ha-client.js';
import type { Logger } from '../logger.js';
import { itemEntityIds, itemStates } from './sensor-states.js';
import type { StoredItem } from '../store/token-store.js';

/**
 * Entities as REST states (`POST /api/states`): no registry entry, so HA
 * cannot rename them or put them in an area, and forgets them on restart
 * (every reconnect writes them again). The mode for homes without a broker.
 * A failed write is logged, not thrown.
 */
export class RestEntities implements EntitySink {
  constructor(
    private readonly ha: Pick<HaApi, 'setState' | 'deleteState'>,
    private readonly log: Logger,
  ) {}

  async writeItem(item: StoredItem): Promise<boolean> {
    if (!item.configured) return true;
    const results = await Promise.allSettled(
      itemStates(item).map((s) => this.ha.setState(s.entity_id, s.state, s.attributes)),
    );
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
    const results = await Promise.all(items.map((i) => this.writeItem(i)));
    return results.every(Boolean);
  }

  async removeItem(item: StoredItem): Promise<string[]> {
    const ids = itemEntityIds(item);
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
    return ids.filter((id) => removed.includes(id));
  }

  async close(): Promise<void> {}
}
