import type { HaApi } from './ha-client.js';
import type { Logger } from './logger.js';
import type { EntitySink } from './entity-sink.js';
import { loginRequiredNotification, notificationId } from './sensor-states.js';
import type { StoredItem } from './token-store.js';

/**
 * Puts items into HA as entities, through the configured EntitySink (REST
 * states or MQTT discovery), and shows or dismisses the login notification,
 * which goes over HA's websocket whatever the sink.
 */
export class StateWriter {
  constructor(
    private readonly ha: Pick<HaApi, 'callService'>,
    private readonly sink: EntitySink,
    private readonly log: Logger,
  ) {}

  /** Writes every entity of the item; true when all writes succeeded. */
  writeItem(item: StoredItem): Promise<boolean> {
    return this.sink.writeItem(item);
  }

  /**
   * After every (re)connect: HA forgets REST-written states and persistent
   * notifications when it restarts, so both are written again. Re-creating a
   * notification with the same id only replaces it, so a reconnect without a
   * restart shows no duplicate.
   */
  async writeAll(items: readonly StoredItem[]): Promise<void> {
    const ok = await this.sink.writeAll(items);
    await Promise.all(items.filter((i) => i.configured && i.status === 'login_required').map((i) => this.notify('create', loginRequiredNotification(i))));
    this.log.info('wrote sensors to HA', { items: items.length, ok });
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
    const removed = await this.sink.removeItem(item);
    if (item.status === 'login_required') await this.notify('dismiss', { notification_id: notificationId(item) });
    return removed;
  }

  private async notify(service: 'create' | 'dismiss', data: Record<string, unknown>): Promise<void> {
    try {
      await this.ha.callService('persistent_notification', service, data);
    } catch (err) {
      this.log.warn(`persistent_notification.${service} failed`, { error: err });
    }
  }
}
