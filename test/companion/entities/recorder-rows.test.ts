// What HA's recorder keeps: it stores a state row for every state_changed
// event (components/recorder, core.py `_process_state_changed_event_into_session`),
// and HA fires state_changed only when a state or its attributes changed. So a
// poll that finds the same balances must add no row for any balance or problem
// sensor, month sensor or recent list; only the Item's last-refreshed sensor moves. The recorder also keeps
// every event, the card's requests and the companion's answers among them, so
// no live Hosted Link URL or link token may be in any of them.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FlowStep } from '../../../src/protocol/index.js';
import { Harness, waitUntil } from '../helpers/harness.js';
import { completeHostedLink } from '../../../simulators/plaid/hosted-link-user.js';

type Step<T extends FlowStep['type']> = Extract<FlowStep, { type: T }>;

const LAST_REFRESHED = 'sensor.plaid_first_platypus_bank_last_refreshed';
const RECENT = 'sensor.plaid_first_platypus_bank_0000_recent_transactions';

describe('state rows per poll in HA’s recorder', () => {
  let h: Harness;
  let openedUrl = '';

  before(async () => {
    h = await Harness.start({ pollIntervalMs: 3600_000 });
    const start = await h.card.ok('flow/start', { mode: 'link' });
    openedUrl = h.card.hostedLinkUrl(start.step);
    await completeHostedLink(openedUrl);
    const form = (await h.card.flowEvent(start.flow_id, 'form')).step as Step<'form'>;
    await h.card.ok('flow/configure', {
      flow_id: start.flow_id,
      user_input: { accounts: form.data.accounts.map((a) => ({ account_id: a.account_id, kinds: a.suggested_kinds })) },
    });
    await h.card.flowEvent(start.flow_id, 'create_entry');
    await h.ha.waitForState(LAST_REFRESHED, (s) => s.state !== 'unknown');
    // A new bank is polled at once; its transactions sync writes the month sensors and recent lists after
    // the balances. A refresh while that poll runs is that poll, so the tests start once it has ended.
    await h.ha.waitForState(RECENT, (s) => s.state !== 'unknown');
    await new Promise((r) => setTimeout(r, 500));
  });
  after(async () => {
    await h?.close();
  });

  /** Entity ids of the state_changed events fired while `during` ran: one recorder row each. */
  async function rowsDuring(during: () => Promise<unknown>): Promise<string[]> {
    const before = h.ha.events.length;
    await during();
    // The writes after a poll go out after its answer; wait for the refresh sensor's row.
    await waitUntil('the refresh written', () =>
      h.ha.events.slice(before).some((e) => e.event_type === 'state_changed' && e.data.entity_id === LAST_REFRESHED),
    );
    await new Promise((r) => setTimeout(r, 200));
    return h.ha.events
      .slice(before)
      .filter((e) => e.event_type === 'state_changed')
      .map((e) => String(e.data.entity_id))
      .filter((id) => id.includes('plaid_'));
  }

  it(
    'a poll with unchanged balances adds no row for any balance or problem sensor, ' + 'one for last refreshed',
    async () => {
      const balanceSensors = [...h.ha.states.values()].filter((s) => s.attributes.plaid_balance === 1);
      assert.ok(balanceSensors.length >= 2, 'the Item has balance sensors');
      const rows = await rowsDuring(() => h.card.ok('items/refresh', {}));
      assert.deepEqual(rows, [LAST_REFRESHED]);
    },
  );

  it('a poll with a changed balance adds rows for that account’s sensors only (and last refreshed)', async () => {
    const checking = h.plaid.items()[0]!.accounts.find((a) => a.mask === '0000')!;
    h.plaid.setBalance(checking.account_id, { current: 999.5 });
    const rows = await rowsDuring(() => h.card.ok('items/refresh', {}));
    assert.ok(rows.includes(LAST_REFRESHED));
    assert.ok(rows.includes('sensor.plaid_first_platypus_bank_0000_current'), rows.join(', '));
    assert.ok(
      rows.every((id) => id === LAST_REFRESHED || id.includes('_0000_')),
      rows.join(', '),
    );
  });

  it('no Hosted Link URL or link token in any event, state or message HA saw, nor in the companion log', () => {
    const urls = h.plaid.hostedLinkUrls();
    const linkTokens = h.plaid.linkTokens();
    assert.ok(urls.includes(openedUrl), 'the URL the card opened is one the Plaid simulator issued');
    const haText = h.ha.recordText();
    const sealedSteps = h.ha.events.filter((e) => JSON.stringify(e.data).includes('"sealed_url"'));
    assert.ok(sealedSteps.length >= 1, 'the external step went through HA, sealed');
    for (const [name, text] of [
      ['HA record', haText],
      ['companion log', h.log.lines.join('\n')],
    ] as const) {
      for (const needle of [...urls, ...linkTokens, ...urls.map((u) => new URL(u).pathname)]) {
        assert.ok(!text.includes(needle), `${name} holds ${needle.slice(0, 30)}…`);
      }
    }
  });
});
