/**
 * Issue 18 #2: a flow whose dialog is gone (closed without Close, tab shut)
 * ends on its own once its card stops asking about it, and the Item it
 * exchanged is removed at Plaid so it is not billed. The card asks every
 * FLOW_POLL_MS; here the deadline is shortened to 400 ms.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FlowStep } from '../../../src/protocol/index.js';
import { Harness, waitUntil } from '../helpers/harness.js';
import { completeHostedLink } from '../../../simulators/plaid/hosted-link-user.js';

type Step<T extends FlowStep['type']> = Extract<FlowStep, { type: T }>;
const DEADLINE_MS = 400;

async function withHarness(run: (h: Harness) => Promise<void>): Promise<void> {
  const h = await Harness.start({ flowCardTimeoutMs: DEADLINE_MS });
  try {
    await run(h);
    assert.deepEqual(h.card.violations, []);
  } finally {
    await h.close();
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('companion: a flow whose dialog is gone', () => {
  it('ends when its card stops asking before Plaid was opened', () =>
    withHarness(async (h) => {
      const start = await h.card.ok('flow/start', { mode: 'link' });
      const abort = (await h.card.flowEvent(start.flow_id, 'abort', 3000)).step as Step<'abort'>;
      assert.equal(abort.reason, 'cancelled');
      assert.match(abort.message, /dialog was closed/);
      assert.equal(h.plaid.items().length, 0);
    }));

  it('stays open while its card keeps asking', () =>
    withHarness(async (h) => {
      const start = await h.card.ok('flow/start', { mode: 'link' });
      for (let waited = 0; waited < DEADLINE_MS * 3; waited += DEADLINE_MS / 4) {
        await sleep(DEADLINE_MS / 4);
        assert.equal((await h.card.ok('flow/get', { flow_id: start.flow_id })).step.type, 'external');
      }
      assert.equal(h.card.flowEvents.filter((e) => e.flow_id === start.flow_id && e.step.type === 'abort').length, 0);
    }));

  it('stays open while the user is in Plaid, whose tab may have put the card’s to sleep', () =>
    withHarness(async (h) => {
      const start = await h.card.ok('flow/start', { mode: 'link' });
      await (await fetch(h.card.hostedLinkUrl(start.step))).arrayBuffer();
      await sleep(DEADLINE_MS * 3);
      assert.equal(h.card.flowEvents.filter((e) => e.flow_id === start.flow_id && e.step.type === 'abort').length, 0);
      assert.equal((await h.card.ok('flow/get', { flow_id: start.flow_id })).step.type, 'external');
    }));

  it('ends at the accounts form nobody answers, and removes the exchanged Item at Plaid', () =>
    withHarness(async (h) => {
      const start = await h.card.ok('flow/start', { mode: 'link' });
      // The dialog is open (and asking) until the form arrives, then it is gone.
      let asking = true;
      const polling = (async () => {
        while (asking) {
          await h.card.ok('flow/get', { flow_id: start.flow_id });
          await sleep(DEADLINE_MS / 4);
        }
      })();
      await completeHostedLink(h.card.hostedLinkUrl(start.step));
      const form = (await h.card.flowEvent(start.flow_id, 'form').finally(() => (asking = false))).step as Step<'form'>;
      await polling;
      const abort = (await h.card.flowEvent(start.flow_id, 'abort', 3000)).step as Step<'abort'>;
      assert.equal(abort.reason, 'cancelled');
      await waitUntil(
        'item removed at Plaid',
        () => h.plaid.items().find((i) => i.item_id === form.data.item_id)?.state === 'removed',
      );
      assert.equal(h.app.store.get(form.data.item_id), undefined);
    }));
});
