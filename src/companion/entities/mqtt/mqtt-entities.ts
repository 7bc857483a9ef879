import { slugify } from '../../../protocol/index.js';
import type { EntitySink } from '../entity-sink.js';
import type { Logger } from '../../logger.js';
import { itemEntityIds } from '../sensor-states.js';
import { hasTransactionEntities, transactionEntityIds } from '../transaction-states.js';
import type { StoredItem } from '../../store/token-store.js';
import type { TransactionsSettings } from '../transaction-states.js';
import {
  companionMessages,
  itemMessages,
  itemRemovalMessages,
  vanished,
  type DiscoveryContext,
  type RetainedMessage,
} from './discovery.js';
import type { MqttLink } from './mqtt-link.js';
import { birthTopic, OFFLINE, ONLINE, PRESS, REFRESH_SUBSCRIPTION, refreshedItemSlug } from './topics.js';
import { householdTransactionRemovals, itemTransactionRemovals } from './transaction-discovery.js';

export interface MqttEntitiesOptions {
  link: MqttLink;
  context: DiscoveryContext;
  /** Every stored item, for the companion device's totals. */
  items: () => readonly StoredItem[];
  /** The Refresh button was pressed for this item. */
  onRefresh: (itemId: string) => void;
  /** Publishing waits for this: the old REST states must be gone first (rest-migration.ts). */
  ready: Promise<void>;
  /** Whether the transaction entities are on, and HA's time zone once known; without it, none. */
  transactions?: TransactionsSettings;
  /** HA's MQTT integration said `online` (its birth) or `offline` (its will) on `<prefix>/status`. */
  onHaStatus?: (online: boolean) => void;
  log: Logger;
}

/**
 * Entities through MQTT discovery: retained configs and states, published
 * again on every broker (re)connect and whenever HA announces itself
 * (`<prefix>/status` = online). Buttons come back as `plaid_balance/<item>/refresh`.
 * Anything else on those topics is ignored: they are writable by any broker user.
 */
export class MqttEntities implements EntitySink {
  /** What the companion device published last, so a currency no longer used is deleted. */
  private companionPublished: RetainedMessage[] = [];
  /**
   * Per Item, what the broker last took: a topic missing from the next
   * publish (a card's due Plaid stopped returning) gets an empty payload, so
   * HA deletes that entity. Kept while disconnected, since those publishes
   * were dropped and the deletions are owed at the next one.
   */
  private readonly itemPublished = new Map<string, RetainedMessage[]>();
  /** TRANSACTIONS=off: the transaction entities are deleted once per connection. */
  private transactionsRemoved = false;

  constructor(private readonly options: MqttEntitiesOptions) {
    const { link, context, log } = options;
    link.onMessage((topic, payload) => this.onMessage(topic, payload));
    link.onConnect(() => {
      this.transactionsRemoved = false;
      link.subscribe([birthTopic(context.prefix), REFRESH_SUBSCRIPTION]);
      void this.writeAll(options.items()).then(() =>
        log.debug('published MQTT discovery', { items: options.items().length }),
      );
    });
  }

  async writeItem(item: StoredItem): Promise<boolean> {
    await this.options.ready;
    this.publishItem(item);
    this.publishCompanion();
    return this.options.link.connected;
  }

  async writeAll(items: readonly StoredItem[]): Promise<boolean> {
    await this.options.ready;
    if (this.options.transactions?.enabled === false && !this.transactionsRemoved && this.options.link.connected) {
      this.transactionsRemoved = true;
      const removals = items.flatMap((i) => itemTransactionRemovals(i, this.options.context));
      this.options.link.publish([...removals, ...householdTransactionRemovals(items, this.options.context)]);
    }
    for (const item of items) this.publishItem(item);
    this.publishCompanion();
    return this.options.link.connected;
  }

  async removeItem(item: StoredItem): Promise<string[]> {
    await this.options.ready;
    const removal = itemRemovalMessages(item, this.options.context);
    const earlier = vanished(this.itemPublished.get(item.item_id) ?? [], removal);
    this.options.link.publish([...removal, ...earlier]);
    this.itemPublished.delete(item.item_id);
    this.publishCompanion(item.item_id);
    if (!item.configured) return [];
    return [...itemEntityIds(item), ...(hasTransactionEntities(item) ? transactionEntityIds(item) : [])];
  }

  async close(): Promise<void> {
    await this.options.link.close();
  }

  /** The discovery context of this moment: with HA's time zone and the time while transactions are on. */
  private context(): DiscoveryContext {
    const transactions = this.options.transactions;
    return { ...this.options.context, transactions: transactions?.enabled ? transactions.context() : undefined };
  }

  private publishItem(item: StoredItem): void {
    const next = itemMessages(item, this.context());
    this.options.link.publish([...vanished(this.itemPublished.get(item.item_id) ?? [], next), ...next]);
    if (this.options.link.connected) this.itemPublished.set(item.item_id, next);
  }

  private publishCompanion(without?: string): void {
    const items = this.options.items().filter((i) => i.item_id !== without);
    const next = companionMessages(items, this.context());
    this.options.link.publish([...vanished(this.companionPublished, next), ...next]);
    this.companionPublished = next;
  }

  private onMessage(topic: string, payload: Buffer): void {
    if (topic === birthTopic(this.options.context.prefix)) {
      const status = payload.toString('utf8');
      // HA (re)started: it re-reads retained configs by itself, but a broker that lost them is repaired here.
      if (status === ONLINE) void this.writeAll(this.options.items());
      if (status === ONLINE || status === OFFLINE) this.options.onHaStatus?.(status === ONLINE);
      return;
    }
    const slug = refreshedItemSlug(topic);
    const item =
      slug && payload.length === PRESS.length && payload.toString('utf8') === PRESS
        ? this.options.items().find((i) => i.configured && slugify(i.item_id) === slug)
        : undefined;
    if (!item) {
      this.options.log.debug('ignored an MQTT message', { topic: topic.slice(0, 200), bytes: payload.length });
      return;
    }
    this.options.onRefresh(item.item_id);
  }
}
