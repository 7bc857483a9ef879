import type { HaApi } from '../ha/ha-client.js';
import type { Logger } from '../logger.js';
import type { EntitySink } from './entity-sink.js';
import { loginRequiredNotification, notificationId } from './sensor-states.js';
import type { StoredItem } from '../store/token-store.js';

/**
 * Puts items into HA as entities, through the configured EntitySink (REST
 * states or MQTT discovery), and shows or dismisses the login notification,
 * which goes over HA's websocket whatever the sink.
 */
export class StateWriter {
  /** Per item, the writes HA has not answered yet: a removal waits for them. */
  private readonly inFlight = new Map<string, Set<Promise<unknown>>>();
  /**
   * Items removed while running. A write that started before the removal (a
   * reconnect's writeAll, a poll that was under way) would otherwise land
   * after HA deleted the entities and bring them back: REST writes travel on
   * parallel requests, so HA may see them in any order.
   */
  private readonly removed = new Set<string>();

  constructor(
    private readonly ha: Pick<HaApi, 'callService'>,
    private readonly sink: EntitySink,
    private readonly log: Logger,
  ) {}

  /** Writes every entity of the item; true when all writes succeeded. */
  writeItem(item: StoredItem): Promise<boolean> {
    if (this.removed.has(item.item_id)) return Promise.resolve(true);
    return this.track([item.item_id], this.sink.writeItem(item));
  }

  /**
   * After every (re)connect: HA forgets REST-written states and persistent
   * notifications when it restarts, so both are written again. Re-creating a
   * notification with the same id only replaces it, so a reconnect without a
   * restart shows no duplicate.
   */
  async writeAll(all: readonly StoredItem[]): Promise<void> {
    const items = all.filter((i) => !this.removed.has(i.item_id));
    const ok = await this.track(
      items.map((i) => i.item_id),
      this.sink.writeAll(items),
    );
    await Promise.all(
      items
        .filter((i) => i.configured && i.status === 'login_required')
        .map((i) => this.notify('create', loginRequiredNotification(i))),
    );
    this.log.info('wrote sensors to HA', { items: items.length, ok });
  }

  /** Writes the item after a change and tells the user when it started or stopped needing them. */
  async itemChanged(before: StoredItem | undefined, after: StoredItem): Promise<void> {
    if (this.removed.has(after.item_id)) return;
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
    this.removed.add(item.item_id);
    await Promise.allSettled(this.inFlight.get(item.item_id) ?? []);
    const removed = await this.sink.removeItem(item);
    if (item.status === 'login_required') await this.notify('dismiss', { notification_id: notificationId(item) });
    return removed;
  }

  private track<T>(itemIds: readonly string[], write: Promise<T>): Promise<T> {
    for (const id of itemIds) {
      const set = this.inFlight.get(id) ?? new Set();
      set.add(write);
      this.inFlight.set(id, set);
    }
    const done = () => {
      for (const id of itemIds) {
        const set = this.inFlight.get(id);
        set?.delete(write);
        if (set?.size === 0) this.inFlight.delete(id);
      }
    };
    write.then(done, done);
    return write;
  }

  private async notify(service: 'create' | 'dismiss', data: Record<string, unknown>): Promise<void> {
    try {
      await this.ha.callService('persistent_notification', service, data);
    } catch (err) {
      this.log.warn(`persistent_notification.${service} failed`, { error: err });
    }
  }
}
