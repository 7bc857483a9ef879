// Payment due dates asked for in the link dialog (issue #33): `due_dates` on a
// new link passes Liabilities to /link/token/create as an optional product, and
// `add_due_dates` runs Plaid's update mode for a bank linked without them. Each
// records the Item as wanting due dates and reads them at once; a bank without
// Liabilities keeps its balances and says so. Through the Plaid and HA
// simulators and the real `plaid` SDK.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Products } from 'plaid';
import type { ItemSummary } from '../../../src/protocol/index.js';
import { SANDBOX_INSTITUTIONS } from '../../../simulators/plaid/institutions.js';
import { completeHostedLink } from '../../../simulators/plaid/hosted-link-user.js';
import { sdkClient } from '../../../simulators/plaid/test-support.js';
import { Harness, waitUntil } from '../helpers/harness.js';

const REDIRECT = 'https://ha.example/lovelace/0';
/** A US bank without Liabilities, so the companion's US-only Link offers it. */
const NO_LIABILITIES = { id: 'ins_900001', name: 'Gingham Savings' };

/** Links a bank as the dialog does, `extra` added to flow/start; resolves with the new Item's id. */
async function link(h: Harness, extra: Record<string, unknown>, institutionId = 'ins_109508'): Promise<string> {
  const start = await h.card.ok('flow/start', { mode: 'link', redirect_uri: REDIRECT, ...extra });
  await completeHostedLink(h.card.hostedLinkUrl(start.step), { institutionId });
  const form = await h.card.step(start.flow_id, 'form');
  const accounts = form.data.accounts.map((a) => ({ account_id: a.account_id, kinds: a.suggested_kinds }));
  await h.card.ok('flow/configure', { flow_id: start.flow_id, user_input: { accounts } });
  return (await h.card.step(start.flow_id, 'create_entry')).result.item_id;
}

async function listed(h: Harness, itemId: string, cardRelease?: string): Promise<ItemSummary> {
  const { items } = await h.card.ok('items/list', cardRelease ? { card_release: cardRelease } : {});
  const item = items.find((i) => i.item_id === itemId);
  assert.ok(item, `items/list lists ${itemId}`);
  return item;
}

async function plaidItem(h: Harness, itemId: string) {
  const stored = h.app.store.get(itemId);
  assert.ok(stored);
  return (await sdkClient(h.plaid).itemGet({ access_token: stored.access_token })).data.item;
}

describe('companion: payment due dates asked for in the dialog', () => {
  let h: Harness;
  before(async () => {
    h = await Harness.start();
    const platypus = SANDBOX_INSTITUTIONS.find((i) => i.institution_id === 'ins_109508')!;
    h.plaid.addInstitution({
      ...platypus,
      institution_id: NO_LIABILITIES.id,
      name: NO_LIABILITIES.name,
      products: platypus.products.filter((p) => p !== 'liabilities'),
    });
  });
  after(async () => {
    assert.deepEqual(h?.card.violations, []);
    await h?.close();
  });

  it('a link with due_dates gets Liabilities as an optional product and its due sensors at once', async () => {
    const itemId = await link(h, { due_dates: true, card_release: '0.3.0' });
    const item = await plaidItem(h, itemId);
    assert.ok(item.products?.includes(Products.Liabilities), 'Plaid initialized the optional product');
    const due = await h.ha.waitForState('sensor.plaid_first_platypus_bank_3333_payment_due');
    assert.equal(due.attributes.device_class, 'date');
    await waitUntil('the first read', () => h.app.store.get(itemId)?.due_dates?.status === 'ok');
    const summary = await listed(h, itemId, '0.3.0');
    assert.deepEqual([summary.due_dates, summary.due_dates_message], ['ok', null]);
    await h.card.ok('items/remove', { item_id: itemId });
  });

  it('a link without due_dates asks for no Liabilities and never reads them', async () => {
    const before = h.plaid.callsFor('/liabilities/get').length;
    const itemId = await link(h, {});
    assert.ok(!(await plaidItem(h, itemId)).consented_products?.includes(Products.Liabilities));
    assert.equal(h.app.store.get(itemId)?.due_dates, undefined);
    assert.equal(h.plaid.callsFor('/liabilities/get').length, before);
    const summary = await listed(h, itemId, '0.3.0');
    assert.deepEqual([summary.due_dates, summary.due_dates_message], [null, null]);
    // A card before 0.3.0 refuses keys it does not know: its answer has none of them.
    for (const release of [undefined, '0.2.0']) {
      const old = await listed(h, itemId, release);
      assert.ok(!('due_dates' in old) && !('due_dates_message' in old), `card ${release ?? '0.1.0'}`);
    }
    await h.card.ok('items/remove', { item_id: itemId });
  });

  it('add_due_dates runs update mode with the consent, then reads the due dates at once', async () => {
    const itemId = await link(h, {});
    const start = await h.card.ok('flow/start', {
      mode: 'add_due_dates',
      item_id: itemId,
      redirect_uri: REDIRECT,
      card_release: '0.3.0',
    });
    assert.equal(start.step.type, 'external');
    await completeHostedLink(h.card.hostedLinkUrl(start.step), { update: true });
    const done = await h.card.step(start.flow_id, 'create_entry');
    assert.equal(done.result.item_id, itemId);
    assert.ok((await plaidItem(h, itemId)).consented_products?.includes(Products.Liabilities));
    const due = await h.ha.waitForState('sensor.plaid_first_platypus_bank_3333_payment_due');
    assert.match(due.state, /^\d{4}-\d{2}-\d{2}$/);
    await waitUntil('the read', () => h.app.store.get(itemId)?.due_dates?.status === 'ok');
    assert.deepEqual(h.app.store.get(itemId)?.due_dates?.error, null);
    assert.equal((await listed(h, itemId, '0.3.0')).due_dates, 'ok');
    await waitUntil('one read only', () => h.plaid.callsFor('/liabilities/get', itemId).length === 1);
    await h.card.ok('items/remove', { item_id: itemId });
  });

  it('a bank without Liabilities links with its balances and says so in words', async () => {
    const itemId = await link(h, { due_dates: true }, NO_LIABILITIES.id);
    assert.deepEqual((await plaidItem(h, itemId)).products, [Products.Transactions]);
    await waitUntil('the refused read', () => h.app.store.get(itemId)?.due_dates?.status === 'not_supported');
    const summary = await listed(h, itemId, '0.3.0');
    assert.equal(summary.due_dates, 'not_supported');
    assert.match(summary.due_dates_message ?? '', /Gingham Savings does not share them through Plaid/);
    assert.ok(
      summary.entities.some((e) => e.endsWith('_current')),
      'its balances are there',
    );
    const problem = await h.ha.waitForState('binary_sensor.plaid_gingham_savings_problem');
    assert.equal(problem.state, 'off');
    await waitUntil('the problem sensor says why', () => {
      const attributes = h.ha.states.get('binary_sensor.plaid_gingham_savings_problem')?.attributes;
      return attributes?.due_dates === 'not_supported' && attributes.due_dates_message === summary.due_dates_message;
    });
    await h.card.ok('items/remove', { item_id: itemId });
  });

  it('refuses add_due_dates without a linked bank, and due_dates outside a new link', async () => {
    const refusal = async (args: Record<string, unknown>) => {
      const res = await h.card.request('flow/start', { redirect_uri: REDIRECT, ...args });
      return res.ok ? 'ok' : res.error.code;
    };
    assert.equal(await refusal({ mode: 'add_due_dates' }), 'invalid_request');
    assert.equal(await refusal({ mode: 'add_due_dates', item_id: 'item_gone' }), 'not_found');
    assert.equal(await refusal({ mode: 'reconnect', item_id: 'item_gone', due_dates: true }), 'invalid_request');
  });
});

describe('companion: a 0.3.0 flow/start with Liabilities already in PLAID_PRODUCTS', () => {
  it('does not list Liabilities twice, which Plaid refuses', async () => {
    const h = await Harness.start({ plaidProducts: ['transactions', 'liabilities'] as never });
    try {
      const itemId = await link(h, { due_dates: true });
      assert.ok((await plaidItem(h, itemId)).products?.includes(Products.Liabilities));
      await waitUntil('the first read', () => h.app.store.get(itemId)?.due_dates?.status === 'ok');
    } finally {
      await h.close();
    }
  });
});
