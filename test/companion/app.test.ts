import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { validate } from 'superstruct';
import { BalanceAttributesSchema, RELEASE, type FlowStep } from '../../src/protocol/index.js';
import { connectHaws } from '../../simulators/ha/haws-node-socket.js';
import { Harness, waitUntil } from './helpers/harness.js';
import { completeHostedLink } from '../../simulators/plaid/hosted-link-user.js';

type Step<T extends FlowStep['type']> = Extract<FlowStep, { type: T }>;

describe('companion app against the Plaid and HA simulators', () => {
  let h: Harness;
  let itemId = '';
  let accessToken = '';
  const CHECKING = 'sensor.plaid_first_platypus_bank_0000_current';
  const PROBLEM = 'binary_sensor.plaid_first_platypus_bank_problem';

  before(async () => {
    h = await Harness.start({ pollIntervalMs: 400 });
  });
  after(async () => {
    await h?.close();
  });

  it('answers ping', async () => {
    const result = await h.card.ok('ping');
    assert.equal(result.items, 0);
    assert.equal(result.version, RELEASE, "the companion's release is package.json's");
  });

  it('links a bank through HA events and writes validated sensors', async () => {
    const start = await h.card.ok('flow/start', { mode: 'link', redirect_uri: 'https://ha.example/lovelace/0' });
    const external = start.step as Step<'external'>;
    assert.equal(external.type, 'external');
    assert.match(h.card.hostedLinkUrl(external), /\/hl\//);
    await completeHostedLink(h.card.hostedLinkUrl(external));
    const formEvent = await h.card.flowEvent(start.flow_id, 'form');
    const form = formEvent.step as Step<'form'>;
    assert.equal(form.data.institution_name, 'First Platypus Bank');
    assert.equal(form.data.duplicate_of, null);
    itemId = form.data.item_id;
    const checking = form.data.accounts.find((a) => a.mask === '0000')!;
    assert.equal(checking.entity_ids.current, CHECKING);

    // Someone else cannot see or drive this flow.
    const other = h.ha.addUser({ name: 'Other admin', admin: true });
    const otherConn = await connectHaws(h.ha.url, other.token!);
    const hijack = await h.card.request('flow/get', { flow_id: start.flow_id }, { via: otherConn });
    otherConn.close();
    assert.equal(hijack.ok, false);
    assert.equal(!hijack.ok && hijack.error.code, 'not_found');

    const configured = await h.card.ok('flow/configure', {
      flow_id: start.flow_id,
      user_input: { accounts: form.data.accounts.map((a) => ({ account_id: a.account_id, kinds: a.suggested_kinds })) },
    });
    const entry = configured.step as Step<'create_entry'>;
    assert.equal(entry.type, 'create_entry');
    assert.ok(entry.result.entities.some((e) => e.entity_id === CHECKING));

    const state = await h.ha.waitForState(CHECKING);
    const [err] = validate(state.attributes, BalanceAttributesSchema);
    assert.equal(err, undefined, err?.message);
    assert.equal(state.attributes.plaid_item_id, itemId);
    assert.equal(Number(state.state), checking.current);
    for (const e of entry.result.entities) {
      const s = await h.ha.waitForState(e.entity_id);
      assert.equal(validate(s.attributes, BalanceAttributesSchema)[0], undefined, e.entity_id);
    }
    assert.equal((await h.ha.waitForState(PROBLEM)).state, 'off');
    const steps = h.card.flowEvents.filter((e) => e.flow_id === start.flow_id).map((e) => e.step.type);
    assert.deepEqual([...new Set(steps)], ['external', 'progress', 'form', 'create_entry']);

    const list = await h.card.ok('items/list');
    assert.equal(list.items.length, 1);
    accessToken = h.plaid.items().find((i) => i.item_id === itemId)!.access_token;
    // The token is in the 0600 store, encrypted, and nowhere the card can see.
    assert.ok(h.app.store.get(itemId)?.access_token === accessToken);
    assert.doesNotMatch(await readFile(join(h.dataDir, 'store.json'), 'utf8'), new RegExp(accessToken));
  });

  it('aborts with user_exited when the user leaves Plaid', async () => {
    const start = await h.card.ok('flow/start', { mode: 'link' });
    await completeHostedLink(h.card.hostedLinkUrl(start.step), { exit: true });
    const abort = (await h.card.flowEvent(start.flow_id, 'abort')).step as Step<'abort'>;
    assert.equal(abort.reason, 'user_exited');
  });

  it('spots a duplicate Item and removes the new one when the user keeps the old', async () => {
    const start = await h.card.ok('flow/start', { mode: 'link' });
    await completeHostedLink(h.card.hostedLinkUrl(start.step));
    const form = (await h.card.flowEvent(start.flow_id, 'form')).step as Step<'form'>;
    assert.deepEqual(form.data.duplicate_of, { item_id: itemId, institution_name: 'First Platypus Bank' });
    const res = await h.card.ok('flow/configure', {
      flow_id: start.flow_id,
      user_input: { accounts: [], duplicate: 'keep_existing' },
    });
    assert.equal((res.step as Step<'abort'>).reason, 'duplicate');
    assert.equal(h.plaid.items().find((i) => i.item_id === form.data.item_id)?.state, 'removed');
    assert.equal(h.app.store.get(form.data.item_id), undefined);
  });

  it('shows login_required, stops polling, and recovers after reconnect', async () => {
    await waitUntil('a poll', () => h.plaid.callsFor('/accounts/get', itemId).length >= 2);
    h.plaid.resetLogin(itemId);
    const state = await h.ha.waitForState(CHECKING, (s) => s.attributes.item_status === 'login_required', 3000);
    assert.equal(
      state.attributes.item_error && (state.attributes.item_error as { error_code: string }).error_code,
      'ITEM_LOGIN_REQUIRED',
    );
    assert.notEqual(state.state, '0');
    assert.equal((await h.ha.waitForState(PROBLEM, (s) => s.state === 'on')).state, 'on');
    const notification = await waitUntil('notification', () => [...h.ha.notifications.values()][0]);
    assert.match(JSON.stringify(notification), /sign in again/);

    const callsAtLock = h.plaid.callsFor('/accounts/get', itemId).length;
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(h.plaid.callsFor('/accounts/get', itemId).length, callsAtLock, 'no polling while login is required');

    const start = await h.card.ok('flow/start', { mode: 'reconnect', item_id: itemId });
    await completeHostedLink(h.card.hostedLinkUrl(start.step), { update: true });
    await h.card.flowEvent(start.flow_id, 'create_entry');
    await h.ha.waitForState(CHECKING, (s) => s.attributes.item_status === 'ok');
    assert.equal((await h.ha.waitForState(PROBLEM, (s) => s.state === 'off')).state, 'off');
    await waitUntil('notification dismissed', () => h.ha.notifications.size === 0);
    await waitUntil('polling resumes', () => h.plaid.callsFor('/accounts/get', itemId).length > callsAtLock + 1, 3000);
  });

  it('writes every sensor again within 5 s of an HA restart', async () => {
    const before = [...h.ha.states.keys()].filter((id) => id.includes('plaid_')).sort();
    assert.ok(before.length >= 3);
    await h.ha.restart({ downMs: 300 });
    const restartedAt = Date.now();
    assert.equal(h.ha.states.size, 0);
    await waitUntil('all sensors back', () => before.every((id) => h.ha.states.has(id)), 5000);
    assert.ok(Date.now() - restartedAt < 5000);
    // The card's own HAWS connection reconnects and re-subscribes by itself.
    await waitUntil('card reconnected', () => h.card.conn.connected);
    await h.ha.waitForSubscription('plaid_balance_response');
    await h.ha.waitForSubscription('plaid_balance_flow');
    await h.ha.waitForSubscription('plaid_balance_request');
    assert.equal((await h.card.ok('ping')).items, 1);
  });

  it('refuses a non-admin user (HA itself refuses fire_event)', async () => {
    const userConn = await connectHaws(h.ha.url, h.ha.userToken);
    await assert.rejects(
      userConn.sendMessagePromise({
        type: 'fire_event',
        event_type: 'plaid_balance_request',
        event_data: { v: 1, id: 'abcdefgh1', action: 'ping' },
      }),
    );
    userConn.close();
  });

  it('answers malformed requests with errors and keeps serving', async () => {
    const bad = await h.card.request('ping', { v: 2 });
    assert.equal(!bad.ok && bad.error.code, 'unsupported_version');
    const unknown = await h.card.request('nope' as never);
    assert.equal(!unknown.ok && unknown.error.code, 'unknown_action');
    const invalid = await h.card.request('flow/start', { mode: 'teleport' });
    assert.equal(!invalid.ok && invalid.error.code, 'invalid_request');
    const redirect = await h.card.request('flow/start', { mode: 'link', redirect_uri: 'javascript:alert(1)' });
    assert.equal(!redirect.ok && redirect.error.code, 'invalid_request');
    await h.card.conn.sendMessagePromise({
      type: 'fire_event',
      event_type: 'plaid_balance_request',
      event_data: { junk: true },
    });
    await h.card.conn.sendMessagePromise({
      type: 'fire_event',
      event_type: 'plaid_balance_request',
      event_data: { v: 1, id: 'x', action: 'ping' },
    });
    assert.equal((await h.card.ok('ping')).items, 1);
  });

  it('refreshes on request', async () => {
    const result = await h.card.ok('items/refresh', { item_id: itemId });
    assert.ok(Array.isArray(result.refreshed));
  });

  it('removes an item at Plaid, in HA and in the store', async () => {
    const result = await h.card.ok('items/remove', { item_id: itemId });
    assert.ok(result.removed_entities.includes(CHECKING));
    assert.ok(h.plaid.callsFor('/item/remove', itemId).some((c) => c.outcome === 'ok'));
    await h.ha.waitForStateRemoved(CHECKING);
    await h.ha.waitForStateRemoved(PROBLEM);
    assert.doesNotMatch(await readFile(join(h.dataDir, 'store.json'), 'utf8'), new RegExp(accessToken));
    assert.equal((await h.card.ok('items/list')).items.length, 0);
  });

  it('sent only protocol-valid messages, and never a secret or token to HA or the info log', () => {
    assert.deepEqual(h.card.violations, []);
    const haText = h.ha.recordText();
    const logText = h.log.lines.join('\n');
    const secrets = [h.plaid.secret, ...h.plaid.items().map((i) => i.access_token)];
    assert.ok(secrets.length >= 3);
    for (const s of secrets) {
      assert.ok(!haText.includes(s), 'secret in the HA record');
      assert.ok(!logText.includes(s), 'secret in the companion log');
    }
    assert.doesNotMatch(haText + logText, /public-sandbox-/);
    assert.doesNotMatch(haText + logText, /access-sandbox-/);
  });
});

describe('companion app: a non-admin whose events HA lets through', () => {
  it('is refused by the companion', async () => {
    const h = await Harness.start({ fireEventRequiresAdmin: false });
    try {
      const userConn = await connectHaws(h.ha.url, h.ha.userToken);
      // A non-admin cannot subscribe to the response event (HA's rule), so read it from the sim's log.
      const id = 'nonadmin1234';
      await userConn.sendMessagePromise({
        type: 'fire_event',
        event_type: 'plaid_balance_request',
        event_data: { v: 1, id, action: 'flow/start', mode: 'link', link_key: h.card.linkKey.pair.publicKey },
      });
      userConn.close();
      const res = await waitUntil('refusal', () => h.card.responses.find((r) => r.id === id));
      assert.equal(!res.ok && res.error.code, 'unauthorized');
      assert.equal(h.plaid.callsFor('/link/token/create').length, 0);
      assert.deepEqual(h.card.violations, []);
    } finally {
      await h.close();
    }
  });
});

describe('companion app: an abandoned flow', () => {
  it('expires and removes the exchanged Item at Plaid so it is not billed', async () => {
    const h = await Harness.start({ flowIdleTimeoutMs: 800 });
    try {
      const start = await h.card.ok('flow/start', { mode: 'link' });
      await completeHostedLink(h.card.hostedLinkUrl(start.step));
      const form = (await h.card.flowEvent(start.flow_id, 'form')).step as Step<'form'>;
      assert.equal(h.app.store.get(form.data.item_id)?.configured, false);
      const abort = (await h.card.flowEvent(start.flow_id, 'abort', 3000)).step as Step<'abort'>;
      assert.equal(abort.reason, 'link_expired');
      await waitUntil(
        'item removed at Plaid',
        () => h.plaid.items().find((i) => i.item_id === form.data.item_id)?.state === 'removed',
      );
      assert.equal(h.app.store.get(form.data.item_id), undefined);
      assert.deepEqual(h.card.violations, []);
    } finally {
      await h.close();
    }
  });
});

describe('companion app: a flow cancelled while Plaid is still answering', () => {
  // A flow aborted during the exchange or the accounts fetch must not carry on to
  // the accounts form once Plaid answers, or its new Item stays linked and billed.
  for (const [endpoint, stepId] of [
    ['/item/public_token/exchange', 'exchange_token'],
    ['/accounts/get', 'fetch_accounts'],
  ] as const) {
    it(`stays cancelled and removes the new Item when aborted during ${endpoint}`, async () => {
      const h = await Harness.start();
      try {
        h.plaid.setLatency(endpoint, 600);
        const start = await h.card.ok('flow/start', { mode: 'link' });
        await completeHostedLink(h.card.hostedLinkUrl(start.step));
        await waitUntil(`flow reaches ${stepId}`, () =>
          h.card.flowEvents.find(
            (e) => e.flow_id === start.flow_id && e.step.type === 'progress' && e.step.step_id === stepId,
          ),
        );
        const aborted = await h.card.ok('flow/abort', { flow_id: start.flow_id });
        assert.equal((aborted.step as Step<'abort'>).reason, 'cancelled');

        await waitUntil(
          'the exchanged Item removed at Plaid',
          () => h.plaid.items().some((i) => i.state === 'removed'),
          5000,
        );
        const item = h.plaid.items().find((i) => i.state === 'removed')!;
        // Removed at Plaid first, then from the store.
        await waitUntil('the Item gone from the store', () => h.app.store.get(item.item_id) === undefined);
        // The sim logs a call when it answers: wait for the slow answer, then give the companion a moment with it.
        await waitUntil(`Plaid answered ${endpoint}`, () => h.plaid.callsFor(endpoint).length > 0, 5000);
        await new Promise((resolve) => setTimeout(resolve, 200));
        const steps = h.card.flowEvents.filter((e) => e.flow_id === start.flow_id).map((e) => e.step);
        const ends = steps.filter((s) => s.type === 'abort').map((s) => (s as Step<'abort'>).reason);
        assert.deepEqual(ends, ['cancelled'], 'the cancellation is the only ending');
        assert.equal(steps.at(-1)!.type, 'abort', `nothing after the abort: ${steps.map((s) => s.type).join(', ')}`);
        const got = await h.card.ok('flow/get', { flow_id: start.flow_id });
        assert.equal((got.step as Step<'abort'>).reason, 'cancelled');
        assert.equal((await h.card.ok('items/list')).items.length, 0);
        assert.deepEqual(h.card.violations, []);
      } finally {
        await h.close();
      }
    });
  }
});
