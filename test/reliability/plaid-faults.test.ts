/**
 * Reliability #1: a seeded random schedule of Plaid faults against the real
 * poller, the real plaid SDK and the Plaid simulator, on a FakeClock so weeks
 * of polling run in seconds. Checks, after every poll: no crash, the last good
 * balance is never replaced, item_status/item_error match the latest outcome;
 * and over the whole run: Plaid's per-Item rate limits, backoff after each
 * failure, and no call while an item waits for a new login.
 *
 * Over 300 lines: the schedule, the model it is checked against and the
 * checks are one property test; each check reads the same run.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { AccountsGetResponse } from 'plaid';
import { backoffDelay } from '../../src/companion/poll/backoff.js';
import { BalancePoller, RATE_LIMITS } from '../../src/companion/poll/balance-poller.js';
import type { BalanceEndpoint } from '../../src/companion/config/config.js';
import { PlaidFailure } from '../../src/companion/errors.js';
import { PlaidClient } from '../../src/companion/plaid/plaid-client.js';
import { RestEntities } from '../../src/companion/entities/rest-entities.js';
import { StateWriter } from '../../src/companion/entities/state-writer.js';
import { TokenStore, type StoredItem } from '../../src/companion/store/token-store.js';
import { startPlaidSim, type PlaidSim } from '../../simulators/plaid/plaid-server.js';
import { memoryLogger } from '../companion/helpers/fixtures.js';
import { FakeClock } from '../companion/helpers/fake-clock.js';
import { pick, seededRandom } from '../../simulators/demo/seeded-random.js';
import { linkSandboxItems } from './support/plaid-items.js';
import { RecordingHa } from './support/recording-ha.js';

type Fault =
  | 'ok'
  | 'http_500'
  | 'http_503'
  | 'timeout'
  | 'drop'
  | 'rate_limit'
  | 'institution_down'
  | 'institution_not_responding'
  | 'login_required';

const WEIGHTS: readonly (readonly [Fault, number])[] = [
  ['ok', 40],
  ['http_500', 8],
  ['http_503', 4],
  ['timeout', 5],
  ['drop', 8],
  ['rate_limit', 10],
  ['institution_down', 9],
  ['institution_not_responding', 9],
  ['login_required', 7],
];

const INTERVAL_MS = 5 * 60_000;
const PLAID_TIMEOUT_MS = 150;
const WINDOW_MS = 60_000;

interface Call {
  itemId: string;
  t: number;
  source: 'schedule' | 'refresh';
  fault: Fault;
  outcome?: string;
  balances?: Record<string, AccountsGetResponse['accounts'][number]['balances']>;
}

function expectedCode(fault: Fault, endpoint: BalanceEndpoint): string {
  switch (fault) {
    case 'ok':
      return 'ok';
    case 'http_500':
      return 'INTERNAL_SERVER_ERROR';
    case 'http_503':
      return 'PLANNED_MAINTENANCE';
    case 'timeout':
      return 'TIMEOUT';
    case 'drop':
      return 'CONNECTION_DROPPED';
    case 'rate_limit':
      return endpoint === 'accounts_get' ? 'ACCOUNTS_LIMIT' : 'ACCOUNTS_BALANCE_GET_LIMIT';
    case 'institution_down':
      return 'INSTITUTION_DOWN';
    case 'institution_not_responding':
      return 'INSTITUTION_NOT_RESPONDING';
    case 'login_required':
      return 'ITEM_LOGIN_REQUIRED';
  }
}

interface RunResult {
  polls: number;
  violations: string[];
  byFault: Record<string, number>;
  refreshRefused: number;
  crashes: unknown[];
}

async function runSchedule(
  sim: PlaidSim,
  endpoint: BalanceEndpoint,
  itemCount: number,
  polls: number,
  seed: number,
): Promise<RunResult> {
  const clock = new FakeClock();
  sim.reset();
  simClock.now = () => clock.now();
  const dir = await mkdtemp(join(tmpdir(), 'pbc-faults-'));
  const log = memoryLogger('info');
  const store = await TokenStore.open(dir);
  const items = await linkSandboxItems(sim, itemCount, 2, new Date(clock.now()).toISOString());
  for (const item of items) await store.put(item);
  const simEndpointName = endpoint === 'accounts_get' ? '/accounts/get' : '/accounts/balance/get';
  const linkCalls = new Map(items.map((i) => [i.item_id, sim.callsFor(simEndpointName, i.item_id).length]));
  const ha = new RecordingHa();
  const writer = new StateWriter(ha, new RestEntities(ha, log), log);
  const client = new PlaidClient({
    clientId: sim.clientId,
    secret: sim.secret,
    env: 'sandbox',
    baseUrl: sim.url,
    countryCodes: ['US' as never],
    products: ['transactions' as never],
    timeoutMs: PLAID_TIMEOUT_MS,
    log,
  });
  const simEndpoint = endpoint === 'accounts_get' ? '/accounts/get' : '/accounts/balance/get';
  const tokenToItem = new Map(items.map((i) => [i.access_token, i.item_id]));
  const random = seededRandom(seed);
  const calls: Call[] = [];
  const violations: string[] = [];
  const crashes: unknown[] = [];
  const onCrash = (err: unknown) => crashes.push(err);
  process.on('unhandledRejection', onCrash);
  process.on('uncaughtException', onCrash);

  // What each item must show: from the latest outcome the companion saw.
  const expected = new Map<string, { status: string; code: string | null }>(
    items.map((i) => [i.item_id, { status: 'ok', code: null }]),
  );
  const lastGood = new Map<string, { current: number | null; available: number | null }>();
  for (const item of items)
    for (const a of item.accounts) lastGood.set(a.account_id, { current: a.current, available: a.available });
  const loginWindows: { itemId: string; from: number; to: number }[] = [];
  let notificationsExpected = 0;
  let refreshRefused = 0;
  let active = 0;
  let refreshing = false;

  function arm(fault: Fault, itemId: string): void {
    const scope = { itemId };
    switch (fault) {
      case 'ok':
        return;
      case 'http_500':
        return sim.injectError(simEndpoint, 'INTERNAL_SERVER_ERROR', 1, scope);
      case 'http_503':
        return sim.injectError(simEndpoint, 'PLANNED_MAINTENANCE', 1, scope);
      case 'timeout':
        return sim.setLatency(simEndpoint, PLAID_TIMEOUT_MS * 3, scope);
      case 'drop':
        return sim.dropConnections(simEndpoint, 1, scope);
      case 'rate_limit':
        return sim.injectError(simEndpoint, 'RATE_LIMIT_EXCEEDED', 1, scope);
      case 'institution_down':
        return sim.injectError(simEndpoint, 'INSTITUTION_DOWN', 1, scope);
      case 'institution_not_responding':
        return sim.injectError(simEndpoint, 'INSTITUTION_NOT_RESPONDING', 1, scope);
      case 'login_required':
        return sim.injectError(simEndpoint, 'ITEM_LOGIN_REQUIRED', 1, scope);
    }
  }

  async function through(token: string, fn: (t: string) => Promise<AccountsGetResponse>): Promise<AccountsGetResponse> {
    const itemId = tokenToItem.get(token)!;
    const fault = pick(random, WEIGHTS);
    const call: Call = { itemId, t: clock.now(), source: refreshing ? 'refresh' : 'schedule', fault };
    calls.push(call);
    active++;
    arm(fault, itemId);
    try {
      const res = await fn(token);
      call.outcome = 'ok';
      call.balances = Object.fromEntries(res.accounts.map((a) => [a.account_id, a.balances]));
      return res;
    } catch (err) {
      call.outcome = err instanceof PlaidFailure ? err.error_code : `not a PlaidFailure: ${String(err)}`;
      throw err;
    } finally {
      if (fault === 'timeout') sim.setLatency(simEndpoint, 0, { itemId });
      const want = expectedCode(fault, endpoint);
      if (call.outcome !== want)
        violations.push(`${fault} at ${new Date(call.t).toISOString()} came back as ${call.outcome}, expected ${want}`);
      if (call.outcome === 'ok') {
        for (const [id, b] of Object.entries(call.balances ?? {}))
          if (lastGood.has(id)) lastGood.set(id, { current: b.current, available: b.available });
        expected.set(itemId, { status: 'ok', code: null });
      } else {
        const status = call.outcome === 'ITEM_LOGIN_REQUIRED' ? 'login_required' : 'error';
        expected.set(itemId, { status, code: call.outcome ?? null });
      }
    }
  }

  function check(itemId: string, when: string): void {
    const want = expected.get(itemId)!;
    const item = store.get(itemId)!;
    if (item.status !== want.status) violations.push(`${when}: store status ${item.status}, expected ${want.status}`);
    if ((item.error?.error_code ?? null) !== want.code)
      violations.push(`${when}: store error ${item.error?.error_code}, expected ${want.code}`);
    for (const account of item.accounts) {
      for (const kind of account.kinds) {
        const entity = [...ha.states.entries()].find(
          ([, s]) => s.attributes.plaid_account_id === account.account_id && s.attributes.balance_kind === kind,
        );
        if (!entity) {
          violations.push(`${when}: no HA state for ${account.account_id} ${kind}`);
          continue;
        }
        const [entityId, s] = entity;
        const good = lastGood.get(account.account_id)![kind];
        if (s.state === '0' || s.state === 'unknown' || s.state === 'null' || s.state === '')
          violations.push(`${when}: ${entityId} shows "${s.state}"`);
        if (s.state !== String(good))
          violations.push(`${when}: ${entityId} shows ${s.state}, last good balance ${good}`);
        if (s.attributes.item_status !== want.status)
          violations.push(
            `${when}: ${entityId} item_status ${String(s.attributes.item_status)}, expected ${want.status}`,
          );
        const code = (s.attributes.item_error as { error_code?: string } | null)?.error_code ?? null;
        if (code !== want.code) violations.push(`${when}: ${entityId} item_error ${code}, expected ${want.code}`);
      }
    }
  }

  const poller = new BalancePoller({
    store,
    plaid: {
      getAccounts: (token) => through(token, (t) => client.getAccounts(t)),
      getBalances: (token) => through(token, (t) => client.getBalances(t)),
    },
    onItemChanged: async (before: StoredItem, after: StoredItem) => {
      try {
        await writer.itemChanged(before, after);
        if (before.status !== 'login_required' && after.status === 'login_required') {
          notificationsExpected++;
          // The user reconnects some time later, as the card's reconnect flow does.
          const from = clock.now();
          clock.setTimeout(() => void reconnect(after.item_id, from), (30 + Math.floor(random() * 600)) * 60_000);
        }
        check(after.item_id, `after poll ${calls.length} (${calls.at(-1)?.fault})`);
      } finally {
        active--;
      }
    },
    clock,
    log,
    intervalMs: INTERVAL_MS,
    endpoint,
    random,
  });

  async function reconnect(itemId: string, from: number): Promise<void> {
    active++;
    try {
      loginWindows.push({ itemId, from, to: clock.now() });
      const before = store.get(itemId)!;
      const cleared = await store.update(itemId, (i) => {
        i.status = 'ok';
        i.error = null;
      });
      expected.set(itemId, { status: 'ok', code: null });
      await writer.itemChanged(before, cleared!);
      check(itemId, 'after reconnect');
      refreshing = true;
      const polled = poller.pollNow(itemId);
      refreshing = false;
      await polled;
    } finally {
      active--;
    }
  }

  // Users pressing refresh: bursts of up to 25 presses a few seconds apart, to push against the rate limit.
  function scheduleRefreshBurst(): void {
    clock.setTimeout(
      () => {
        const item = items[Math.floor(random() * items.length)]!;
        const presses = 1 + Math.floor(random() * 25);
        let at = 0;
        for (let n = 0; n < presses; n++) {
          at += Math.floor(random() * 4000);
          clock.setTimeout(() => {
            active++;
            refreshing = true;
            const p = poller.pollNow(item.item_id);
            refreshing = false;
            p.then((ok) => (ok ? undefined : refreshRefused++)).finally(() => active--);
          }, at);
        }
        scheduleRefreshBurst();
      },
      (5 + Math.floor(random() * 40)) * 60_000,
    );
  }

  async function quiesce(): Promise<void> {
    const deadline = Date.now() + 5000;
    for (;;) {
      while (active > 0) {
        if (Date.now() > deadline) throw new Error(`poll did not finish (active ${active}) at call ${calls.length}`);
        await new Promise((r) => setTimeout(r, 1));
      }
      // Let the poller's reschedule (after onItemChanged) run before time moves on.
      for (let i = 0; i < 5; i++) await new Promise<void>((r) => setImmediate(r));
      if (active === 0) return;
    }
  }

  await writer.writeAll(store.items());
  poller.start();
  scheduleRefreshBurst();
  try {
    while (calls.length < polls && clock.fireNext()) await quiesce();
  } finally {
    poller.stop();
    process.off('unhandledRejection', onCrash);
    process.off('uncaughtException', onCrash);
  }
  // Timed-out requests finish at the simulator later; then its log is complete.
  await new Promise((r) => setTimeout(r, PLAID_TIMEOUT_MS * 3 + 100));
  await store.close();

  // Rate limits: every 60 s window, per item, against Plaid's documented limit.
  const limit = RATE_LIMITS[endpoint];
  for (const item of items) {
    const times = calls.filter((c) => c.itemId === item.item_id).map((c) => c.t);
    for (let i = 0; i < times.length; i++) {
      const inWindow = times.filter((t) => t > times[i]! - WINDOW_MS && t <= times[i]!).length;
      if (inWindow > limit)
        violations.push(
          `${item.item_id}: ${inWindow} calls in 60 s ending ${new Date(times[i]!).toISOString()} (limit ${limit})`,
        );
    }
    // The simulator saw exactly the calls the companion made, no more.
    const simCalls = sim.callsFor(simEndpoint, item.item_id).length - linkCalls.get(item.item_id)!;
    const ours = times.length;
    if (simCalls !== ours)
      violations.push(`${item.item_id}: the simulator logged ${simCalls} calls, the companion made ${ours}`);
  }

  // Backoff: a scheduled call after a retryable failure waits at least the backoff's lower bound.
  const policy = { baseMs: Math.min(INTERVAL_MS, 60_000), maxMs: Math.max(INTERVAL_MS, 3600_000) };
  for (const item of items) {
    const mine = calls.filter((c) => c.itemId === item.item_id);
    let streak = 0;
    for (let i = 0; i < mine.length; i++) {
      const c = mine[i]!;
      if (c.source === 'refresh') streak = 0;
      if (c.outcome === 'ok' || c.outcome === 'ITEM_LOGIN_REQUIRED') streak = 0;
      else streak++;
      const next = mine[i + 1];
      if (!next || next.source !== 'schedule') continue;
      const min = c.outcome === 'ok' ? INTERVAL_MS : backoffDelay(streak, policy, () => 0.999999);
      if (next.t - c.t < min)
        violations.push(
          `${item.item_id}: next scheduled call ${next.t - c.t} ms after ${c.outcome} (streak ${streak}), ` +
            `expected ≥ ${min}`,
        );
    }
  }

  // No call while an item waits for a new login.
  for (const w of loginWindows) {
    const during = calls.filter((c) => c.itemId === w.itemId && c.t > w.from && c.t < w.to);
    if (during.length) violations.push(`${during.length} calls for ${w.itemId} while it was login_required`);
  }
  // Items still locked at the end: nothing after they were locked.
  for (const item of items) {
    const lr = calls.filter((c) => c.itemId === item.item_id);
    const lastLock = lr
      .map((c, i) => (c.outcome === 'ITEM_LOGIN_REQUIRED' ? i : -1))
      .filter((i) => i >= 0)
      .at(-1);
    if (lastLock === undefined) continue;
    const reconnected = loginWindows.some((w) => w.itemId === item.item_id && w.from >= lr[lastLock]!.t);
    if (!reconnected && lr.length - 1 > lastLock)
      violations.push(`${item.item_id}: called after its last ITEM_LOGIN_REQUIRED without a reconnect`);
  }

  const creates = ha.serviceCalls.filter((c) => c.service === 'create').length;
  if (creates !== notificationsExpected)
    violations.push(`${creates} login notifications for ${notificationsExpected} lock-outs`);

  // The log (info and up) never holds the secret or a token.
  const logText = log.lines.join('\n');
  for (const secret of [sim.secret, ...items.map((i) => i.access_token)]) {
    if (logText.includes(secret) || ha.text().includes(secret))
      violations.push('a secret or access token leaked into the log or HA');
  }
  if (/(access|public)-sandbox-/.test(logText + ha.text())) violations.push('a token shape leaked into the log or HA');

  const byFault: Record<string, number> = {};
  for (const c of calls) byFault[c.fault] = (byFault[c.fault] ?? 0) + 1;
  await rm(dir, { recursive: true, force: true });
  return { polls: calls.length, violations, byFault, refreshRefused, crashes };
}

// The simulator's clock follows whichever run is active.
const simClock = { now: () => Date.now() };

describe('reliability: Plaid faults', () => {
  let sim: PlaidSim;
  before(async () => {
    sim = await startPlaidSim({ now: () => simClock.now() });
  });
  after(async () => {
    await sim?.close();
  });

  for (const [endpoint, itemCount, polls, seed] of [
    ['accounts_get', 3, 400, 20250101],
    ['balance_get', 2, 150, 424242],
  ] as const) {
    it(`survives ${polls} seeded fault polls on ${endpoint} with every invariant held`, async () => {
      const started = Date.now();
      const result = await runSchedule(sim, endpoint, itemCount, polls, seed);
      assert.deepEqual(result.crashes, [], 'no crash');
      assert.deepEqual(result.violations.slice(0, 20), [], `${result.violations.length} violations`);
      assert.ok(result.polls >= polls, `only ${result.polls} polls ran`);
      for (const fault of WEIGHTS.map(([f]) => f))
        assert.ok((result.byFault[fault] ?? 0) > 0, `fault ${fault} never happened`);
      assert.ok(result.refreshRefused > 0, 'the rate limit was never reached, so it was not tested');
      console.log(
        `faults survived (${endpoint}): ${result.polls}/${result.polls} — ${JSON.stringify(result.byFault)}, ` +
          `${result.refreshRefused} refreshes held back by the rate limit, ${Date.now() - started} ms`,
      );
    });
  }

  it('keeps polling when the store cannot be written (disk full), without crashing', async () => {
    const clock = new FakeClock();
    simClock.now = () => clock.now();
    sim.reset();
    const dir = await mkdtemp(join(tmpdir(), 'pbc-faults-'));
    const log = memoryLogger('info');
    const store = await TokenStore.open(dir);
    const [item] = await linkSandboxItems(sim, 1, 1);
    await store.put(item!);
    let failWrites = 3;
    const flaky = {
      get: (id: string) => store.get(id),
      items: () => store.items(),
      update: (id: string, change: (i: StoredItem) => void) => {
        if (failWrites-- > 0)
          return Promise.reject(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' }));
        return store.update(id, change);
      },
    };
    const crashes: unknown[] = [];
    const onCrash = (err: unknown) => crashes.push(err);
    process.on('unhandledRejection', onCrash);
    const client = new PlaidClient({
      clientId: sim.clientId,
      secret: sim.secret,
      env: 'sandbox',
      baseUrl: sim.url,
      countryCodes: ['US' as never],
      products: ['transactions' as never],
      log,
    });
    const poller = new BalancePoller({
      store: flaky,
      plaid: client,
      onItemChanged: async () => undefined,
      clock,
      log,
      intervalMs: INTERVAL_MS,
      endpoint: 'accounts_get',
      random: () => 0.5,
    });
    poller.start();
    try {
      for (let n = 0; n < 8 && clock.fireNext(); n++) {
        const before = sim.callsFor('/accounts/get').length;
        await waitFor(() => sim.callsFor('/accounts/get').length > before);
        // The poll is done once the poller has armed its next timer.
        await waitFor(() => clock.pending > 0);
      }
    } finally {
      poller.stop();
      process.off('unhandledRejection', onCrash);
      await store.close();
    }
    assert.deepEqual(crashes, []);
    assert.ok(log.lines.some((l) => /polling an item failed unexpectedly/.test(l) && /ENOSPC/.test(l)));
    assert.ok(sim.callsFor('/accounts/get').length >= 5, 'polling went on after the disk came back');
    assert.equal(store.get(item!.item_id)!.status, 'ok');
    console.log(`store write failures survived: 3/3, polls after: ${sim.callsFor('/accounts/get').length}`);
    await rm(dir, { recursive: true, force: true });
  });
});

async function waitFor(check: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 2));
  }
}
