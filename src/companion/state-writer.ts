import { HaOfflineError } from './errors.js';
import type { HaApi } from './ha-client.js';
import type { Logger } from './logger.js';
import { itemEntityIds, itemStates, loginRequiredNotification, notificationId } from './sensor-states.js';
import type { StoredItem } from './token-store.js';

/**
 * Puts items into HA as entities (REST `POST /api/states`) and takes them
 * out again. A failed write is logged, not thrown: HA forgets these states on
 * restart anyway, and every reconnect writes them all again.
 */
export class StateWriter {
  constructor(
    private readonly ha: HaApi,
    private readonly log: Logger,
  ) {}

  /** Writes every entity of the item; true when all writes succeeded. */
  async writeItem(item: StoredItem): Promise<boolean> {
    if (!item.configured) return true;
    const results = await Promise.allSettled(itemStates(item).map((s) => this.ha.setState(s.entity_id, s.state, s.attributes)));
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

  /**
   * After every (re)connect: HA forgets REST-written states and persistent
   * notifications when it restarts, so both are written again. Re-creating a
   * notification with the same id only replaces it, so a reconnect without a
   * restart shows no duplicate.
   */
  async writeAll(items: readonly StoredItem[]): Promise<void> {
    const results = await Promise.all(items.map((i) => this.writeItem(i)));
    await Promise.all(items.filter((i) => i.configured && i.status === 'login_required').map((i) => this.notify('create', loginRequiredNotification(i))));
    this.log.info('wrote sensors to HA', { items: items.length, ok: results.every(Boolean) });
  }

  /** Writes the item after a change and tells the user when it started or stopped needing them. */
  async itemChanged(before: StoredItem | undefined, after: StoredItem): Promise<void> {
    await this.writeItem(after);
    const was = before?.status === 'login_required';
    const is = after.status === 'login_required';
    if (!was && is) {
      await this.notify('create', loginRequiredNotification(after));
    } else if (was && !is) {
      await this.notify('dismiss', { notification_id: notificationId(after) });
    }
  }

  /** Deletes every entity the item owns (and its notification); returns the ids HA had. */
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
    if (item.status === 'login_required') await this.notify('dismiss', { notification_id: notificationId(item) });
    return ids.filter((id) => removed.includes(id));
  }

  private async notify(service: 'create' | 'dismiss', data: Record<string, unknown>): Promise<void> {
    try {
      await this.ha.callService('persistent_notification', service, data);
    } catch (err) {
      this.log.warn(`persistent_notification.${service} failed`, { error: err });
    }
  }
}
