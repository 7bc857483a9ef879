/**
 * The card against HA's own cards, in HA's real frontend served by the HA
 * simulator (bench/ha-dashboards.ts): opening a view until everything on it
 * is drawn, interleaved, at full speed and with the CPU throttled ×6; and
 * each card's own cost of `hass` updates about entities it does not show.
 * See docs/performance.md.
 *
 * Just over 300 lines: both figures share one logged-in page of HA's frontend,
 * so its set-up, the runs and the rows they make stay together.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { build } from 'esbuild';
import { chromium, type CDPSession, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../scripts/chromium.mjs';
import { logInToHa } from '../test/e2e/support/ha-frontend.js';
import type { SimStatistics } from '../simulators/ha/statistics.js';
import { ACCOUNTS, NOISE, noiseId, startBenchHouse, VIEWS } from './ha-dashboards.js';
import { openInFreshPage, type FreshOpening } from './ha-fresh-page.js';
import type { ViewTiming } from './page/ha-view-timing.js';
import { quantile, summarize } from './stats.js';
import { fmt3, fmtMs, fmtUs, type Row } from './table.js';

export const HA_BUDGETS = {
  /** Opening the card's view ÷ opening HA's entities + statistics-graph view. */
  vsPair: 0.5,
  /** Opening the card's view ÷ opening HA's entities card alone. */
  vsEntities: 1,
  /** The card's own cost of an unrelated `hass` update ÷ HA's entities card's. */
  unrelated: 1,
};

const CARD = 'plaid-balance-card';
const ENTITIES = 'hui-entities-card';
const GRAPH = 'hui-statistics-graph-card';

/** The three views opened in each round, in rotating order. */
const OPENED = [
  { name: 'card', path: VIEWS.card, tags: [CARD] },
  { name: 'pair', path: VIEWS.haPair, tags: [ENTITIES, GRAPH] },
  { name: 'entities', path: VIEWS.haEntities, tags: [ENTITIES] },
] as const;
type Opened = (typeof OPENED)[number]['name'];

async function pageScript(): Promise<string> {
  const out = await build({
    entryPoints: [new URL('./page/ha-view-timing.ts', import.meta.url).pathname],
    bundle: true,
    format: 'iife',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  return out.outputFiles[0]!.text;
}

export interface HaFrontendBenchOptions {
  quick?: boolean;
  log?: (line: string) => void;
}

interface Rounds {
  card: ViewTiming[];
  pair: ViewTiming[];
  entities: ViewTiming[];
}

/** `rounds` rounds, each opening the three views once from the start view, in an order that rotates. */
async function openRounds(page: Page, rounds: number, warmup: number): Promise<Rounds> {
  const out: Rounds = { card: [], pair: [], entities: [] };
  for (let i = 0; i < warmup + rounds; i++) {
    for (let k = 0; k < OPENED.length; k++) {
      const view = OPENED[(i + k) % OPENED.length]!;
      await page.evaluate((p) => window.benchViews.openView(p, []), VIEWS.start);
      // Let the previous view's teardown and its garbage settle before the clock starts.
      await sleep(150);
      const timing = await page.evaluate(({ path, tags }) => window.benchViews.openView(path, tags), {
        path: view.path,
        tags: [...view.tags],
      });
      if (i >= warmup) out[view.name as Opened].push(timing);
    }
  }
  return out;
}

/**
 * The card's view and HA's list each opened first in a freshly loaded page
 * (`rounds` times, alternating which comes first): the card has no kept
 * statistics answer then and waits for HA's recorder.
 */
async function freshRounds(
  page: Page,
  cdp: CDPSession,
  rounds: number,
  o: Omit<FreshOpening, 'path' | 'tags'>,
): Promise<Pick<Rounds, 'card' | 'entities'>> {
  const out = { card: [] as ViewTiming[], entities: [] as ViewTiming[] };
  const views = [OPENED[0], OPENED[2]] as const;
  for (let i = 0; i < rounds; i++) {
    for (let k = 0; k < views.length; k++) {
      const view = views[(i + k) % views.length]!;
      out[view.name].push(await openInFreshPage(page, cdp, { ...o, path: view.path, tags: [...view.tags] }));
    }
  }
  return out;
}

function freshRow(r: Pick<Rounds, 'card' | 'entities'>, speed: string): Row {
  const ratio = ratioDisplay(ratios(r.card, r.entities));
  return {
    figure: `  the same, each view's first opening in a freshly loaded page (no kept answer), ${speed}`,
    value: ratio.detail['median'] as number,
    unit: '×',
    display: `${ratio.text}: card ${msDisplay(r.card).text} | HA's entities card ${msDisplay(r.entities).text}`,
    budget: '—',
    pass: null,
    detail: { ...ratio.detail, speed, card: msDisplay(r.card).detail, entities: msDisplay(r.entities).detail },
  };
}

const ratios = (a: ViewTiming[], b: ViewTiming[]) => a.map((t, i) => t.ms / b[i]!.ms).sort((x, y) => x - y);

function ratioDisplay(sorted: number[]): { text: string; detail: Record<string, unknown> } {
  const s = summarize(sorted);
  const p25 = quantile(sorted, 0.25);
  const p75 = quantile(sorted, 0.75);
  return {
    text: `×${fmt3(s.median)} (IQR ×${fmt3(p25)}–×${fmt3(p75)}; n=${s.n})`,
    detail: { ...s, p25, p75 },
  };
}

function msDisplay(
  timings: ViewTiming[],
  tag?: string,
): { text: string; median: number; detail: Record<string, unknown> } {
  const ms = timings.map((t) => (tag ? t.cards[tag]! : t.ms)).sort((a, b) => a - b);
  const s = summarize(ms);
  const p25 = quantile(ms, 0.25);
  const p75 = quantile(ms, 0.75);
  return {
    text: `${fmtMs(s.median)} (IQR ${fmtMs(p25)}–${fmtMs(p75)})`,
    median: s.median,
    detail: { ...s, p25, p75 },
  };
}

/** How long the simulated recorder took for each `statistics_during_period`, ms, by the types asked for. */
type AnswerTimes = Map<string, number[]>;

function timeAnswers(stats: SimStatistics): AnswerTimes {
  const times: AnswerTimes = new Map();
  const during = stats.during.bind(stats);
  stats.during = (...args) => {
    const t0 = performance.now();
    try {
      return during(...args);
    } finally {
      const key = [...args[4]].join(',');
      times.set(key, [...(times.get(key) ?? []), performance.now() - t0]);
    }
  };
  return times;
}

function answersText(times: AnswerTimes): string {
  return [...times]
    .map(([types, ms]) => `${types.includes(',') ? 'all types' : types}: ${fmtMs(summarize(ms).median)}`)
    .join(', ');
}

function openingRows(r: Rounds, fresh: Row, speed: string, answers: AnswerTimes): Row[] {
  const vsPair = ratioDisplay(ratios(r.card, r.pair));
  const vsEntities = ratioDisplay(ratios(r.card, r.entities));
  const card = msDisplay(r.card);
  const pair = msDisplay(r.pair);
  const entities = msDisplay(r.entities);
  const graph = msDisplay(r.pair, GRAPH);
  const listInPair = msDisplay(r.pair, ENTITIES);
  const cardDom = msDisplay(r.card, CARD);
  const listDom = msDisplay(r.entities, ENTITIES);
  return [
    {
      figure: `opening a view, ${speed}: card ÷ HA's entities + statistics-graph cards (interleaved)`,
      value: vsPair.detail['median'] as number,
      unit: '×',
      display: vsPair.text,
      budget: `≤ ×${fmt3(HA_BUDGETS.vsPair)} median`,
      pass: (vsPair.detail['median'] as number) <= HA_BUDGETS.vsPair,
      detail: { ...vsPair.detail, speed },
    },
    {
      figure: `  card ÷ HA's entities card alone, ${speed} (same rounds)`,
      value: vsEntities.detail['median'] as number,
      unit: '×',
      display: vsEntities.text,
      budget: `≤ ×${fmt3(HA_BUDGETS.vsEntities)} median`,
      pass: (vsEntities.detail['median'] as number) <= HA_BUDGETS.vsEntities,
      detail: { ...vsEntities.detail, speed },
    },
    fresh,
    {
      figure:
        `  the three views, ${speed}: card | HA's pair | HA's entities card ` +
        `(in brackets: when each card's content was first seen complete, before painting)`,
      value: card.median,
      unit: 'ms',
      display:
        `${card.text} (${fmtMs(cardDom.median)}) | ${pair.text} (list ${fmtMs(listInPair.median)}, ` +
        `graph ${fmtMs(graph.median)}) | ${entities.text} (${fmtMs(listDom.median)})`,
      budget: '—',
      pass: null,
      detail: {
        speed,
        card: card.detail,
        pair: pair.detail,
        pairList: listInPair.detail,
        pairGraph: graph.detail,
        entities: entities.detail,
        statisticsAnswerMs: Object.fromEntries([...answers].map(([k, v]) => [k, summarize(v)])),
      },
    },
    {
      figure: `  the simulated recorder's own time per statistics answer, ${speed} (median; in both views' times)`,
      value: null,
      unit: 'ms',
      display: answersText(answers),
      budget: '—',
      pass: null,
    },
  ];
}

interface Costs {
  ms: number;
  updates: number;
  renders: number;
}

/**
 * `batches` × `perBatch` state changes of ordinary entities, written to HA's
 * state machine so the frontend's websocket delivers them, with the card and
 * HA's entities card side by side on the shown view.
 */
async function unrelatedCosts(
  page: Page,
  sim: Awaited<ReturnType<typeof startBenchHouse>>['sim'],
  batches: number,
  perBatch: number,
): Promise<Array<Record<string, Costs>>> {
  await page.evaluate(({ path, tags }) => window.benchViews.openView(path, tags), {
    path: VIEWS.side,
    tags: [CARD, ENTITIES],
  });
  await sleep(1500);
  await page.evaluate((tags) => window.benchViews.watchCosts(tags), [CARD, ENTITIES]);
  const read = () => page.evaluate(() => structuredClone(window.benchViews.readCosts()));
  const perBatchCosts: Array<Record<string, Costs>> = [];
  let k = 0;
  for (let b = 0; b < batches; b++) {
    const before = await read();
    for (let i = 0; i < perBatch; i++, k++) {
      // Every fifth noise entity is a temperature sensor.
      const id = noiseId((k * 5 + 1) % NOISE);
      sim.setState(id, String((k % 40) + 0.5), { friendly_name: id, unit_of_measurement: '°C' });
      await sleep(20);
    }
    // The card's discovery may catch up in a timer up to a second after the last update.
    await sleep(1200);
    const after = await read();
    perBatchCosts.push(
      Object.fromEntries(
        Object.entries(after).map(([tag, a]) => {
          const b0 = before[tag]!;
          return [tag, { ms: a.ms - b0.ms, updates: a.updates - b0.updates, renders: a.renders - b0.renders }];
        }),
      ),
    );
  }
  return perBatchCosts;
}

function unrelatedRows(batches: Array<Record<string, Costs>>, perBatch: number): Row[] {
  const per = (tag: string) => batches.map((b) => (b[tag]!.ms * 1000) / Math.max(1, b[tag]!.updates));
  const cardUs = per(CARD);
  const entitiesUs = per(ENTITIES);
  const sorted = cardUs.map((c, i) => c / entitiesUs[i]!).sort((a, b) => a - b);
  const r = ratioDisplay(sorted);
  const sum = (tag: string, key: keyof Costs) => batches.reduce((n, b) => n + b[tag]![key], 0);
  const c = summarize(cardUs);
  const e = summarize(entitiesUs);
  return [
    {
      figure: `hass update about none of the ${ACCOUNTS} sensors (${NOISE} others): card ÷ HA's entities card`,
      value: r.detail['median'] as number,
      unit: '×',
      display: r.text.replace(/n=\d+/, `${batches.length} batches of ${perBatch}`),
      budget: `≤ ×${fmt3(HA_BUDGETS.unrelated)} median`,
      pass: (r.detail['median'] as number) <= HA_BUDGETS.unrelated,
      detail: { ...r.detail },
    },
    {
      figure: "  each one's own cost per update: card | HA's entities card",
      value: c.median,
      unit: 'µs',
      display:
        `${fmtUs(c.median)} | ${fmtUs(e.median)} (updates delivered ${sum(CARD, 'updates')} | ` +
        `${sum(ENTITIES, 'updates')}; Lit updates ${sum(CARD, 'renders')} | ${sum(ENTITIES, 'renders')})`,
      budget: '—',
      pass: null,
      detail: { cardUs: c, entitiesUs: e, batches },
    },
  ];
}

export async function runHaFrontendBench(options: HaFrontendBenchOptions = {}): Promise<Row[]> {
  const log = options.log ?? (() => {});
  const rounds = options.quick ? 5 : 20;
  const { sim, stats } = await startBenchHouse();
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
  try {
    // A landscape wall tablet; reduced motion, so HA's chart draws its final picture without a 500 ms animation in.
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, reducedMotion: 'reduce' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await logInToHa(page, sim, 'admin', `${sim.url}/lovelace/${VIEWS.start}`);
    const script = await pageScript();
    await page.addScriptTag({ content: script });
    await page.waitForFunction(() => window.benchViews.ready(), null, { timeout: 60_000 });
    // Let the first load's requests and HA's background work after it settle before the first round.
    await sleep(3000);
    const cdp = await context.newCDPSession(page);
    const rows: Row[] = [];
    for (const rate of [1, 6]) {
      const speed = rate === 1 ? 'full speed' : `CPU ×${rate} slower`;
      log(`  HA's frontend: opening the views, ${speed}, ${rounds} rounds …`);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate });
      const answers = timeAnswers(stats);
      const opened = await openRounds(page, rounds, rate === 1 ? 2 : 1);
      log(`  HA's frontend: first openings in freshly loaded pages, ${speed}, ${options.quick ? 3 : 8} rounds …`);
      const startUrl = `${sim.url}/lovelace/${VIEWS.start}`;
      const fresh = freshRow(await freshRounds(page, cdp, options.quick ? 3 : 8, { startUrl, script, rate }), speed);
      rows.push(...openingRows(opened, fresh, speed, answers));
    }
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
    log("  HA's frontend: unrelated hass updates, the card beside HA's entities card …");
    const perBatch = 50;
    rows.push(...unrelatedRows(await unrelatedCosts(page, sim, options.quick ? 3 : 10, perBatch), perBatch));
    if (errors.length) log(`  page errors (HA's frontend): ${errors.join('; ')}`);
    for (const r of rows) r.detail = { ...r.detail, setup: `${ACCOUNTS} balance sensors, ${NOISE} other entities` };
    return rows;
  } finally {
    await browser.close();
    await sim.close();
  }
}
