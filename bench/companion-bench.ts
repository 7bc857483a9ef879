/**
 * Companion figures against the simulators (simulators/demo/plaid, simulators/demo/ha),
 * through the real protocol: a home-assistant-js-websocket connection plays
 * the card (fire_event plaid_balance_request as the HA admin), the Hosted
 * Link page is clicked through over HTTP as a browser would, and "written"
 * means the HA simulator's state machine holds the entity.
 *
 * Over 300 lines: one function per budgeted figure, each a few dozen lines of
 * set-up and timing; they share the simulators' start and the table rows. The
 * household-scale and recorder figures share the simulated-time child, so
 * they live here too; their helpers are companion-scale.ts and recorder-cost.ts.
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startApp, type App } from '../src/companion/app.js';
import type { ServiceConfig } from '../src/companion/config/config.js';
import { loadConfig } from '../src/companion/config/load-config.js';
import { createLogger } from '../src/companion/logger.js';
import { REQUEST_EVENT } from '../src/protocol/index.js';
import { startHaSim, type HaSim } from '../simulators/ha/ha-server.js';
import type { RecorderSize } from '../simulators/ha/recorder-database.js';
import { startPlaidSim, type PlaidSim } from '../simulators/plaid/plaid-server.js';
import { COMPANION_NODE_FLAGS, buildCompanion } from '../scripts/build-companion.mjs';
import { summarize } from './stats.js';
import { fmtMs, type Row } from './table.js';
import { describeGrowth, fmtBytes, grewBy, householdYear, lessControl, type Household } from './recorder-cost.js';
import { bareNodeRss, callsByEndpoint, forgetTransactions, windowsCommitted } from './companion-scale.js';
import { CardOverHaws } from '../simulators/demo/card-over-haws.js';
import { openHostedLink } from '../simulators/plaid/hosted-link-user.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const ITEMS = 20;
/** Each bank's history: two years of user_good-like transactions (the Plaid sim's generator). */
const HISTORY_DAYS = 730;

// "80 MB" read the strict way (decimal), so the figure passes whichever way the budget was meant.
export const BUDGETS = {
  linkMs: 3000,
  restartMs: 5000,
  startMs: 1500,
  rssBytes: 80_000_000,
  /** RSS after the simulated hour over a bare `node -e` of the same run (issue #35). */
  rssRatio: 1.5,
  /** Heap kept after full GCs, growth from the first simulated day to the last. */
  heapGrowth: 0.05,
  /** One HA sensor reporting every 30 s (a typical power meter) writes 2,880 states rows a day. */
  householdRowsPerDay: 2880,
  householdBytesPerDay: 1_000_000,
};

interface RecorderDelta {
  transactions: number;
  controls: Array<{ before: RecorderSize; after: RecorderSize }>;
  before: RecorderSize;
  after: RecorderSize;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor<T>(
  what: string,
  check: () => T | undefined | null | false,
  timeoutMs = 15_000,
  everyMs = 2,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = check();
    if (v !== undefined && v !== null && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`bench: timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}

interface LinkTiming {
  itemId: string;
  entities: string[];
  /** Session finished at the Plaid sim → the accounts form reached the card. */
  toFormMs: number;
  /** flow/configure sent → every entity of create_entry (and the problem sensor) in HA. */
  configureToSensorsMs: number;
  totalMs: number;
}

/** One link through the protocol; times from the session's end at Plaid to every new sensor in HA. */
async function link(card: CardOverHaws, ha: HaSim, institutionId: string): Promise<LinkTiming> {
  const start = await card.ok('flow/start', { mode: 'link' });
  if (start.step.type !== 'external') throw new Error(`flow/start gave ${start.step.type}`);
  const page = await openHostedLink(card.hostedLinkUrl(start.step), { institutionId });
  await page.finish();
  const t0 = performance.now();
  const form = await card.step(start.flow_id, 'form');
  const t1 = performance.now();
  const accounts = form.data.accounts.map((a) => ({ account_id: a.account_id, kinds: a.suggested_kinds }));
  const t2 = performance.now();
  const done = await card.ok('flow/configure', { flow_id: start.flow_id, user_input: { accounts } });
  const entry = done.step.type === 'create_entry' ? done.step : await card.step(start.flow_id, 'create_entry');
  const items = await card.ok('items/list');
  const entities = items.items.find((i) => i.item_id === entry.result.item_id)!.entities;
  await waitFor('new sensors in HA', () => entities.every((id) => ha.states.has(id)), 15_000, 1);
  const t3 = performance.now();
  return { itemId: entry.result.item_id, entities, toFormMs: t1 - t0, configureToSensorsMs: t3 - t2, totalMs: t3 - t0 };
}

function allWritten(ha: HaSim, ids: readonly string[]): boolean {
  const states = ha.states;
  return ids.every((id) => states.has(id));
}

function envFor(plaid: PlaidSim, ha: HaSim, dataDir: string): Record<string, string> {
  return {
    HA_URL: ha.url,
    HA_TOKEN: ha.adminToken,
    PLAID_CLIENT_ID: plaid.clientId,
    PLAID_SECRET: plaid.secret,
    PLAID_ENV: 'sandbox',
    PLAID_BASE_URL: plaid.url,
    DATA_DIR: dataDir,
  };
}

const OUT = join(ROOT, 'test-output', 'bench');

/**
 * The companion as users run it (`npm run companion` runs this bundle with
 * plain `node`), and the bench's driver built the same way, next to the
 * development path `tsx src/companion/main.ts`.
 */
export async function bundleCompanion(): Promise<{ main: string; child: string }> {
  await mkdir(join(OUT, 'companion'), { recursive: true });
  const main = await buildCompanion(join(OUT, 'companion', 'main.mjs'));
  const child = await buildCompanion(join(OUT, 'companion', 'bench-child.mjs'), 'bench/companion-child.ts');
  return { main, child };
}

export interface CompanionBenchOptions {
  quick?: boolean;
  log?: (line: string) => void;
}

export async function runCompanionBench(options: CompanionBenchOptions = {}): Promise<Row[]> {
  const log = options.log ?? (() => {});
  const reps = options.quick ? 2 : 5;
  const plaid = await startPlaidSim({ transactions: { generatedDays: HISTORY_DAYS } });
  const ha = await startHaSim();
  const dataDir = await mkdtemp(join(tmpdir(), 'pbc-bench-'));
  const quiet = createLogger({ level: 'error', write: () => {} });
  const env = envFor(plaid, ha, dataDir);
  const config: ServiceConfig = loadConfig({ flags: {}, env }, { require: ['ha', 'plaid'] });
  const rows: Row[] = [];
  let app: App | undefined;
  let card: CardOverHaws | undefined;
  const children: ChildProcess[] = [];
  try {
    // Institutions enough for 20 items plus the timed links, so none is a duplicate Item.
    const base = plaid.institutions().find((i) => i.institution_id === 'ins_109508')!;
    const institutions = Array.from({ length: ITEMS + reps }, (_, i) => `ins_bench_${i + 1}`);
    institutions.forEach((id, i) => plaid.addInstitution({ ...base, institution_id: id, name: `Bench Bank ${i + 1}` }));

    // Setup (not timed): link 20 items through the protocol, with a fast link check.
    log(`  companion: linking ${ITEMS} items (setup) …`);
    app = await startApp({ config, log: quiet, linkCheckIntervalMs: 20, haRetry: { baseMs: 50, maxMs: 300 } });
    await ha.waitForSubscription(REQUEST_EVENT);
    card = await CardOverHaws.connect(ha.url, ha.adminToken);
    const sensors: string[] = [];
    for (const id of institutions.slice(0, ITEMS)) sensors.push(...(await link(card, ha, id)).entities);
    await app.close();
    app = undefined;

    // Hosted Link finished → every new sensor written: the companion as configured by default (2 s link check).
    log('  companion: Hosted Link finished → sensors (default link check interval) …');
    app = await startApp({ config, log: quiet });
    await ha.waitForSubscription(REQUEST_EVENT);
    await waitFor('sensors after start', () => allWritten(ha, sensors));
    const links: LinkTiming[] = [];
    for (const id of institutions.slice(ITEMS)) {
      const t = await link(card, ha, id);
      links.push(t);
      await card.ok('items/remove', { item_id: t.itemId });
    }
    const items = (await card.ok('items/list')).items.map((i) => i.item_id);
    const l = summarize(links.map((t) => t.totalMs));
    const form = summarize(links.map((t) => t.toFormMs));
    const conf = summarize(links.map((t) => t.configureToSensorsMs));
    rows.push({
      figure: 'companion: Hosted Link finished → every new sensor in HA',
      value: l.max,
      unit: 'ms',
      display:
        `${fmtMs(l.max)} worst, ${fmtMs(l.median)} median (n=${l.n}; to form ${fmtMs(form.median)}, ` +
        `configure→written ${fmtMs(conf.median)})`,
      budget: '≤ 3 s (every run)',
      pass: l.max <= BUDGETS.linkMs,
      detail: {
        ...l,
        toForm: form,
        configureToWritten: conf,
        runs: links.map(({ entities, ...t }) => ({ ...t, entities: entities.length })),
      },
    });

    // HA restart → all sensors of 20 items written again.
    log('  companion: HA restart → sensors …');
    const restarts: number[] = [];
    for (let i = 0; i < reps; i++) {
      const t0 = performance.now();
      await ha.restart();
      await waitFor('sensors after HA restart', () => allWritten(ha, sensors), 30_000);
      restarts.push(performance.now() - t0);
      await sleep(300);
    }
    const r = summarize(restarts);
    rows.push({
      figure: `companion: HA restart → all sensors of ${ITEMS} items again`,
      value: r.max,
      unit: 'ms',
      display: `${fmtMs(r.max)} worst, ${fmtMs(r.median)} median (n=${r.n}; ${sensors.length} entities)`,
      budget: '≤ 5 s (every run)',
      pass: r.max <= BUDGETS.restartMs,
      detail: { ...r, entities: sensors.length },
    });
    await app.close();
    app = undefined;

    // Companion start, as a process: spawn → HA holds every sensor of 20 items.
    const bundle = await bundleCompanion();
    const startRun = async (argv: string[]): Promise<number[]> => {
      const times: number[] = [];
      for (let i = 0; i < reps; i++) {
        for (const id of sensors) ha.removeState(id);
        const t0 = performance.now();
        const child = spawn(process.execPath, argv, {
          cwd: ROOT,
          env: { ...process.env, ...env, LOG_LEVEL: 'warn' },
          stdio: ['ignore', 'ignore', 'pipe'],
        });
        children.push(child);
        let stderr = '';
        child.stderr!.on('data', (d) => (stderr += d));
        const v = await waitFor(
          'sensors after process start',
          () => allWritten(ha, sensors) || (child.exitCode !== null && 'exit'),
          30_000,
          1,
        );
        if (v === 'exit') throw new Error(`companion exited: ${stderr}`);
        times.push(performance.now() - t0);
        child.kill('SIGTERM');
        await new Promise((res) => (child.exitCode !== null ? res(null) : child.once('exit', res)));
      }
      return times;
    };
    log('  companion: process start → connected and sensors written …');
    const s = summarize(await startRun([...COMPANION_NODE_FLAGS, bundle.main, 'start']));
    const st = summarize(await startRun(['--import', 'tsx', 'src/companion/main.ts', 'start']));
    rows.push(
      {
        figure: `companion: process start → connected, sensors of ${ITEMS} items written`,
        value: s.median,
        unit: 'ms',
        display: `${fmtMs(s.median)} median, ${fmtMs(s.max)} worst (n=${s.n}; node, bundled)`,
        budget: '≤ 1.5 s',
        pass: s.median <= BUDGETS.startMs,
        detail: { ...s, command: 'node test-output/bench/companion/main.mjs start' },
      },
      {
        figure: '  same, `tsx src/companion/main.ts` (from source, no bundle)',
        value: st.median,
        unit: 'ms',
        display: `${fmtMs(st.median)} median, ${fmtMs(st.max)} worst`,
        budget: '—',
        pass: null,
        detail: { ...st },
      },
    );

    // Simulated time in a child process: RSS after an hour, Plaid calls per simulated day.
    log('  companion: simulated hour (RSS) and day (Plaid calls) in a child process …');
    // One item needs the user from the start of the day: Plaid answers ITEM_LOGIN_REQUIRED.
    const locked = items[0]!;
    plaid.resetLogin(locked);
    const days = options.quick ? 2 : 4;
    const active = items.filter((id) => id !== locked);
    const simulated = async (argv: string[], execArgv: string[], day: boolean) => {
      for (const id of sensors) ha.removeState(id);
      // The first sync of every bank: each Item's whole window again, from two years of history.
      await forgetTransactions(dataDir);
      const t0 = performance.now();
      const child = fork(argv[0]!, argv.slice(1), {
        cwd: ROOT,
        execArgv,
        env: { ...process.env, ...env },
        stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      });
      children.push(child);
      const inbox: Array<Record<string, unknown>> = [];
      child.on('message', (m) => inbox.push(m as Record<string, unknown>));
      const ask = async (msg: object, key: string, timeoutMs = 120_000) => {
        const before = inbox.length;
        child.send(msg);
        return waitFor(`child ${key}`, () => inbox.slice(before).find((m) => key in m), timeoutMs, 5);
      };
      const started = await waitFor('child start', () => inbox.find((m) => 'started' in m), 30_000, 5);
      // The first polls are staggered up to 2 s apart; simulated time skips the waits, so this is the work alone.
      const firstMinute = ask({ advance: 60_000 }, 'advanced', 300_000);
      let committed = false;
      while (!committed) {
        committed = await windowsCommitted(dataDir, active);
        if (performance.now() - t0 > 300_000) throw new Error('bench: first sync not committed in 300 s');
        if (!committed) await sleep(10);
      }
      const firstSyncMs = performance.now() - t0;
      await firstMinute;
      await waitFor('sensors in the child', () => allWritten(ha, sensors), 30_000);
      await ask({ advance: 3600_000 }, 'advanced');
      // The yardstick on either side of the companion's reading, each after the same idle time.
      const bare = [await bareNodeRss(execArgv)];
      await sleep(2000); // idle
      const mem = (await ask({ rss: true }, 'memory')).memory as NodeJS.MemoryUsage;
      bare.push(await bareNodeRss(execArgv));
      const heapAfterGc = async () => Number((await ask({ heap: true }, 'heapUsed')).heapUsed);
      /** After the hour, then after each further simulated day (the first one is also the calls' day). */
      const heaps = [await heapAfterGc()];
      let calls: { perItem: Map<string, Record<string, number>>; lockedFound: boolean; intervalMs: number } | undefined;
      let recorder: { before: RecorderSize; after: RecorderSize } | undefined;
      const arrivals: RecorderDelta[] = [];
      if (day) {
        const seqBefore = plaid.calls.reduce((m, c) => Math.max(m, c.seq), 0);
        const lockedFound = plaid.callsFor('/accounts/get', locked).some((c) => c.outcome === 'ITEM_LOGIN_REQUIRED');
        const before = ha.recorder.size();
        await ask({ advance: 24 * 3600_000 }, 'advanced', 300_000);
        recorder = { before, after: ha.recorder.size() };
        calls = {
          perItem: callsByEndpoint(plaid.calls, seqBefore, items),
          lockedFound,
          intervalMs: Number(started.pollIntervalMs),
        };
        heaps.push(await heapAfterGc());
        // Days more: the first day still warms up (code and caches first used then), a leak keeps growing.
        for (let d = 1; d < days; d++) {
          await ask({ advance: 24 * 3600_000 }, 'advanced', 300_000);
          heaps.push(await heapAfterGc());
        }
        // New transactions at one bank, alone and three in one poll: what HA's recorder keeps for them.
        const bank = active[0]!;
        // Two polls each, so what is delivered a poll later counts; a span without new ones right before
        // each is the control, subtracted (what every poll costs anyway, day changes included).
        const span = async (n: number) => {
          const from = ha.recorder.size();
          for (let i = 0; i < n; i++)
            plaid.createTransaction(bank, { name: `Bench purchase ${i + 1}`, amount: 12.5 + i });
          await ask({ advance: 2 * Number(started.pollIntervalMs) }, 'advanced');
          return { before: from, after: ha.recorder.size() };
        };
        // Controls before and after each: a day change (every sensor's "to date" moves) lands in at most one.
        let control = await span(0);
        for (const n of [1, 3]) {
          const arrival = await span(n);
          const next = await span(0);
          arrivals.push({ transactions: n, controls: [control, next], ...arrival });
          control = next;
        }
      }
      await ask({ stop: true }, 'stopped', 10_000).catch(() => child.kill());
      return { mem, bare, calls, heaps, firstSyncMs, recorder, arrivals };
    };
    const bundled = await simulated([bundle.child], COMPANION_NODE_FLAGS, true);
    const viaTsx = await simulated(
      [fileURLToPath(new URL('./companion-child.ts', import.meta.url))],
      ['--import', 'tsx'],
      false,
    );
    const mib = (n: number) => `${(n / 1048576).toFixed(1)} MiB`;
    const mb = (n: number) => `${(n / 1e6).toFixed(1)} MB`;
    rows.push({
      figure: `companion: first sync, ${active.length} banks × ${HISTORY_DAYS} days (start → windows committed)`,
      value: bundled.firstSyncMs,
      unit: 'ms',
      display: `${fmtMs(bundled.firstSyncMs)} (node, bundled; under tsx ${fmtMs(viaTsx.firstSyncMs)})`,
      budget: '—',
      pass: null,
      detail: { bundled: bundled.firstSyncMs, tsx: viaTsx.firstSyncMs, banks: active.length, days: HISTORY_DAYS },
    });
    const bareRss = Math.max(...bundled.bare);
    const ratio = bundled.mem.rss / bareRss;
    rows.push(
      {
        figure: `companion: RSS after 1 h simulated polling, ${ITEMS} banks, over a bare \`node -e\``,
        value: ratio,
        unit: '×',
        display:
          `×${ratio.toFixed(2)}: ${mb(bundled.mem.rss)} against ${mb(bareRss)} ` +
          `(bare before/after ${bundled.bare.map((b) => mb(b)).join('/')}; heap ${mib(bundled.mem.heapUsed)})`,
        budget: `≤ ×${BUDGETS.rssRatio} (same run)`,
        pass: ratio <= BUDGETS.rssRatio,
        detail: { ...bundled.mem, bare: bundled.bare },
      },
      {
        figure: '  same, absolute (node, bundled)',
        value: bundled.mem.rss,
        unit: 'bytes',
        display: `${mb(bundled.mem.rss)} = ${mib(bundled.mem.rss)}`,
        budget: '≤ 80 MB (80,000,000 bytes)',
        pass: bundled.mem.rss <= BUDGETS.rssBytes,
        detail: { ...bundled.mem },
      },
      {
        figure: '  same under tsx (from source, no bundle)',
        value: viaTsx.mem.rss / Math.max(...viaTsx.bare),
        unit: '×',
        display: `${mib(viaTsx.mem.rss)} (heap ${mib(viaTsx.mem.heapUsed)}; bare ${mib(Math.max(...viaTsx.bare))})`,
        budget: '—',
        pass: null,
        detail: { ...viaTsx.mem, bare: viaTsx.bare },
      },
    );
    const { heaps } = bundled;
    const grown = heaps.at(-1)! - heaps[1]!;
    const growth = grown / heaps[1]!;
    rows.push({
      figure: `  heap kept after full GCs: after the hour, then after each of ${days} simulated days (leak check)`,
      value: growth,
      unit: 'ratio',
      display:
        `${heaps.map((h) => (h / 1048576).toFixed(1)).join(' → ')} MiB (days 1 → ${days}: ` +
        `${grown >= 0 ? '+' : '−'}${(Math.abs(grown) / 1024).toFixed(0)} KiB, ${(growth * 100).toFixed(1)} %)`,
      budget: `growth day 1 → ${days} ≤ ${BUDGETS.heapGrowth * 100} %`,
      pass: growth <= BUDGETS.heapGrowth,
      detail: { heaps },
    });
    const c = bundled.calls!;
    const expected = (24 * 3600_000) / c.intervalMs;
    const perEndpoint = (endpoint: string) => active.map((id) => c.perItem.get(id)![endpoint] ?? 0);
    const lockedCalls = Object.values(c.perItem.get(locked)!).reduce((a, b) => a + b, 0);
    const endpoints = [...new Set(active.flatMap((id) => Object.keys(c.perItem.get(id)!)))].sort();
    const accounts = perEndpoint('/accounts/get');
    const exact = accounts.every((n) => n === expected);
    const liabilities = perEndpoint('/liabilities/get');
    rows.push({
      figure: `companion: Plaid calls per bank per simulated day (default interval ${c.intervalMs / 60_000} min)`,
      value: exact ? expected : accounts.find((n) => n !== expected)!,
      unit: 'calls',
      display:
        endpoints.map((e) => `${e} ${[...new Set(perEndpoint(e))].join('/')}`).join(', ') +
        ` per bank (${active.length} banks); ${lockedCalls} for the login_required bank`,
      budget: `/accounts/get exactly ${expected}, /liabilities/get ≤ 1; 0 while login_required`,
      pass: exact && liabilities.every((n) => n <= 1) && lockedCalls === 0 && c.lockedFound,
      detail: { expected, perItem: Object.fromEntries(c.perItem), lockedItem: locked, lockedFound: c.lockedFound },
    });
    const { before, after } = bundled.recorder!;
    // The polls that really ran (a bench that skipped some would otherwise look cheaper per poll).
    const polls = accounts.reduce((a, b) => a + b, 0);
    const idle = grewBy(before, after);
    const idlePoll = { rows: idle.total.rows / polls, bytes: idle.total.bytes / polls };
    rows.push({
      figure: "HA's database (REST): a poll that brings nothing new, per bank",
      value: idlePoll.rows,
      unit: 'rows',
      display: `${idlePoll.rows.toFixed(2)} rows, ${fmtBytes(idlePoll.bytes)}: ${describeGrowth(idle, polls)}`,
      budget: '≤ 1 row',
      pass: idlePoll.rows <= 1,
      detail: { polls, before, after },
    });
    const [one, three] = bundled.arrivals.map((a) => ({
      transactions: a.transactions,
      growth: lessControl(
        grewBy(a.before, a.after),
        a.controls.map((c) => grewBy(c.before, c.after)).sort((x, y) => x.total.rows - y.total.rows)[0]!,
      ),
    }));
    for (const a of [one!, three!]) {
      rows.push({
        figure:
          a.transactions === 1
            ? '  one new transaction (bus event, month sensors, recent list), less the quieter control'
            : `  ${a.transactions} new transactions in one poll, per transaction`,
        value: a.growth.total.rows / a.transactions,
        unit: 'rows',
        display: `${fmtBytes(a.growth.total.bytes / a.transactions)}: ${describeGrowth(a.growth, a.transactions)}`,
        budget: '—',
        pass: null,
        detail: { ...a },
      });
    }
    const statisticSensors = sensors.filter((id) => ha.states.get(id)?.attributes['state_class'] !== undefined).length;
    const household: Household = {
      banks: 2,
      transactionsPerDay: 3,
      pollsPerDay: expected,
      purgeKeepDays: 10,
      statisticSensors: (2 * statisticSensors) / ITEMS,
    };
    const oneTx = one!.growth.total;
    const year = householdYear(idlePoll, oneTx, household);
    rows.push({
      figure: "HA's database: a household's year (2 banks, 3 transactions a day, purge_keep_days 10)",
      value: year.perDay.bytes,
      unit: 'bytes',
      display:
        `${Math.round(year.perDay.rows)} rows, ${fmtBytes(year.perDay.bytes)} a day; ` +
        `${fmtBytes(year.keptByPurge.bytes)} kept after purge; statistics ${fmtBytes(year.statisticsYear.bytes)}/year`,
      budget: `≤ ${BUDGETS.householdRowsPerDay} rows and ≤ ${fmtBytes(BUDGETS.householdBytesPerDay)} a day`,
      pass: year.perDay.rows <= BUDGETS.householdRowsPerDay && year.perDay.bytes <= BUDGETS.householdBytesPerDay,
      detail: { household, idlePoll, oneTransaction: oneTx, ...year },
    });
  } finally {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    card?.conn.close();
    await app?.close();
    await ha.close();
    await plaid.close();
    await rm(dataDir, { recursive: true, force: true });
  }
  return rows;
}
