/**
 * Issue 36 #2: closing the dialog cancels the flow, but not Plaid's tab. A
 * bank linked there afterwards must not stay at Plaid (billed, never listed):
 * the companion watches the cancelled link token and removes the Item it
 * produced, without storing it or giving it entities.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FlowStep } from '../../../src/protocol/index.js';
import { Harness, waitUntil } from '../helpers/harness.js';
import { completeHostedLink, openHostedLink } from '../../../simulators/plaid/hosted-link-user.js';

type Step<T extends FlowStep['type']> = Extract<FlowStep, { type: T }>;

async function withHarness(run: (h: Harness) => Promise<void>, cardTimeoutMs?: number): Promise<void> {
  const h = await Harness.start(cardTimeoutMs ? { flowCardTimeoutMs: cardTimeoutMs } : {});
  try {
    await run(h);
    assert.deepEqual(h.card.violations, []);
  } finally {
    await h.close();
  }
}

const REMOVED_LINE = /removed the bank connection of a link cancelled in Home Assistant/;

function plaidSensors(h: Harness): string[] {
  return [...h.ha.states.values()].filter((s) => s.attributes.plaid_balance === 1).map((s) => s.entity_id);
}

describe('companion: a link cancelled in HA and finished in Plaid', () => {
  it('removes the Item at Plaid, and neither stores it nor creates entities', () =>
    withHarness(async (h) => {
      const start = await h.card.ok('flow/start', { mode: 'link' });
      const url = h.card.hostedLinkUrl(start.step);
      const page = await openHostedLink(url);
      const abort = (await h.card.ok('flow/abort', { flow_id: start.flow_id })).step as Step<'abort'>;
      assert.equal(abort.reason, 'cancelled');
      await page.finish();
      const item = await waitUntil('the Plaid simulator holds the linked Item', () => h.plaid.items()[0]);
      await waitUntil('the Item removed at Plaid', () => h.plaid.items()[0]?.state === 'removed');
      assert.equal(h.app.store.get(item.item_id), undefined);
      assert.deepEqual(h.app.store.items(), []);
      assert.deepEqual(plaidSensors(h), []);
      await waitUntil('the info line', () => h.log.lines.some((l) => REMOVED_LINE.test(l)));
      const lines = h.log.lines.filter((l) => REMOVED_LINE.test(l));
      assert.equal(lines.length, 1);
      assert.match(lines[0]!, / INFO {2}/);
      for (const line of h.log.lines) {
        assert.doesNotMatch(line, /access-sandbox|public-sandbox|link-sandbox|\/hl\//, 'no token or URL in the log');
      }
      // The flow's own ending stays the one the dialog saw.
      assert.equal((await h.card.ok('flow/get', { flow_id: start.flow_id })).step.type, 'abort');
    }));

  it('removes it too when the dialog went away before Plaid was opened', () =>
    withHarness(async (h) => {
      const start = await h.card.ok('flow/start', { mode: 'link' });
      await h.card.flowEvent(start.flow_id, 'abort', 3000);
      await completeHostedLink(h.card.hostedLinkUrl(start.step));
      await waitUntil('the Item removed at Plaid', () => h.plaid.items()[0]?.state === 'removed');
      assert.deepEqual(h.app.store.items(), []);
      assert.deepEqual(plaidSensors(h), []);
    }, 400));

  it('removes nothing when the user leaves Plaid without linking', () =>
    withHarness(async (h) => {
      const start = await h.card.ok('flow/start', { mode: 'link' });
      await h.card.ok('flow/abort', { flow_id: start.flow_id });
      await completeHostedLink(h.card.hostedLinkUrl(start.step), { exit: true });
      await new Promise((r) => setTimeout(r, 200));
      assert.deepEqual(h.plaid.items(), []);
      assert.equal(h.log.lines.filter((l) => REMOVED_LINE.test(l)).length, 0);
    }));
});
