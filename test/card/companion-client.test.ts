// The card's side of the request protocol: the acknowledgement separates "the
// companion is not running" (no acknowledgement in time) from "Plaid is slow"
// (acknowledged, result late), and every home-assistant-js-websocket
// rejection becomes a code the dialog has a sentence for.
import assert from 'node:assert/strict';
import { describe, it, mock } from 'node:test';
import { CompanionClient, CompanionError, haError } from '../../src/card/companion-client.js';
import { ANSWER_DEADLINE_MS, SLOW_ANSWER_MS } from '../../src/protocol/index.js';
import { FakeCompanion } from './fixtures/fake-companion.js';

const flush = () => new Promise<void>((r) => setImmediate(r));

async function openClient(
  companion: FakeCompanion,
  onSlow?: (slow: boolean) => void,
  timeoutMs = 50,
): Promise<CompanionClient> {
  const client = new CompanionClient(companion, {
    onFlowEvent: () => undefined,
    timeoutMs,
    ...(onSlow ? { onSlow } : {}),
  });
  await client.open();
  return client;
}

describe('CompanionClient acknowledgements and deadlines', () => {
  it('an acknowledged request waits past the acknowledgement timeout for its result', async () => {
    const companion = new FakeCompanion();
    companion.acknowledge = true;
    companion.answerDelayMs = 200; // four times the 50 ms acknowledgement timeout
    const client = await openClient(companion);
    assert.deepEqual(await client.request('ping', {}), { version: '0.1.0', items: 1 });
    await client.close();
  });

  it('without an acknowledgement in time it is "companion_unreachable"', async () => {
    const companion = new FakeCompanion({ ping: () => null });
    const client = await openClient(companion);
    await assert.rejects(client.request('ping', {}), (err: CompanionError) => err.code === 'companion_unreachable');
    await client.close();
  });

  it(
    'acknowledged but unanswered: slow after SLOW_ANSWER_MS, ' + 'then "answer_timeout" at ANSWER_DEADLINE_MS',
    async (t) => {
      t.mock.timers.enable({ apis: ['setTimeout'] });
      const companion = new FakeCompanion({ 'items/remove': () => null });
      companion.acknowledge = true;
      const slow: boolean[] = [];
      const client = await openClient(companion, (s) => slow.push(s));
      const result = client.request('items/remove', { item_id: 'item-1' });
      const settled = result.catch((err: unknown) => err);
      t.mock.timers.tick(1); // the acknowledgement
      await flush();
      t.mock.timers.tick(SLOW_ANSWER_MS);
      assert.deepEqual(slow, [true]);
      t.mock.timers.tick(ANSWER_DEADLINE_MS - SLOW_ANSWER_MS);
      const err = await settled;
      assert.ok(err instanceof CompanionError && err.code === 'answer_timeout', String(err));
      assert.deepEqual(slow, [true, false]);
      await client.close();
      mock.timers.reset();
    },
  );
});

describe('home-assistant-js-websocket rejections as dialog codes', () => {
  const cases: [string, unknown, string][] = [
    ['HA refusing a command', { code: 'unauthorized', message: 'Unauthorized' }, 'unauthorized'],
    ['HA failing a command', { code: 'home_assistant_error', message: 'Event bus stopped' }, 'ha_error'],
    [
      'a command in flight when the socket closed',
      { type: 'result', success: false, error: { code: 3, message: 'Connection lost' } },
      'connection_lost',
    ],
    ['a command sent while disconnected (bare 3)', 3, 'connection_lost'],
    ['ERR_CANNOT_CONNECT', 1, 'connection_lost'],
    ['ERR_INVALID_AUTH', 2, 'connection_lost'],
    ['an Error', new Error('Pre-check failed'), 'ha_error'],
  ];
  for (const [what, shape, code] of cases) {
    it(what, () => {
      const err = haError(shape);
      assert.equal(err.code, code);
      assert.doesNotMatch(err.message, /\[object Object\]|^\d+$/);
    });
  }
});
