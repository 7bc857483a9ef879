import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CompanionClient, CompanionError } from '../../../src/card/companion-client.js';
import { LinkDialogModel, type FlowView, type LinkTask } from '../../../src/card/dialog/dialog-flow.js';
import { dialogLocalize } from '../../../src/card/dialog/dialog-localize.js';
import { errorText } from '../../../src/card/dialog/ws-error-text.js';
import { FLOW_EVENT, PROTOCOL_VERSION, RELEASE, RESPONSE_EVENT } from '../../../src/protocol/index.js';
import { createLinkKeyPair } from '../../../src/protocol/sealed-link.js';
import {
  CREATE_ENTRY_STEP,
  FLOW_ID,
  FORM_STEP,
  FakeCompanion,
  HOSTED_LINK_URL,
  externalStep,
  happyCompanion,
} from '../fixtures/fake-companion.js';

const tick = (ms = 5) => new Promise((r) => setTimeout(r, ms));

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (check()) return;
    await tick();
  }
  assert.fail(`timed out waiting for ${what}`);
}

function flowWith(companion: FakeCompanion, task: ConstructorParameters<typeof LinkDialogModel>[1], timeoutMs = 200) {
  const views: FlowView[] = [];
  const flow = new LinkDialogModel(companion, task, {
    onChange: (v) => views.push(v),
    redirectUri: 'http://ha.local/lovelace/0',
    timeoutMs,
  });
  return { flow, views };
}

describe('CompanionClient', () => {
  it('matches responses by id and validates the result', async () => {
    const companion = new FakeCompanion();
    const client = new CompanionClient(companion, { onFlowEvent: () => undefined, timeoutMs: 200 });
    await client.open();
    assert.equal(companion.subscriptionCount, 3); // responses, flow steps, acknowledgements
    assert.deepEqual(await client.request('ping', {}), { version: '0.1.0', items: 1 });
    await client.close();
    assert.equal(companion.subscriptionCount, 0);
  });

  it('turns an error response into a typed error', async () => {
    const companion = new FakeCompanion({
      'items/remove': () => ({ error: { code: 'not_found', message: 'no such item' } }),
    });
    const client = new CompanionClient(companion, { onFlowEvent: () => undefined, timeoutMs: 200 });
    await client.open();
    await assert.rejects(
      client.request('items/remove', { item_id: 'x' }),
      (e: CompanionError) => e.code === 'not_found',
    );
    await client.close();
  });

  it('rejects a result that does not fit the protocol', async () => {
    const companion = new FakeCompanion({ ping: () => ({ version: 1 }) as never });
    const client = new CompanionClient(companion, { onFlowEvent: () => undefined, timeoutMs: 200 });
    await client.open();
    await assert.rejects(client.request('ping', {}), (e: CompanionError) => e.code === 'invalid_response');
    await client.close();
  });

  it('says companion_unreachable when nobody answers', async () => {
    const companion = new FakeCompanion({ ping: () => null });
    const client = new CompanionClient(companion, { onFlowEvent: () => undefined, timeoutMs: 50 });
    await client.open();
    await assert.rejects(client.request('ping', {}), (e: CompanionError) => e.code === 'companion_unreachable');
    await client.close();
  });

  it('ignores responses to other requests and drops invalid flow events', async () => {
    const companion = new FakeCompanion();
    const events: unknown[] = [];
    const client = new CompanionClient(companion, { onFlowEvent: (e) => events.push(e), timeoutMs: 200 });
    await client.open();
    companion.emit(RESPONSE_EVENT, { v: PROTOCOL_VERSION, id: 'someone_elses_id', ok: true, result: {} });
    companion.emit(FLOW_EVENT, { v: PROTOCOL_VERSION, flow_id: FLOW_ID, step: { type: 'nonsense' } });
    companion.emit(FLOW_EVENT, { v: PROTOCOL_VERSION, flow_id: FLOW_ID, step: CREATE_ENTRY_STEP });
    assert.equal(events.length, 1);
    await client.close();
  });

  it('maps a refused fire_event to unauthorized', async () => {
    const companion = new FakeCompanion();
    companion.callWS = () => Promise.reject({ code: 'unauthorized', message: 'Unauthorized' });
    const client = new CompanionClient(companion, { onFlowEvent: () => undefined, timeoutMs: 200 });
    await client.open();
    await assert.rejects(client.request('ping', {}), (e: CompanionError) => e.code === 'unauthorized');
    await client.close();
  });
});

describe('LinkDialogModel', () => {
  it('walks the happy path from ping to create_entry', async () => {
    const companion = happyCompanion();
    const { flow } = flowWith(companion, { mode: 'link' });
    await flow.start();
    assert.equal(flow.view.view === 'step' && flow.view.step.type, 'external');
    flow.markExternalOpened();
    assert.equal(flow.view.view === 'step' && flow.view.externalOpened, true);
    companion.emitStep(FLOW_ID, { type: 'progress', step_id: 'wait', progress_action: 'fetch_accounts' });
    companion.emitStep(FLOW_ID, FORM_STEP);
    assert.equal(flow.view.view === 'step' && flow.view.step.type, 'form');
    await flow.configure({ accounts: [{ account_id: 'acc_checking', kinds: ['current'] }] });
    companion.emitStep(FLOW_ID, CREATE_ENTRY_STEP);
    assert.equal(flow.view.view === 'step' && flow.view.step.type, 'create_entry');
    await flow.close();
    assert.deepEqual(companion.actions(), ['ping', 'flow/start', 'flow/configure']);
    assert.equal(companion.subscriptionCount, 0);
    const start = companion.requests[1]!;
    assert.equal(start.action === 'flow/start' && start.redirect_uri, 'http://ha.local/lovelace/0');
  });

  it('opens the Hosted Link URL sealed to its own key, with a new key for every flow', async () => {
    const companion = happyCompanion();
    const { flow } = flowWith(companion, { mode: 'link' });
    await flow.start();
    assert.equal(
      flow.view.view === 'step' && flow.view.step.type === 'external' && flow.view.step.hostedLinkUrl,
      HOSTED_LINK_URL,
    );
    const firstKey = companion.linkKey;
    await flow.retry();
    assert.equal(
      flow.view.view === 'step' && flow.view.step.type === 'external' && flow.view.step.hostedLinkUrl,
      HOSTED_LINK_URL,
    );
    assert.ok(firstKey && companion.linkKey && firstKey !== companion.linkKey, 'each flow/start sends a fresh key');
    await flow.close();
  });

  it('refuses a Hosted Link sealed to another key instead of opening it', async () => {
    const companion = happyCompanion();
    companion.handlers['flow/start'] = () => ({
      flow_id: FLOW_ID,
      step: externalStep(createLinkKeyPair().publicKey, 'https://evil.example/phish'),
    });
    const { flow } = flowWith(companion, { mode: 'link' });
    await flow.start();
    assert.equal(flow.view.view, 'error');
    assert.equal(flow.view.view === 'error' && flow.view.code, 'invalid_response');
    await flow.close();
  });

  it('says to update the companion when it refuses this card’s key as one of the previous seal does', async () => {
    const companion = happyCompanion();
    // A version 1 companion's schema wanted a 2048-bit Diffie-Hellman key and names the field.
    const message = 'link_key: Expected a string matching `/^[0-9a-f]{512}$/` but received "8520f0098930a754"';
    companion.handlers['flow/start'] = () => ({ error: { code: 'invalid_request', message } });
    const { flow } = flowWith(companion, { mode: 'link' });
    await flow.start();
    const view = flow.view;
    assert.equal(view.view === 'error' && view.code, 'companion_outdated');
    assert.match(
      view.view === 'error' ? errorText(view.code, view.message, dialogLocalize('en')) : '',
      /^The card is newer than the companion: update the Plaid Balance companion/,
    );
    await flow.close();
  });

  it('aborts an unfinished flow on close', async () => {
    const companion = happyCompanion();
    const { flow } = flowWith(companion, { mode: 'link' });
    await flow.start();
    await flow.close();
    assert.deepEqual(companion.actions(), ['ping', 'flow/start', 'flow/abort']);
    assert.equal(companion.subscriptionCount, 0);
  });

  it('falls back to flow/get when events stop coming', async () => {
    const companion = happyCompanion();
    companion.handlers['flow/get'] = () => ({ flow_id: FLOW_ID, step: FORM_STEP });
    const views: FlowView[] = [];
    const flow = new LinkDialogModel(
      companion,
      { mode: 'link' },
      { onChange: (v) => views.push(v), redirectUri: 'x', timeoutMs: 200, pollMs: 20 },
    );
    await flow.start();
    await until(() => flow.view.view === 'step' && flow.view.step.type === 'form', 'the form via flow/get');
    assert.ok(companion.actions().includes('flow/get'));
    await flow.close();
  });

  it('shows the unreachable state and recovers on retry', async () => {
    const companion = new FakeCompanion({ ping: () => null });
    const { flow } = flowWith(companion, { mode: 'link' }, 30);
    await flow.start();
    assert.equal(flow.view.view, 'unreachable');
    companion.handlers.ping = () => ({ version: '0.1.0', items: 0 });
    companion.handlers['flow/start'] = () => ({ flow_id: FLOW_ID, step: FORM_STEP });
    await flow.retry();
    assert.equal(flow.view.view, 'step');
    await flow.close();
  });

  it('reconnects an item with its id', async () => {
    const companion = happyCompanion();
    const { flow } = flowWith(companion, { mode: 'reconnect', itemId: 'item_chase', institution: 'Chase' });
    await flow.start();
    const start = companion.requests[1]!;
    assert.equal(start.action === 'flow/start' && start.mode, 'reconnect');
    assert.equal(start.action === 'flow/start' && start.item_id, 'item_chase');
    await flow.close();
  });

  it('removes an item only after confirmation', async () => {
    const companion = new FakeCompanion({
      'items/remove': (r) => ({ item_id: r.item_id, removed_entities: ['sensor.a'] }),
    });
    const { flow } = flowWith(companion, {
      mode: 'remove',
      itemId: 'item_chase',
      institution: 'Chase',
      sensors: { balances: 2, statuses: 2 },
    });
    await flow.start();
    assert.equal(flow.view.view, 'confirm_remove');
    assert.deepEqual(companion.actions(), ['ping']);
    await flow.remove();
    assert.deepEqual(flow.view, { view: 'removed', institution: 'Chase', entities: ['sensor.a'] });
    await flow.close();
  });

  it('reports a refused subscription as an error, not as unreachable', async () => {
    const companion = new FakeCompanion();
    companion.connection.subscribeEvents = () => Promise.reject({ code: 'unauthorized', message: 'Unauthorized' });
    const { flow } = flowWith(companion, { mode: 'link' });
    await flow.start();
    assert.equal(flow.view.view === 'error' && flow.view.code, 'unauthorized');
    await flow.close();
  });

  describe('payment due dates', () => {
    /** A happy companion of `release`, and a memory of the checkbox holding `remembered`. */
    function dueDatesFlow(release: string, task: LinkTask, remembered = false) {
      const companion = happyCompanion();
      companion.handlers.ping = () => ({ version: release, items: 1 });
      const memory = { value: remembered, writes: [] as boolean[] };
      const views: FlowView[] = [];
      const flow = new LinkDialogModel(companion, task, {
        onChange: (v) => views.push(v),
        redirectUri: 'http://ha.local/lovelace/0',
        timeoutMs: 200,
        dueDates: {
          read: () => memory.value,
          write: (on) => {
            memory.value = on;
            memory.writes.push(on);
          },
        },
      });
      const starts = () => companion.requests.filter((r) => r.action === 'flow/start');
      return { companion, flow, memory, starts };
    }

    it('asks a 0.3.0 companion for them as remembered, and remembers the choice when the link starts', async () => {
      const { flow, memory, starts } = dueDatesFlow('0.3.0', { mode: 'link' }, true);
      await flow.start();
      assert.deepEqual(flow.dueDates, { offered: true, checked: true });
      const [start] = starts();
      assert.equal(start?.action === 'flow/start' && start.due_dates, true);
      assert.equal(start?.card_release, RELEASE);
      assert.deepEqual(memory.writes, [true]);
      await flow.close();
    });

    it('starts a new link when the checkbox changes before Plaid opened, and none after', async () => {
      const { companion, flow, memory, starts } = dueDatesFlow('0.3.0', { mode: 'link' });
      await flow.start();
      assert.equal(starts()[0]?.action === 'flow/start' && 'due_dates' in starts()[0]!, false, 'unticked: no key');
      await flow.setDueDates(true);
      assert.ok(companion.actions().includes('flow/abort'), 'the link made without them is cancelled');
      assert.equal(starts().length, 2);
      assert.equal(starts()[1]?.action === 'flow/start' && starts()[1]!.due_dates, true);
      assert.deepEqual(memory.writes, [false, true]);
      flow.markExternalOpened();
      await flow.setDueDates(false);
      assert.equal(starts().length, 2, "a link open in Plaid's tab stays as it is");
      await flow.close();
    });

    it('offers them unticked and never sends them to a companion before 0.3.0', async () => {
      const { flow, memory, starts } = dueDatesFlow('0.2.0', { mode: 'link' }, true);
      await flow.start();
      assert.deepEqual(flow.dueDates, { offered: false, checked: true });
      await flow.setDueDates(false);
      assert.equal(starts().length, 1);
      assert.equal('due_dates' in starts()[0]!, false);
      assert.deepEqual(memory.writes, [], 'the remembered choice stays for a companion that takes it');
      await flow.close();
    });

    it("adds them to a linked bank from the list in Plaid's update mode", async () => {
      const { companion, flow, starts } = dueDatesFlow('0.3.0', { mode: 'manage' });
      companion.handlers['items/list'] = () => ({ items: [] });
      await flow.start();
      await flow.addDueDates({
        item_id: 'item_1',
        institution_id: 'ins_109508',
        institution_name: 'First Platypus Bank',
        status: 'ok',
        error: null,
        last_refreshed: null,
        entities: [],
        due_dates: null,
        due_dates_message: null,
      });
      assert.deepEqual(flow.task, { mode: 'add_due_dates', itemId: 'item_1', institution: 'First Platypus Bank' });
      const [start] = starts();
      assert.ok(start?.action === 'flow/start');
      assert.deepEqual([start.mode, start.item_id, 'due_dates' in start], ['add_due_dates', 'item_1', false]);
      assert.equal(flow.view.view === 'step' && flow.view.step.type, 'external');
      await flow.close();
    });
  });
});
