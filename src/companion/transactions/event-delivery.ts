/**
 * Delivers each Item's outbox of transaction events to HA exactly once as HA
 * sees it: per account, in order, one at a time, each sent, then confirmed,
 * then removed from the store. While HA is away (its MQTT will, or the
 * websocket down) the outbox is held, never published into the void.
 *
 * Over MQTT the confirmation is HA's own state: the account's event entity
 * shows the last event's `transaction_id` (HA's event entities restore it
 * across HA restarts). So after a companion restart or HA's birth message the
 * head of each account's outbox is first looked for in HA's state, and
 * dropped if HA has it: a crash between publishing and the store write
 * publishes nothing twice.
 *
 * Over REST the confirmation is HA's 200 to `POST /api/events/…`, and a bus
 * event leaves no state to look for. That leaves one window REST cannot close:
 * a crash after HA's 200 and before the store write fires that event once
 * more after the restart.
 */
import type { TransactionEventData } from '../../protocol/index.js';
import type { Logger } from '../logger.js';
import type { Clock, TimerHandle } from '../poll/clock.js';
import type { StoredItem } from '../store/store-file.js';
import type { ItemTransactions } from './item-transactions.js';

type OutboxItem = StoredItem & { transactions?: ItemTransactions };

/** The store as the delivery uses it (TokenStore). */
export interface OutboxStore {
  items(): OutboxItem[];
  update(itemId: string, change: (item: OutboxItem) => void): Promise<unknown>;
}

/** How events reach HA: MQTT (publish, then read HA's state) or REST (fire, and HA's 200 is the answer). */
export interface EventTransport {
  /** Resolves once the event is out: the broker has it (QoS 1), or HA answered 200. */
  send(item: OutboxItem, event: TransactionEventData): Promise<void>;
  /**
   * Whether HA shows this event as the account's last one. Absent where HA
   * keeps nothing to read (REST): `send` resolving is the confirmation.
   */
  delivered?(item: OutboxItem, event: TransactionEventData): Promise<boolean>;
}

/** Where a fault test may stop the process: the hook throws, as a crash would end everything there. */
export type CrashPoint = 'before_send' | 'after_send' | 'after_confirm';

export interface EventDeliveryOptions {
  store: OutboxStore;
  transport: EventTransport;
  clock: Clock;
  log: Logger;
  /** How often and how far apart HA's state is read after a publish (default 10 × 500 ms). */
  confirmTries?: number;
  confirmIntervalMs?: number;
  /** After an event HA did not confirm or a failed send: when to look again (default 60 s). */
  retryMs?: number;
  /** Tests only: a fault test throws here to stop delivery as a crash would. */
  crashAt?: (point: CrashPoint) => void;
}

const accountKey = (itemId: string, accountId: string) => `${itemId}\u0000${accountId}`;

export class EventDelivery {
  private present = false;
  private closed = false;
  /** Accounts whose head may have reached HA unconfirmed: look in HA's state before sending it. */
  private readonly unsure = new Set<string>();
  private readonly running = new Set<string>();
  private retryTimer: TimerHandle | undefined;

  constructor(private readonly options: EventDeliveryOptions) {}

  /**
   * HA is there to receive (true) or not (false). Every arrival counts as a
   * restart of HA or of the companion: each head is looked for in HA first.
   */
  setPresent(present: boolean): void {
    if (this.closed) return;
    const arrived = present && !this.present;
    this.present = present;
    if (!arrived) return;
    for (const key of this.keys()) this.unsure.add(key);
    this.kick();
  }

  /**
   * HA announced itself (its MQTT birth) without having been seen away: it
   * may have restarted and lost what was in flight, so each head is looked
   * for in HA's state first, as after an absence.
   */
  reconfirm(): void {
    for (const key of this.keys()) this.unsure.add(key);
    this.kick();
  }

  /** New events in an outbox (or HA back): deliver whatever waits, one account at a time each. */
  kick(): void {
    if (this.closed || !this.present) return;
    for (const key of this.keys()) {
      if (this.running.has(key)) continue;
      this.running.add(key);
      const [itemId, accountId] = key.split('\u0000') as [string, string];
      void this.drain(itemId, accountId).finally(() => this.running.delete(key));
    }
  }

  close(): void {
    this.closed = true;
    if (this.retryTimer) this.options.clock.clearTimeout(this.retryTimer);
  }

  /** Every account with something in its outbox. */
  private keys(): string[] {
    const keys = new Set<string>();
    for (const item of this.options.store.items())
      for (const e of item.transactions?.outbox ?? []) keys.add(accountKey(item.item_id, e.plaid_account_id));
    return [...keys];
  }

  private head(itemId: string, accountId: string): { item: OutboxItem; event: TransactionEventData } | undefined {
    const item = this.options.store.items().find((i) => i.item_id === itemId);
    const event = item?.transactions?.outbox.find((e) => e.plaid_account_id === accountId);
    return item && event ? { item, event } : undefined;
  }

  private async drain(itemId: string, accountId: string): Promise<void> {
    const key = accountKey(itemId, accountId);
    const { transport, log } = this.options;
    const crash = this.options.crashAt ?? (() => {});
    try {
      for (let next = this.head(itemId, accountId); next && this.present && !this.closed;) {
        const { item, event } = next;
        const check = transport.delivered?.bind(transport);
        if (!item.configured || !item.accounts.some((a) => a.account_id === accountId)) {
          // The user no longer keeps the account: it has no entity, and HA would never confirm the event.
          log.debug('dropped a transaction event of an account no longer kept', { item_id: itemId });
        } else if (check && this.unsure.has(key) && (await check(item, event))) {
          log.debug('HA already had a transaction event', { item_id: itemId });
        } else {
          crash('before_send');
          // Unsure from here on: should anything fail, HA's state decides next time.
          if (check) this.unsure.add(key);
          await transport.send(item, event);
          log.debug('sent a transaction event', { item_id: itemId });
          crash('after_send');
          if (check && !(await this.confirmed(item, event, check))) {
            log.debug('HA has not confirmed a transaction event yet; looking again later', { item_id: itemId });
            this.retryLater();
            return;
          }
          log.debug('HA confirmed a transaction event', { item_id: itemId });
          crash('after_confirm');
        }
        this.unsure.delete(key);
        await this.remove(itemId, event.transaction_id);
        next = this.head(itemId, accountId);
      }
    } catch (err) {
      if (this.closed) return;
      log.debug('delivering a transaction event failed; trying again later', { item_id: itemId, error: err });
      this.retryLater();
    }
  }

  private async confirmed(
    item: OutboxItem,
    event: TransactionEventData,
    check: NonNullable<EventTransport['delivered']>,
  ): Promise<boolean> {
    const tries = this.options.confirmTries ?? 10;
    for (let i = 0; i < tries; i++) {
      if (await check(item, event)) return true;
      if (i < tries - 1) await this.sleep(this.options.confirmIntervalMs ?? 500);
      if (this.closed || !this.present) return false;
    }
    return false;
  }

  private remove(itemId: string, transactionId: string): Promise<unknown> {
    return this.options.store.update(itemId, (item) => {
      if (item.transactions)
        item.transactions.outbox = item.transactions.outbox.filter((e) => e.transaction_id !== transactionId);
    });
  }

  private retryLater(): void {
    if (this.closed || this.retryTimer) return;
    this.retryTimer = this.options.clock.setTimeout(() => {
      this.retryTimer = undefined;
      this.kick();
    }, this.options.retryMs ?? 60_000);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.options.clock.setTimeout(resolve, ms));
  }
}
