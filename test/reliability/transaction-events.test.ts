/**
 * Reliability: a transaction reaches HA as exactly one event, also when the
 * companion is killed (`kill -9`) or HA restarts at any point of the sync
 * and the delivery. The whole product runs as users run it: the companion
 * CLI as a child process, HA's simulator with its MQTT integration on
 * Debian's Mosquitto, Plaid's simulator with `user_transactions_dynamic`.
 *
 * Each trial creates one transaction in Plaid (`/sandbox/transactions/create`),
 * asks for a refresh as the card does, and interrupts the companion when its
 * debug log reaches a crash point (a few milliseconds later, as a real crash
 * lands). Then the companion starts again, and the trial counts what HA's
 * event entity fired for that transaction: once, never zero or twice. An
 * event's identity in HA is its entity's state (the time HA took the event);
 * HA restoring its last event after a restart keeps that time.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TokenStore, type StoredItem } from '../../src/companion/store/token-store.js';
import { readStoreFile } from '../../src/companion/store/store-file.js';
import { transactionEventId } from '../../src/protocol/index.js';
import { CardOverHaws } from '../../simulators/demo/card-over-haws.js';
import { DemoStack } from '../../simulators/demo/demo-stack.js';
import { linkSandboxItems, sdkFor } from './support/plaid-items.js';

const WAIT_MS = 60_000;

type Interruption = 'kill' | 'ha_restart';

interface Trial {
  /** A substring of the companion's debug line at which it is interrupted. */
  at: string;
  how: Interruption;
  /** Milliseconds after the line: 0 lands at once, more lands further on. */
  delayMs: number;
}

const TRIALS: Trial[] = [
  { at: 'plaid call ok endpoint=/transactions/sync', how: 'kill', delayMs: 0 },
  { at: 'transactions synced', how: 'kill', delayMs: 0 },
  { at: 'sent a transaction event', how: 'kill', delayMs: 0 },
  { at: 'sent a transaction event', how: 'kill', delayMs: 40 },
  { at: 'HA confirmed a transaction event', how: 'kill', delayMs: 0 },
  { at: 'transactions synced', how: 'ha_restart', delayMs: 0 },
  { at: 'sent a transaction event', how: 'ha_restart', delayMs: 0 },
  { at: 'HA confirmed a transaction event', how: 'ha_restart', delayMs: 0 },
];

async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('a transaction fires exactly one event in HA, across crashes and HA restarts', () => {
  let stack: DemoStack;
  let item: StoredItem;
  let eventEntity: string;
  let onLine: (line: string) => void = () => {};

  before(async () => {
    stack = await DemoStack.start({ mqtt: true, logLevel: 'debug', onCompanionOutput: (line) => onLine(line) });
    await stack.stopCompanion();
    [item] = (await linkSandboxItems(stack.plaid, 1, 1, undefined, 'user_transactions_dynamic')) as [StoredItem];
    const store = await TokenStore.open(stack.dataDir);
    await store.put(item);
    await store.close();
    const account = item.accounts[0]!;
    eventEntity = transactionEventId(item.entity_label, account.mask, account.account_id);
    await stack.startCompanion();
    await until('the first sync', async () => {
      const stored = (await readStoreFile(stack.dataDir))?.items[0] as { transactions?: { status: string } };
      return stored?.transactions?.status === 'ok' ? true : undefined;
    });
    await until(`HA's ${eventEntity}`, () => stack.ha.states.get(eventEntity));
  });

  after(async () => {
    await stack?.close();
  });

  /** Per transaction name, the distinct events HA's entity took for it (a restore repeats one). */
  function eventsFor(name: string): Set<string> {
    const times = new Set<string>();
    for (const e of stack.ha.events) {
      if (e.event_type !== 'state_changed') continue;
      const data = e.data as { entity_id: string; new_state: { state: string; attributes: { name?: string } } | null };
      if (data.entity_id === eventEntity && data.new_state?.attributes.name === name) times.add(data.new_state.state);
    }
    return times;
  }

  async function outboxEmpty(): Promise<boolean> {
    const stored = (await readStoreFile(stack.dataDir))?.items[0] as { transactions?: { outbox: unknown[] } };
    return stored?.transactions?.outbox.length === 0;
  }

  it(`tries ${TRIALS.length} crash points: no transaction lost, none fired twice`, async () => {
    const plaid = sdkFor(stack.plaid);
    const today = new Date().toISOString().slice(0, 10);
    const outcomes: string[] = [];
    let lost = 0;
    let duplicated = 0;
    for (const [n, trial] of TRIALS.entries()) {
      const name = `Trial ${n} ${trial.how} at ${trial.at.replace(/\W+/g, ' ').trim()}`;
      await plaid.sandboxTransactionsCreate({
        access_token: item.access_token,
        transactions: [{ date_transacted: today, date_posted: today, amount: 10 + n, description: name }],
      });
      let interrupted: Promise<void> | null = null;
      onLine = (line) => {
        if (interrupted || !line.includes(trial.at)) return;
        interrupted = new Promise<void>((resolve) => setTimeout(resolve, trial.delayMs)).then(() =>
          trial.how === 'kill' ? stack.killCompanion() : stack.ha.restart({ downMs: 500 }),
        );
      };
      const card = await CardOverHaws.connect(stack.ha.url, stack.ha.adminToken);
      await card.request('items/refresh', { item_id: item.item_id }).catch(() => undefined);
      card.close();
      await until(`trial ${n} to reach its crash point`, () => interrupted !== null || undefined);
      await interrupted;
      onLine = () => {};
      if (!stack.companionRunning) await stack.startCompanion();
      // A crash before the sync's commit leaves the transaction in Plaid: the next poll (at start) takes it.
      await until(
        `trial ${n}'s event in HA`,
        async () => (eventsFor(name).size > 0 && (await outboxEmpty())) || undefined,
      );
      // Long enough for a second publish to show, had the delivery been unsure of the first.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const fired = eventsFor(name).size;
      if (fired === 0) lost += 1;
      if (fired > 1) duplicated += fired - 1;
      outcomes.push(`${trial.how} at "${trial.at}" +${trial.delayMs} ms: fired ${fired}`);
    }
    console.log(`crash points tried ${TRIALS.length}; lost ${lost}; duplicated ${duplicated}\n${outcomes.join('\n')}`);
    assert.equal(lost, 0, outcomes.join('\n'));
    assert.equal(duplicated, 0, outcomes.join('\n'));
  });
});
