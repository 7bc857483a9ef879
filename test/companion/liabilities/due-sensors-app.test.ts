// A bank linked with Liabilities (PLAID_PRODUCTS here; the dialog's choice
// takes the same path): its cards' and loans' due sensors reach HA right after
// the link, from the Plaid simulator through the real SDK, and leave it when
// the consent is gone.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { validate } from 'superstruct';
import { DueAttributesSchema, type FlowStep } from '../../../src/protocol/index.js';
import { completeHostedLink } from '../../../simulators/plaid/hosted-link-user.js';
import { Harness, waitUntil } from '../helpers/harness.js';

type Step<T extends FlowStep['type']> = Extract<FlowStep, { type: T }>;
const DAY = 24 * 3600_000;
const dayAfter = (days: number) => new Date(Date.now() + days * DAY).toISOString().slice(0, 10);
const PROBLEM = 'binary_sensor.plaid_first_platypus_bank_problem';
const DUE_SENSOR = /_(payment_due|minimum_payment|statement_balance|apr|overdue)$/;

describe('due sensors of a bank linked with Liabilities', () => {
  let h: Harness;
  before(async () => {
    h = await Harness.start({ plaidProducts: ['transactions', 'liabilities'] as never });
  });
  after(async () => {
    await h?.close();
  });

  it('writes each card and loan its payment due, minimum, statement, APR and overdue sensors', async () => {
    const start = await h.card.ok('flow/start', { mode: 'link', redirect_uri: 'https://ha.example/lovelace/0' });
    await completeHostedLink(h.card.hostedLinkUrl(start.step as Step<'external'>));
    const form = (await h.card.flowEvent(start.flow_id, 'form')).step as Step<'form'>;
    await h.card.ok('flow/configure', {
      flow_id: start.flow_id,
      user_input: { accounts: form.data.accounts.map((a) => ({ account_id: a.account_id, kinds: a.suggested_kinds })) },
    });

    const due = await h.ha.waitForState('sensor.plaid_first_platypus_bank_3333_payment_due');
    assert.equal(due.state, dayAfter(4), "Sandbox's card is due in 4 days");
    assert.equal(validate(due.attributes, DueAttributesSchema)[0], undefined);
    assert.equal(due.attributes.balance_entity, 'sensor.plaid_first_platypus_bank_3333_current');
    assert.equal(due.attributes.device_class, 'date');
    assert.equal((await h.ha.waitForState('sensor.plaid_first_platypus_bank_3333_minimum_payment')).state, '20');
    assert.equal((await h.ha.waitForState('sensor.plaid_first_platypus_bank_3333_apr')).state, '12.5');
    assert.equal((await h.ha.waitForState('binary_sensor.plaid_first_platypus_bank_3333_overdue')).state, 'off');
    assert.equal((await h.ha.waitForState('sensor.plaid_first_platypus_bank_8888_payment_due')).state, dayAfter(11));
    assert.equal((await h.ha.waitForState('sensor.plaid_first_platypus_bank_7777_payment_due')).state, dayAfter(17));
    const problem = await h.ha.waitForState('binary_sensor.plaid_first_platypus_bank_problem');
    assert.equal(problem.attributes.due_dates, 'ok');
    await waitUntil('one read', () => h.plaid.callsFor('/liabilities/get').length === 1);
    assert.equal(h.plaid.callsFor('/liabilities/get').length, 1, 'read once, not again at once');
  });

  it('deletes the due sensors from HA once the consent to Liabilities is gone, and keeps the balances', async () => {
    const itemId = h.plaid.items()[0]!.item_id;
    h.plaid.injectError('/liabilities/get', 'ADDITIONAL_CONSENT_REQUIRED', 1, { itemId });
    // A reconnect reads the due dates again at once.
    const start = await h.card.ok('flow/start', { mode: 'reconnect', item_id: itemId });
    await completeHostedLink(h.card.hostedLinkUrl(start.step as Step<'external'>), { update: true });
    await h.card.flowEvent(start.flow_id, 'create_entry');
    const problem = await h.ha.waitForState(PROBLEM, (s) => s.attributes.due_dates === 'not_consented');
    assert.match(String(problem.attributes.due_dates_message), /not consented at First Platypus Bank/);
    await waitUntil('the due sensors gone', () => ![...h.ha.states.keys()].some((id) => DUE_SENSOR.test(id)));
    assert.ok(h.ha.states.has('sensor.plaid_first_platypus_bank_3333_current'), "the card's balance stays");
  });
});
