import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TransactionEventData } from '../../../src/protocol/index.js';
import {
  EventDelivery,
  type CrashPoint,
  type EventTransport,
  type OutboxStore,
} from '../../../src/companion/transactions/event-delivery.js';
import type { TransactionsItem } from '../../../src/companion/entities/transaction-states.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { memoryLogger } from '../helpers/fixtures.js';
import { transactionEvent, transactionsItem } from '../helpers/transaction-items.js';

/** The store as the delivery sees it; it survives "crashes" of the delivery. */
class MemoryStore implements OutboxStore {
  writes = 0;
  constructor(public item: TransactionsItem) {}
  items() {
    return [structuredClone(this.item)];
  }
  async update(_itemId: string, change: (item: TransactionsItem) => void) {
    change(this.item);
    this.writes += 1;
  }
  outbox(): string[] {
    return (this.item.transactions?.outbox ?? []).map((e) => e.transaction_id);
  }
}

/**
 * HA as the MQTT transport reaches it: each account's event entity shows the
 * last event it received; `online` false loses what is published (no
 * subscriber), as the broker would for a non-retained message.
 */
class FakeMqttHa implements EventTransport {
  online = true;
  readonly fired: string[] = [];
  readonly lastByAccount = new Map<string, string>();
  async send(_item: TransactionsItem, event: TransactionEventData): Promise<void> {
    if (!this.online) return;
    this.fired.push(event.transaction_id);
    this.lastByAccount.set(event.plaid_account_id, event.transaction_id);
  }
  async delivered(_item: TransactionsItem, event: TransactionEventData): Promise<boolean> {
    return this.lastByAccount.get(event.plaid_account_id) === event.transaction_id;
  }
}

const events = (...ids: string[]) =>
  ids.map((id) =>
    transactionEvent({
      transaction_id: id,
      plaid_account_id: id.startsWith('c') ? 'acc-credit-1' : 'acc-checking-1',
    }),
  );

function setup(outbox: TransactionEventData[]) {
  const store = new MemoryStore(transactionsItem({ outbox }));
  const clock = new FakeClock();
  const ha = new FakeMqttHa();
  const start = (crashAt?: (p: CrashPoint) => void) =>
    new EventDelivery({ store, transport: ha, clock, log: memoryLogger(), confirmTries: 3, crashAt });
  return { store, clock, ha, start };
}

/** A crash at `point` the first time the delivery gets there. */
function crashOnce(point: CrashPoint) {
  let crashed = false;
  return (p: CrashPoint) => {
    if (p === point && !crashed) {
      crashed = true;
      throw new Error(`crash at ${p}`);
    }
  };
}

describe('delivering transaction events over MQTT', () => {
  it('publishes, confirms in HA state and removes, per account in order', async () => {
    const { store, clock, ha, start } = setup(events('a1', 'c1', 'a2', 'c2'));
    start().setPresent(true);
    await clock.advance(1000);
    assert.deepEqual(
      ha.fired.filter((id) => id.startsWith('a')),
      ['a1', 'a2'],
    );
    assert.deepEqual(
      ha.fired.filter((id) => id.startsWith('c')),
      ['c1', 'c2'],
    );
    assert.deepEqual(store.outbox(), []);
    assert.equal(store.writes, 4);
  });

  it('a crash after publishing, before confirming: after the restart HA has it, so it is not sent again', async () => {
    const { store, clock, ha, start } = setup(events('a1', 'a2'));
    const first = start(crashOnce('after_send'));
    first.setPresent(true);
    await clock.advance(0);
    first.close();
    assert.deepEqual(ha.fired, ['a1']);
    assert.deepEqual(store.outbox(), ['a1', 'a2']);

    start().setPresent(true);
    await clock.advance(1000);
    assert.deepEqual(ha.fired, ['a1', 'a2']);
    assert.deepEqual(store.outbox(), []);
  });

  it('a crash after the confirmation, before the store write: found in HA state, dropped', async () => {
    const { store, clock, ha, start } = setup(events('a1'));
    const first = start(crashOnce('after_confirm'));
    first.setPresent(true);
    await clock.advance(0);
    first.close();
    start().setPresent(true);
    await clock.advance(1000);
    assert.deepEqual(ha.fired, ['a1']);
    assert.deepEqual(store.outbox(), []);
  });

  it('a crash before publishing: published once after the restart', async () => {
    const { store, clock, ha, start } = setup(events('a1'));
    const first = start(crashOnce('before_send'));
    first.setPresent(true);
    await clock.advance(0);
    first.close();
    assert.deepEqual(ha.fired, []);
    start().setPresent(true);
    await clock.advance(1000);
    assert.deepEqual(ha.fired, ['a1']);
    assert.deepEqual(store.outbox(), []);
  });

  it('while HA is away the outbox is held; after its birth it is published', async () => {
    const { store, clock, ha, start } = setup(events('a1'));
    const delivery = start();
    await clock.advance(1000);
    delivery.kick();
    await clock.advance(1000);
    assert.deepEqual(ha.fired, []);
    delivery.setPresent(true);
    delivery.setPresent(false);
    await clock.advance(1000);
    delivery.setPresent(true);
    await clock.advance(1000);
    assert.deepEqual(ha.fired, ['a1']);
    assert.deepEqual(store.outbox(), []);
  });

  it('an event HA lost (it went away right then) is published again once HA is back, and only once', async () => {
    const { store, clock, ha, start } = setup(events('a1'));
    const delivery = start();
    ha.online = false;
    delivery.setPresent(true);
    await clock.advance(5000);
    assert.deepEqual(store.outbox(), ['a1'], 'unconfirmed events stay');
    delivery.setPresent(false);
    ha.online = true;
    delivery.setPresent(true);
    await clock.advance(1000);
    assert.deepEqual(ha.fired, ['a1']);
    assert.deepEqual(store.outbox(), []);
    await clock.advance(120_000);
    assert.deepEqual(ha.fired, ['a1']);
  });

  it('a birth without a will before it: each head is looked for in HA first, then sent if HA lacks it', async () => {
    const { store, clock, ha, start } = setup(events('a1', 'a2'));
    const delivery = start(crashOnce('after_send'));
    delivery.setPresent(true);
    await clock.advance(0);
    // HA restarted between the publish and the confirmation, and kept the event.
    delivery.reconfirm();
    await clock.advance(1000);
    assert.deepEqual(ha.fired, ['a1', 'a2']);
    assert.deepEqual(store.outbox(), []);
  });

  it('an event of an account the user no longer keeps is dropped, not sent', async () => {
    const { store, clock, ha, start } = setup(events('a1', 'c1'));
    store.item.accounts = store.item.accounts.filter((a) => a.account_id !== 'acc-credit-1');
    start().setPresent(true);
    await clock.advance(1000);
    assert.deepEqual(ha.fired, ['a1']);
    assert.deepEqual(store.outbox(), []);
  });

  it('new events wait for a kick, and go out in order behind the ones before', async () => {
    const { store, clock, ha, start } = setup(events('a1'));
    const delivery = start();
    delivery.setPresent(true);
    await clock.advance(1000);
    store.item.transactions?.outbox.push(...events('a2', 'a3'));
    delivery.kick();
    await clock.advance(1000);
    assert.deepEqual(ha.fired, ['a1', 'a2', 'a3']);
  });
});

describe('delivering transaction events over REST', () => {
  it("fires the bus event and removes it on HA's 200; a failure keeps it for later", async () => {
    const store = new MemoryStore(transactionsItem({ outbox: events('a1', 'a2') }));
    const clock = new FakeClock();
    const fired: string[] = [];
    let failing = true;
    const transport: EventTransport = {
      async send(_item, event) {
        if (failing) throw new Error('HTTP 500');
        fired.push(event.transaction_id);
      },
    };
    const delivery = new EventDelivery({ store, transport, clock, log: memoryLogger(), retryMs: 60_000 });
    delivery.setPresent(true);
    await clock.advance(1000);
    assert.deepEqual(fired, []);
    assert.deepEqual(store.outbox(), ['a1', 'a2']);
    failing = false;
    await clock.advance(60_000);
    assert.deepEqual(fired, ['a1', 'a2']);
    assert.deepEqual(store.outbox(), []);
  });

  it('a crash before the store write fires the event once more: the window REST cannot close', async () => {
    const store = new MemoryStore(transactionsItem({ outbox: events('a1') }));
    const clock = new FakeClock();
    const fired: string[] = [];
    const transport: EventTransport = { send: async (_item, event) => void fired.push(event.transaction_id) };
    const first = new EventDelivery({
      store,
      transport,
      clock,
      log: memoryLogger(),
      crashAt: crashOnce('after_confirm'),
    });
    first.setPresent(true);
    await clock.advance(0);
    first.close();
    new EventDelivery({ store, transport, clock, log: memoryLogger() }).setPresent(true);
    await clock.advance(1000);
    assert.deepEqual(fired, ['a1', 'a1']);
    assert.deepEqual(store.outbox(), []);
  });
});
