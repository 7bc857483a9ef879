import type { StoredItem } from '../store/token-store.js';

/**
 * Where an Item's entities go: REST states (`rest-entities.ts`) or MQTT
 * discovery (`mqtt/mqtt-entities.ts`). Notifications are not entities: the
 * StateWriter sends those over HA's websocket either way.
 */
export interface EntitySink {
  /** Writes every entity of a configured item; true when all writes succeeded. */
  writeItem(item: StoredItem): Promise<boolean>;
  /** After HA or the broker (re)connected: everything again. */
  writeAll(items: readonly StoredItem[]): Promise<boolean>;
  /** Deletes the item's entities; returns the entity ids it had. */
  removeItem(item: StoredItem): Promise<string[]>;
  close(): Promise<void>;
}
