/**
 * Reliability #2, #4, #5 and #6 on one companion (test/companion/helpers/harness.ts:
 * the Plaid and HA simulators and the app in-process, the card over HAWS):
 *   #2 HA restarts and dropped sockets at random moments, also mid link flow;
 *   #4 1 000+ fuzzed plaid_balance_request events;
 *   #5 authorisation: non-admins (by HA's rules and, on a misconfigured HA, by
 *      the companion's own check) and flow-id guessing by another admin;
 *   #6 a secret scan over everything recorded by the suites above.
 *
 * Over 300 lines: the four share one companion, and #6 scans what the others
 * recorded, so they are one file.
 */
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { after, before, describe, it } from 'node:test';
import type { Connection } from 'home-assistant-js-websocket';
import { runDoctor, formatCheck } from '../../src/companion/cli/doctor.js';
import { MAX_FINISHED_FLOWS, MAX_OPEN_FLOWS_PER_USER } from '../../src/companion/link/flow-registry.js';
import { createLogger } from '../../src/companion/logger.js';
import { toPlaidFailure } from '../../src/companion/plaid/plaid-client.js';
import { itemEntityIds, notificationId } from '../../src/companion/entities/sensor-states.js';
import {
  ABORT_REASONS,
  ACTIONS,
  REQUEST_EVENT,
  newId,
  type Action,
  type FlowStep,
  type Response,
} from '../../src/protocol/index.js';
import { connectHaws } from '../../simulators/ha/haws-node-socket.js';
import { memoryLogger } from '../companion/helpers/fixtures.js';
import { Harness, waitUntil } from '../companion/helpers/harness.js';
import { completeHostedLink } from '../../simulators/plaid/hosted-link-user.js';
import { pick, seededRandom } from '../../simulators/demo/seeded-random.js';
import { sdkFor } from './support/plaid-items.js';

type Step<T extends FlowStep['type']> = Extract<FlowStep, { type: T }>;
/** A successful response's result. */
function resultOf<T = { flow_id: string; step: FlowStep }>(res: Response | null): T {
  assert.ok(res?.ok, `expected success, got ${JSON.stringify(res)}`);
  return (res as unknown as { result: T }).result;
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const ID = /^[A-Za-z0-9_-]{8,64}$/;

describe('reliability: HA faults, fuzzed requests, authorisation and secrets', () => {
  let h: Harness;
  const random = seededRandom(99);
  /** Secrets seen over the run (public tokens live only briefly at the simulator). */
  const publicTokens = new Set<string>();
  /** Hits found in HA record chunks scanned before they were cleared (#4 keeps memory flat). */
  const recordHits: string[] = [];
  let recordScannedChars = 0;

  // Link tokens and Hosted Link URLs too: HA's recorder would keep a live Link session (src/protocol/sealed-link.ts).
  const secrets = () => [
    h.plaid.secret,
    ...h.plaid.items().map((i) => i.access_token),
    ...publicTokens,
    ...h.plaid.linkTokens(),
    ...h.plaid.hostedLinkUrls(),
  ];

  function collectPublicTokens(): void {
    for (const t of h.plaid.publicTokens()) publicTokens.add(t);
  }

  /** Scans what the HA simulator recorded so far, then forgets it (the sim keeps everything in memory). */
  function scanAndClearRecord(): void {
    collectPublicTokens();
    const text = h.ha.recordText();
    recordScannedChars += text.length;
    for (const s of secrets()) if (text.includes(s)) recordHits.push(`HA record holds ${s.slice(0, 12)}…`);
    if (/(access|public)-sandbox-/.test(text)) recordHits.push('HA record holds a token shape');
    (h.ha.record as unknown[]).length = 0;
    (h.ha.events as unknown[]).length = 0;
  }

  /** Sends a request; the response, or null when it was lost (HA down) or not answered within `timeoutMs`. */
  async function tryRequest(
    action: string,
    args: Record<string, unknown> = {},
    conn: Connection = h.card.conn,
    timeoutMs = 2500,
  ): Promise<Response | null> {
    return h.card.request(action as Action, args, { via: conn, timeoutMs }).catch(() => null);
  }

  /** As the card does after a reconnect: asks again until it gets an answer. */
  async function robust(action: string, args: Record<string, unknown> = {}, timeoutMs = 20_000): Promise<Response> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const res = await tryRequest(action, args);
      if (res) return res;
      if (Date.now() > deadline) throw new Error(`no answer to ${action} within ${timeoutMs} ms`);
      await sleep(100);
    }
  }

  /** Reads the flow until it reaches one of `types`. */
  async function settle(flowId: string, types: FlowStep['type'][], timeoutMs = 20_000): Promise<FlowStep> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const res = await robust('flow/get', { flow_id: flowId });
      if (!res.ok) throw new Error(`flow/get ${flowId}: ${res.error.code} ${res.error.message}`);
      const step = (res.result as { step: FlowStep }).step;
      if (types.includes(step.type)) return step;
      if (Date.now() > deadline) throw new Error(`flow ${flowId} stuck at ${step.type}`);
      await sleep(50);
    }
  }

  /** After a fault: the card and the companion are connected again, and every sensor and notification is back. */
  async function recovered(what: string): Promise<number> {
    const started = Date.now();
    await waitUntil(`${what}: card reconnected`, () => h.card.conn.connected, 15_000);
    await waitUntil(
      `${what}: companion subscribed again`,
      () => h.ha.subscriptions().some((s) => s.eventType === REQUEST_EVENT),
      15_000,
    );
    await waitUntil(
      `${what}: sensors back`,
      () => {
        const states = h.ha.states;
        for (const item of h.app.store.items().filter((i) => i.configured)) {
          for (const id of itemEntityIds(item)) if (!states.has(id)) return false;
          for (const a of item.accounts) {
            for (const k of a.kinds) {
              const s = [...states.values()].find(
                (x) =>
                  x.attributes.plaid_account_id === a.account_id &&
                  x.attributes.balance_kind === k &&
                  x.attributes.plaid_item_id === item.item_id,
              );
              if (!s || s.state !== String(a[k]) || s.attributes.item_status !== item.status) return false;
            }
          }
          if (item.status === 'login_required' && !h.ha.notifications.has(notificationId(item))) return false;
        }
        return true;
      },
      15_000,
    );
    const ping = await robust('ping');
    assert.ok(ping.ok, `${what}: ping`);
    return Date.now() - started;
  }

  async function fault(kind: 'restart' | 'drop'): Promise<void> {
    if (kind === 'restart') await h.ha.restart({ downMs: 50 + Math.floor(random() * 700) });
    else h.ha.dropSockets();
  }

  type Phase = 'after_start' | 'during_hosted_link' | 'after_hosted_link' | 'during_configure' | null;

  /** A whole link flow as the card drives it, with a fault injected at `phase`. */
  async function linkWithFault(institutionId: string, phase: Phase, kind: 'restart' | 'drop'): Promise<FlowStep> {
    const start = await robust('flow/start', { mode: 'link' });
    assert.ok(start.ok, 'flow/start');
    const { flow_id: flowId, step } = start.result as { flow_id: string; step: FlowStep };
    assert.equal(step.type, 'external');
    let pending: Promise<void> | undefined;
    if (phase === 'after_start') await fault(kind);
    if (phase === 'during_hosted_link') pending = sleep(Math.floor(random() * 60)).then(() => fault(kind));
    await completeHostedLink(h.card.hostedLinkUrl(step), { institutionId });
    collectPublicTokens();
    if (phase === 'after_hosted_link') await fault(kind);
    await pending;
    let current = await settle(flowId, ['form', 'abort', 'create_entry']);
    if (current.type === 'form') {
      const form = current as Step<'form'>;
      const userInput = {
        accounts: form.data.accounts.slice(0, 2).map((a) => ({ account_id: a.account_id, kinds: a.suggested_kinds })),
        duplicate: form.data.duplicate_of ? (random() < 0.5 ? 'replace' : 'keep_existing') : undefined,
      };
      if (phase === 'during_configure') {
        // The answer may be lost with the connection: the card reads the flow again.
        const sent = h.card.conn
          .sendMessagePromise({
            type: 'fire_event',
            event_type: REQUEST_EVENT,
            event_data: { v: 1, id: newId(), action: 'flow/configure', flow_id: flowId, user_input: userInput },
          })
          .catch(() => undefined);
        await sleep(Math.floor(random() * 20));
        await fault(kind);
        await sent;
        current = await settle(flowId, ['form', 'abort', 'create_entry']);
      }
      if (current.type === 'form') {
        const res = await robust('flow/configure', { flow_id: flowId, user_input: userInput });
        if (!res.ok) assert.equal(res.error.code, 'invalid_request', res.error.message);
      }
      current = await settle(flowId, ['abort', 'create_entry']);
    }
    return current;
  }

  before(async () => {
    h = await Harness.start({ pollIntervalMs: 1500 });
  });
  after(async () => {
    await h?.close();
  });

  it('#2 survives 10 HA restarts and 10 dropped sockets, also in the middle of link flows', async () => {
    const started = Date.now();
    // Two banks, one of which will need a new login (and so a notification that HA forgets on restart).
    const first = await linkWithFault('ins_109508', null, 'drop');
    const second = await linkWithFault('ins_109509', null, 'drop');
    assert.equal(first.type, 'create_entry');
    assert.equal(second.type, 'create_entry');
    const locked = (second as Step<'create_entry'>).result.item_id;
    h.plaid.resetLogin(locked);
    await robust('items/refresh', { item_id: locked });
    await waitUntil('login notification', () => h.ha.notifications.has(notificationId({ item_id: locked })));

    const faults = [...Array(10).fill('restart'), ...Array(10).fill('drop')] as ('restart' | 'drop')[];
    for (let i = faults.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [faults[i], faults[j]] = [faults[j]!, faults[i]!];
    }
    const phases: Phase[] = ['after_start', 'during_hosted_link', 'after_hosted_link', 'during_configure', null, null];
    // Not ins_109509: a "replace" there would remove the locked item, and with it the notification check.
    const institutions = ['ins_109508', 'ins_109510', 'ins_109511'];
    const outcomes: Record<string, number> = {};
    let maxRecoveryMs = 0;
    let survived = 0;
    for (const [n, kind] of faults.entries()) {
      const phase = pick(
        random,
        phases.map((p) => [p, 1] as const),
      );
      if (phase) {
        const end = await linkWithFault(institutions[n % institutions.length]!, phase, kind);
        const label = end.type === 'abort' ? `abort:${(end as Step<'abort'>).reason}` : end.type;
        outcomes[label] = (outcomes[label] ?? 0) + 1;
        if (end.type === 'abort') {
          assert.ok((ABORT_REASONS as readonly string[]).includes(end.reason));
          assert.ok(end.message.length > 10, 'an abort says why in words');
        } else assert.equal(end.type, 'create_entry');
      } else {
        // A fault at a random moment while polls run.
        await sleep(Math.floor(random() * 400));
        await fault(kind);
      }
      maxRecoveryMs = Math.max(maxRecoveryMs, await recovered(`fault ${n + 1} (${kind}${phase ? `, ${phase}` : ''})`));
      // The locked item is still locked, and HA shows its notification again (HA forgot it if it restarted).
      assert.equal(h.app.store.get(locked)?.status, 'login_required');
      assert.ok(h.ha.notifications.has(notificationId({ item_id: locked })), `fault ${n + 1}: login notification back`);
      survived++;
    }

    // No duplicate Items at Plaid and no orphan tokens: the store's items are exactly Plaid's live ones, all
    // configured.
    await sleep(200);
    const live = h.plaid
      .items()
      .filter((i) => i.state !== 'removed')
      .map((i) => i.item_id)
      .sort();
    const stored = h.app.store.items();
    assert.deepEqual(stored.map((i) => i.item_id).sort(), live, 'store and Plaid hold the same Items');
    assert.ok(
      stored.every((i) => i.configured),
      'no orphan (unconfigured) token in the store',
    );
    const keys = stored.map((i) => `${i.institution_id}|${[...i.account_masks].sort().join(',')}`);
    assert.equal(new Set(keys).size, keys.length, 'no duplicate Item');
    assert.deepEqual(h.card.violations, []);
    scanAndClearRecord();
    console.log(
      `HA faults survived: ${survived}/${faults.length} (10 restarts, 10 dropped sockets; ` +
        `flows: ${JSON.stringify(outcomes)}; ` +
        `slowest recovery ${maxRecoveryMs} ms; ${stored.length} items, ${Date.now() - started} ms)`,
    );
  });

  it('#4 answers or ignores 1 000+ fuzzed requests, keeps serving, and stays bounded in memory', async () => {
    const started = Date.now();
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const heap = () => {
      gc();
      gc();
      return process.memoryUsage().heapUsed;
    };
    // A finished flow to replay, and another admin's open flow to poke at.
    const finished = await robust('flow/start', { mode: 'link' });
    const finishedId = (finished as { result: { flow_id: string } }).result.flow_id;
    await robust('flow/abort', { flow_id: finishedId });
    const other = h.ha.addUser({ name: 'Fuzz admin', admin: true });
    const otherConn = await connectHaws(h.ha.url, other.token!);
    const foreign = await tryRequest('flow/start', { mode: 'link' }, otherConn);
    const foreignId = (foreign as { result: { flow_id: string } }).result.flow_id;
    const itemId = h.app.store.items()[0]!.item_id;

    const huge = (n: number) => 'x'.repeat(n);
    const any = (values: unknown[]): unknown => values[Math.floor(random() * values.length)];
    const validId = () => newId();
    const base = () => ({ v: 1, id: validId() });
    const linkKey = h.card.linkKey.pair.publicKey;
    const generators: (() => unknown)[] = [
      // wrong types
      () => ({ ...base(), v: any(['1', 1.5, null, [], {}, true]), action: 'ping' }),
      () => ({
        v: 1,
        id: any([12345678, null, [], {}, '', 'short', 'x'.repeat(65), 'bad id!!', '../../etc']),
        action: 'ping',
      }),
      () => ({ ...base(), action: any([1, null, ['ping'], { a: 1 }, true]) }),
      () => ({
        ...base(),
        action: 'flow/start',
        link_key: linkKey,
        mode: any([1, null, 'teleport', ['link'], 'LINK']),
      }),
      () => ({
        ...base(),
        action: 'flow/start',
        link_key: linkKey,
        mode: 'reconnect',
        item_id: any([42, '', 'nope', null]),
      }),
      // keys the Hosted Link URL must never be sealed to: not hex, wrong width, X25519 points of low order
      // (0, 1, an order-8 point, p−1), and the 2048-bit Diffie-Hellman keys of the seal's version 1
      () => ({
        ...base(),
        action: 'flow/start',
        mode: 'link',
        link_key: any([
          42,
          null,
          '',
          'zz',
          'ab'.repeat(300),
          '0'.repeat(512),
          '1'.padStart(512, '0'),
          `${'f'.repeat(511)}e`,
          'f'.repeat(512),
          '0'.repeat(64),
          `01${'0'.repeat(62)}`,
          'e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800',
          `ec${'f'.repeat(60)}7f`,
        ]),
      }),
      () => ({
        ...base(),
        action: 'flow/configure',
        flow_id: foreignId,
        user_input: any([
          null,
          'x',
          { accounts: 'all' },
          { accounts: [{ account_id: 1, kinds: ['current'] }] },
          { accounts: [{ account_id: 'a', kinds: ['both'] }] },
          { accounts: [], duplicate: 'merge' },
        ]),
      }),
      () => ({ ...base(), action: 'items/refresh', item_id: any([1, {}, '']) }),
      // missing fields
      () => {
        const full: Record<string, unknown> = {
          ...base(),
          action: 'flow/configure',
          flow_id: foreignId,
          user_input: { accounts: [] },
        };
        const missing = any(['v', 'action', 'flow_id', 'user_input']) as string;
        return Object.fromEntries(Object.entries(full).filter(([key]) => key !== missing));
      },
      () => ({ v: 1, action: 'ping' }),
      () => ({ ...base(), action: 'items/remove' }),
      () => ({ ...base(), action: 'flow/get' }),
      // huge strings
      () => ({
        ...base(),
        action: 'flow/start',
        link_key: linkKey,
        mode: 'link',
        redirect_uri: 'https://x/' + huge(100_000),
      }),
      () => ({ ...base(), action: huge(50_000) }),
      () => ({ ...base(), action: 'flow/get', flow_id: huge(80_000) }),
      () => ({ ...base(), action: 'items/remove', item_id: huge(60_000) }),
      () => ({
        ...base(),
        action: 'flow/configure',
        flow_id: foreignId,
        user_input: { accounts: [{ account_id: 'a', kinds: ['current'], name: huge(40_000) }] },
      }),
      () => ({ v: huge(20_000), id: validId(), action: 'ping' }),
      () => ({
        ...base(),
        action: 'flow/configure',
        flow_id: foreignId,
        user_input: { accounts: Array.from({ length: 500 }, () => ({ account_id: 'a', kinds: ['current'] })) },
      }),
      // unknown actions
      () => ({
        ...base(),
        action: any([
          'flow/delete',
          'PING',
          '',
          'items/../remove',
          '__proto__',
          'constructor',
          'toString',
          'hasOwnProperty',
          'valueOf',
        ]),
      }),
      // wrong protocol version
      () => ({ ...base(), v: any([0, 2, -1, 99, 1e300]), action: 'items/list' }),
      // replayed and foreign flow ids
      () => ({ ...base(), action: 'flow/configure', flow_id: finishedId, user_input: { accounts: [] } }),
      () => ({ ...base(), action: any(['flow/get', 'flow/abort']), flow_id: foreignId }),
      () => ({
        ...base(),
        action: any(['flow/get', 'flow/abort', 'flow/configure']),
        flow_id: newId(),
        user_input: { accounts: [] },
      }),
      () => ({ ...base(), action: 'flow/start', link_key: linkKey, mode: 'reconnect', item_id: newId() }),
      () => ({ ...base(), action: 'items/remove', item_id: `${itemId}x` }),
      () => ({
        ...base(),
        action: 'flow/start',
        link_key: linkKey,
        mode: 'link',
        redirect_uri: any(['javascript:alert(1)', 'data:text/html,hi', 'file:///etc/passwd', 'not a url']),
      }),
      // prototype-pollution keys (as JSON text, so they arrive as own keys)
      () => JSON.parse(`{"v":1,"id":"${validId()}","action":"ping","__proto__":{"polluted":"yes"}}`),
      () =>
        JSON.parse(`{"v":1,"id":"${validId()}","action":"items/list","constructor":{"prototype":{"polluted":"yes"}}}`),
      () =>
        JSON.parse(
          `{"v":1,"id":"${validId()}","action":"flow/configure","flow_id":"${foreignId}",` +
            `"user_input":{"accounts":[],"__proto__":{"polluted":"yes"}}}`,
        ),
      () =>
        JSON.parse(
          `{"v":1,"id":"${validId()}","action":"flow/configure","flow_id":"${foreignId}",` +
            `"user_input":{"accounts":[{"account_id":"a","kinds":["current"],"__proto__":{"isAdmin":true}}]}}`,
        ),
      () => JSON.parse(`{"__proto__":{"v":1,"action":"ping"},"id":"${validId()}"}`),
      // not an object at all (HA itself refuses these: event_data must be a dict)
      () => any([[1, 2], 'ping', 42, null]),
      // deep nesting
      () => ({
        ...base(),
        action: 'flow/configure',
        flow_id: foreignId,
        user_input: JSON.parse('['.repeat(500) + ']'.repeat(500)),
      }),
    ];

    const TOTAL = 1050;
    const outcome = { error: 0, ignored: 0, refusedByHa: 0 };
    const problems: string[] = [];
    const baselineItems = JSON.stringify(h.app.store.items().map((i) => [i.item_id, i.status, i.configured]));
    const baselinePlaidCalls = (e: string) => h.plaid.callsFor(e).length;
    const removesBefore = baselinePlaidCalls('/item/remove');
    let heapAfterWarmup = 0;
    let sent = 0;
    while (sent < TOTAL) {
      const batch = Array.from({ length: Math.min(25, TOTAL - sent) }, () =>
        generators[Math.floor(random() * generators.length)]!(),
      );
      sent += batch.length;
      await Promise.all(
        batch.map(async (data) => {
          const id =
            typeof data === 'object' && data !== null && !Array.isArray(data)
              ? (data as { id?: unknown }).id
              : undefined;
          const usable = typeof id === 'string' && ID.test(id);
          try {
            await h.card.conn.sendMessagePromise({ type: 'fire_event', event_type: REQUEST_EVENT, event_data: data });
          } catch {
            outcome.refusedByHa++;
            return;
          }
          if (!usable) {
            outcome.ignored++;
            return;
          }
          const res = await waitUntil(
            `response to fuzz ${String(id)}`,
            () => h.card.responses.find((r) => r.id === id),
            5000,
          );
          if (res.ok) problems.push(`accepted: ${JSON.stringify(data).slice(0, 200)}`);
          else {
            outcome.error++;
            if (res.error.message.length > 300) problems.push(`a ${res.error.message.length}-character error message`);
          }
        }),
      );
      if (sent % 200 < 25) {
        // Keeps serving real requests throughout.
        const ping = await tryRequest('ping');
        if (!ping?.ok) problems.push(`ping failed after ${sent} fuzz events`);
        scanAndClearRecord();
        h.card.responses.splice(0, h.card.responses.length - 50);
        if (!heapAfterWarmup && sent >= 200) heapAfterWarmup = heap();
      }
    }
    // Responses arriving after we stopped waiting are ignored; let them land.
    await sleep(200);
    scanAndClearRecord();
    h.card.responses.splice(0);
    const heapEnd = heap();
    otherConn.close();

    assert.deepEqual(problems.slice(0, 10), [], `${problems.length} problems`);
    assert.equal(outcome.error + outcome.ignored + outcome.refusedByHa, TOTAL);
    // Nothing happened: no item changed, nothing removed at Plaid, nothing polluted.
    assert.equal(JSON.stringify(h.app.store.items().map((i) => [i.item_id, i.status, i.configured])), baselineItems);
    assert.equal(baselinePlaidCalls('/item/remove'), removesBefore);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal(({} as Record<string, unknown>).isAdmin, undefined);
    assert.deepEqual(Object.keys(Object.prototype), []);
    // Bounded: open flows per user and finished flows are capped; the heap does not climb with the event count.
    assert.ok(h.app.flows.size <= MAX_FINISHED_FLOWS + 3 * MAX_OPEN_FLOWS_PER_USER, `${h.app.flows.size} flows held`);
    const growthMb = (heapEnd - heapAfterWarmup) / 1e6;
    assert.ok(growthMb < 15, `heap grew ${growthMb.toFixed(1)} MB over ${TOTAL - 200} fuzz events`);
    assert.ok((await tryRequest('ping'))?.ok, 'still serving');
    console.log(
      `fuzzed requests handled: ${TOTAL}/${TOTAL} (${outcome.error} error responses, ` +
        `${outcome.ignored} ignored without a usable id, ${outcome.refusedByHa} refused by HA; ` +
        `heap ${growthMb >= 0 ? '+' : ''}${growthMb.toFixed(1)} MB after warm-up; ` +
        `${h.app.flows.size} flows held; ${Date.now() - started} ms)`,
    );
  });

  it('#4 caps the open flows of a user who keeps starting new ones', async () => {
    const ids: string[] = [];
    for (let n = 0; n < 8; n++) ids.push(resultOf(await robust('flow/start', { mode: 'link' })).flow_id);
    const steps = await Promise.all(ids.map(async (id) => resultOf(await robust('flow/get', { flow_id: id })).step));
    const open = steps.filter((s) => s.type === 'external').length;
    assert.equal(open, MAX_OPEN_FLOWS_PER_USER);
    assert.ok(
      steps.slice(0, 8 - MAX_OPEN_FLOWS_PER_USER).every((s) => s.type === 'abort' && /newer link/.test(s.message)),
    );
    for (const id of ids) await robust('flow/abort', { flow_id: id });
    console.log(`open flows after 8 starts: ${open}/${MAX_OPEN_FLOWS_PER_USER} allowed`);
  });

  it("#5 refuses non-admins everywhere, and lets no admin take over another admin's flow", async () => {
    const started = Date.now();
    const item = h.app.store.items().find((i) => i.configured)!;
    const victim = await robust('flow/start', { mode: 'link' });
    const victimFlow = resultOf(victim).flow_id;
    const requests: Record<(typeof ACTIONS)[number], Record<string, unknown>> = {
      ping: {},
      'flow/start': { mode: 'link' },
      'flow/get': { flow_id: victimFlow },
      'flow/configure': { flow_id: victimFlow, user_input: { accounts: [] } },
      'flow/abort': { flow_id: victimFlow },
      'items/list': {},
      'items/refresh': { item_id: item.item_id },
      'items/remove': { item_id: item.item_id },
    };
    // A balance poll (and the transactions sync that follows it) may run meanwhile; the refresh is checked below.
    const background = new Set(['/accounts/get', '/transactions/sync', '/link/token/get']);
    const plaidCalls = () => h.plaid.calls.filter((c) => !background.has(c.endpoint)).length;
    const before = plaidCalls();
    const refreshBefore = h.plaid.callsFor('/accounts/get', item.item_id).length;
    let refused = 0;
    let total = 0;

    // 1. HA's own rule: a non-admin cannot fire the event at all.
    const user = await connectHaws(h.ha.url, h.ha.userToken);
    for (const [action, args] of Object.entries(requests)) {
      total++;
      await assert.rejects(
        user.sendMessagePromise({
          type: 'fire_event',
          event_type: REQUEST_EVENT,
          event_data: { v: 1, id: newId(), action, ...args },
        }),
        (err: { code?: string }) => err.code === 'unauthorized',
      );
      refused++;
    }
    // …nor read the answers or the flow events.
    for (const type of ['plaid_balance_response', 'plaid_balance_flow']) {
      total++;
      await assert.rejects(user.sendMessagePromise({ type: 'subscribe_events', event_type: type }));
      refused++;
    }

    // 2. A misconfigured HA delivers them anyway: the companion's own admin check refuses each.
    h.ha.setFireEventRequiresAdmin(false);
    const inactiveAdmin = h.ha.addUser({ name: 'Former admin', admin: true, active: false });
    const systemUser = h.ha.users.find((u) => u.token === null)!;
    try {
      for (const [action, args] of Object.entries(requests)) {
        // Over the websocket as the non-admin user, and fired inside HA as an inactive admin, a system user and no user
        // (automations).
        const senders: [string, (id: string) => Promise<unknown>][] = [
          [
            'user',
            (id) =>
              user.sendMessagePromise({
                type: 'fire_event',
                event_type: REQUEST_EVENT,
                event_data: { v: 1, id, action, ...args },
              }),
          ],
          [
            'inactive admin',
            async (id) => h.ha.fireEvent(REQUEST_EVENT, { v: 1, id, action, ...args } as never, inactiveAdmin.id),
          ],
          [
            'system user',
            async (id) => h.ha.fireEvent(REQUEST_EVENT, { v: 1, id, action, ...args } as never, systemUser.id),
          ],
          ['no user', async (id) => h.ha.fireEvent(REQUEST_EVENT, { v: 1, id, action, ...args } as never, null)],
        ];
        for (const [who, send] of senders) {
          total++;
          const id = newId();
          await send(id);
          const res = await waitUntil(`refusal of ${action} from ${who}`, () =>
            h.card.responses.find((r) => r.id === id),
          );
          assert.equal(!res.ok && res.error.code, 'unauthorized', `${action} from ${who}`);
          refused++;
        }
      }
    } finally {
      h.ha.setFireEventRequiresAdmin(true);
      user.close();
    }
    await sleep(100);
    assert.equal(plaidCalls(), before, 'no Plaid call on behalf of a non-admin');
    assert.equal(h.plaid.callsFor('/accounts/get', item.item_id).length, refreshBefore, 'no refresh');
    assert.ok(h.app.store.get(item.item_id), 'nothing removed');

    // 3. Another admin guessing flow ids (and knowing the real one) cannot read, drive or abort it.
    const other = h.ha.addUser({ name: 'Nosy admin', admin: true });
    const nosy = await connectHaws(h.ha.url, other.token!);
    const guesses = [victimFlow, ...Array.from({ length: 100 }, () => newId())];
    let hijacksRefused = 0;
    await Promise.all(
      guesses.flatMap((flowId) =>
        (['flow/get', 'flow/configure', 'flow/abort'] as const).map(async (action) => {
          const res = await tryRequest(
            action,
            { flow_id: flowId, ...(action === 'flow/configure' ? { user_input: { accounts: [] } } : {}) },
            nosy,
            5000,
          );
          if (res && !res.ok && res.error.code === 'not_found') hijacksRefused++;
        }),
      ),
    );
    nosy.close();
    const still = await robust('flow/get', { flow_id: victimFlow });
    assert.equal(resultOf(still).step.type, 'external', 'the victim flow is untouched');
    assert.equal(hijacksRefused, guesses.length * 3);
    await robust('flow/abort', { flow_id: victimFlow });
    console.log(
      `non-admin requests refused: ${refused}/${total}; hijack attempts refused: ` +
        `${hijacksRefused}/${guesses.length * 3} (${Date.now() - started} ms)`,
    );
  });

  it('#6 leaks no Plaid secret, access token or public token anywhere', async () => {
    scanAndClearRecord();
    const all = secrets();
    assert.ok(
      all.length >= 5 && publicTokens.size >= 1 && h.plaid.hostedLinkUrls().length >= 1,
      'the scan has tokens and Hosted Link URLs to look for',
    );
    const hits: string[] = [...recordHits];
    const scan = (where: string, text: string) => {
      for (const s of all) if (text.includes(s)) hits.push(`${where} holds ${s.slice(0, 14)}…`);
      if (/(access|public)-(sandbox|production)-/.test(text)) hits.push(`${where} holds a token shape`);
    };
    // The companion's log at info and above (the harness logs at info).
    scan('companion log', h.log.lines.join('\n'));
    // Every error message the card was sent (all responses were kept by the harness until #4 trimmed them; #4 checked
    // its own).
    scan('responses', JSON.stringify(h.card.responses));
    // HA's current states and notifications.
    scan('HA states', JSON.stringify([...h.ha.states.values()]));
    scan('HA notifications', JSON.stringify([...h.ha.notifications.values()]));

    // doctor, with the right secret and with a wrong one.
    const env = {
      HA_URL: h.ha.url,
      HA_TOKEN: h.ha.adminToken,
      PLAID_CLIENT_ID: h.plaid.clientId,
      PLAID_SECRET: h.plaid.secret,
      PLAID_BASE_URL: h.plaid.url,
      DATA_DIR: h.dataDir,
    };
    for (const secret of [h.plaid.secret, 'wrong-secret-0123456789abcdef']) {
      const log = memoryLogger('debug');
      const checks = await runDoctor({
        sources: { flags: {}, env: { ...env, PLAID_SECRET: secret } },
        log,
        timeoutMs: 3000,
      });
      const text = checks.map(formatCheck).join('\n') + log.lines.join('\n');
      assert.ok(checks.length >= 5);
      scan('doctor', text);
      if (text.includes(secret)) hits.push('doctor printed the secret it was given');
    }

    // The SDK's own errors carry the secret in their request headers…
    const sdk = sdkFor(h.plaid);
    const sdkError = await sdk
      .accountsGet({ access_token: 'access-sandbox-00000000-0000-0000-0000-000000000000' })
      .then(
        () => assert.fail('expected an error'),
        (err: unknown) => err as Error & { config?: { headers?: Record<string, unknown> } },
      );
    assert.ok(
      JSON.stringify(sdkError.config?.headers).includes(h.plaid.secret),
      'premise: the axios error holds the secret',
    );
    assert.ok(JSON.stringify(sdkError).includes(h.plaid.secret), 'premise: serialising it whole would leak it');
    // …and are never logged whole, at any level, however they are nested, even with no secret registered.
    const lines: string[] = [];
    const log = createLogger({ level: 'debug', write: (l) => lines.push(l) });
    for (const level of ['debug', 'info', 'warn', 'error'] as const) {
      log[level]('plaid call failed', { error: sdkError });
      log[level]('plaid call failed', {
        error: { cause: sdkError },
        errors: [sdkError],
        failure: toPlaidFailure(sdkError),
      });
    }
    const circular: Record<string, unknown> = { error: sdkError };
    circular.self = circular;
    log.error('circular', { value: circular });
    assert.equal(lines.length, 9);
    scan('logged SDK errors', lines.join('\n'));
    scan('toPlaidFailure', JSON.stringify({ ...toPlaidFailure(sdkError) }) + toPlaidFailure(sdkError).message);

    assert.deepEqual(hits, []);
    console.log(
      `secret hits: 0 (scanned ${(recordScannedChars / 1e6).toFixed(1)} MB of HA record, ${h.log.lines.length} ` +
        `log lines, doctor twice, 9 logged SDK errors, for ${all.length} secrets and tokens)`,
    );
  });
});
