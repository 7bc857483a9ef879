/**
 * Card figures: the COMMITTED dist/ (plaid-balance-card.js and its chunks, not a fresh build)
 * and the naive baseline, each in its own page of Debian's Chromium, timed
 * inside the page. See docs/performance.md.
 *
 * Over 300 lines: the card's rows of the table are built from one run of
 * pages, so their set-up, runs and rows stay together.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../scripts/chromium.mjs';
import type { CardPageOptions, CardPageResult } from './page/card-page.js';
import { hottestFunctions } from './cpu-profile.js';
import { SENSOR_INDEX } from './page/fake-hass.js';
import { quantile, summarize } from './stats.js';
import { fmt3, fmtMs, fmtUs, type Row } from './table.js';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
export const CARD_BUNDLE = here('../dist/plaid-balance-card.js');

export const BUDGETS = {
  // "25 KB" read the strict way (decimal), so the figure passes whichever way the budget was meant.
  gzipBytes: 25_000,
  unrelatedUs: 50,
  ownMs: 2,
  /** First render, card (trends included) ÷ naive baseline, median of interleaved pairs: no slower. */
  firstRatio: 1,
};

/** The card as the bench times it: trends on, as most users will run it. */
const CARD_CONFIG = { type: 'custom:plaid-balance-card', trend: '30d' };

/**
 * The committed dist/ files, split into what loading the entry fetches (its
 * static imports, followed from file to file) and what only a dynamic
 * `import("./…")` fetches later. Rollup writes static imports as
 * `import{…}from"./x.js"` or `import"./x.js"`; `import(` is the dynamic form.
 */
async function cardFiles(): Promise<{ bodies: Record<string, Buffer>; loaded: string[]; lazy: string[] }> {
  const dist = dirname(CARD_BUNDLE);
  const names = await readdir(dist);
  const bodies = Object.fromEntries(
    await Promise.all(names.map(async (n) => [n, await readFile(join(dist, n))] as const)),
  );
  const loaded = [basename(CARD_BUNDLE)];
  for (let i = 0; i < loaded.length; i++) {
    const code = bodies[loaded[i]!]!.toString('utf8');
    for (const m of code.matchAll(/\bimport\s*(?:[^;()"']*?from\s*)?["']\.\/([^"']+)["']/g))
      if (!loaded.includes(m[1]!)) loaded.push(m[1]!);
  }
  return { bodies, loaded, lazy: names.filter((n) => !loaded.includes(n)) };
}

async function bundle(entry: string, minify: boolean): Promise<string> {
  const out = await build({
    entryPoints: [here(entry)],
    bundle: true,
    format: 'esm',
    target: 'es2022',
    minify,
    write: false,
    logLevel: 'silent',
    tsconfig: here('../tsconfig.json'),
  });
  return out.outputFiles[0]!.text;
}

async function serve(files: Record<string, string | Buffer>): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const body = files[path];
    // Cross-origin isolation gives performance.now() 5 µs resolution instead of 100 µs.
    const isolation = { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' };
    if (body === undefined) {
      res.writeHead(404, isolation).end();
      return;
    }
    const type = path.endsWith('.js') ? 'text/javascript' : 'text/html';
    res.writeHead(200, { 'content-type': `${type}; charset=utf-8`, 'cache-control': 'no-store', ...isolation });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

const page = (...scripts: string[]) =>
  `<!doctype html><html><head><meta charset="utf-8"><title>bench</title><link rel="icon" href="data:,"></head><body>` +
  scripts.map((src) => `<script type="module" src="${src}"></script>`).join('') +
  `<script type="module" src="/page.js"></script></body></html>`;

export interface CardBenchOptions {
  quick?: boolean;
  log?: (line: string) => void;
  /** Development aid: time an unminified esbuild bundle of src/card instead of the committed dist. */
  fromSource?: boolean;
  /** Development aid: print the functions with the most self time in the card page (CDP profiler). */
  profile?: boolean;
  /** Development aid: only the first-render figure (for profiling it). */
  onlyFirst?: boolean;
}

export async function runCardBench(options: CardBenchOptions = {}): Promise<Row[]> {
  const log = options.log ?? (() => {});
  const rows: Row[] = [];

  // Size of the committed bundle: what a browser fetches to show the card, and the dialog's chunk apart.
  const files = await cardFiles();
  const gzipOf = (names: readonly string[]) =>
    names.reduce((n, name) => n + gzipSync(files.bodies[name]!, { level: 9 }).length, 0);
  const rawOf = (names: readonly string[]) => names.reduce((n, name) => n + files.bodies[name]!.length, 0);
  const gz = gzipOf(files.loaded);
  const distTime = (await stat(CARD_BUNDLE)).mtime.toISOString();
  rows.push(
    {
      figure: 'card as loaded: dist entry + its static imports, gzip -9 (raw)',
      value: gz,
      unit: 'bytes',
      display:
        `${gz.toLocaleString('en-US')} bytes (raw ${rawOf(files.loaded).toLocaleString('en-US')}; ` +
        `${files.loaded.length} files)`,
      budget: '≤ 25 KB (25,000 bytes) gzipped',
      pass: gz <= BUDGETS.gzipBytes,
      detail: {
        gzipBytes: gz,
        rawBytes: rawOf(files.loaded),
        files: Object.fromEntries(files.loaded.map((f) => [f, gzipOf([f])])),
        mtime: distTime,
      },
    },
    {
      figure: '  link dialog chunk, loaded when an admin first opens it',
      value: gzipOf(files.lazy),
      unit: 'bytes',
      display: `${gzipOf(files.lazy).toLocaleString('en-US')} bytes (raw ${rawOf(files.lazy).toLocaleString('en-US')})`,
      budget: '—',
      pass: null,
      detail: { files: Object.fromEntries(files.lazy.map((f) => [f, gzipOf([f])])) },
    },
  );

  const [pageJs, baselineJs, naiveTrendJs, tunedTrendJs, sourceJs] = await Promise.all([
    bundle('./page/card-page.ts', false),
    bundle('./baseline-card.ts', true),
    bundle('./naive-trend-card.ts', true),
    bundle('./tuned-trend-card.ts', true),
    options.fromSource ? bundle('../src/card/plaid-balance-card.ts', false) : undefined,
  ]);
  const { server, url } = await serve({
    '/card.html': page('/plaid-balance-card.js'),
    '/baseline.html': page('/baseline.js'),
    '/both.html': page('/plaid-balance-card.js', '/baseline.js'),
    '/both-trend.html': page('/plaid-balance-card.js', '/naive-trend.js'),
    '/tuned.html': page('/tuned-trend.js', '/baseline.js'),
    ...(sourceJs
      ? { '/plaid-balance-card.js': sourceJs }
      : Object.fromEntries(Object.entries(files.bodies).map(([name, body]) => [`/${name}`, body]))),
    '/baseline.js': baselineJs,
    '/naive-trend.js': naiveTrendJs,
    '/tuned-trend.js': tunedTrendJs,
    '/page.js': pageJs,
  });
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
  try {
    const q = options.quick ? 0.2 : 1;
    const common = {
      noise: 5000,
      accounts: 50,
      unrelated: { batches: Math.ceil(100 * q), perBatch: 50, warmup: 5 },
      own: { iterations: Math.ceil(300 * q), warmup: 30 },
      first: { iterations: Math.ceil(100 * q), warmup: 10 },
    };
    if (options.onlyFirst) {
      common.unrelated = { batches: 1, perBatch: 1, warmup: 0 };
      common.own = { iterations: 1, warmup: 0 };
      Object.assign(common, { instrument: true });
    }
    const run = async (path: string, opts: CardPageOptions): Promise<CardPageResult> => {
      const p = await browser.newPage();
      const errors: string[] = [];
      p.on('pageerror', (e) => errors.push(String(e)));
      p.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      await p.goto(url + path);
      await p.waitForFunction(() => typeof window.runCardBench === 'function');
      await p.waitForFunction((tag) => !!customElements.get(tag), opts.tag);
      const cdp = options.profile ? await p.context().newCDPSession(p) : undefined;
      if (cdp) {
        await cdp.send('Profiler.enable');
        await cdp.send('Profiler.setSamplingInterval', { interval: 50 });
        await cdp.send('Profiler.start');
      }
      const result = await p.evaluate((o) => window.runCardBench(o), opts);
      if (cdp) {
        const { profile } = await cdp.send('Profiler.stop');
        log(`  profile of ${opts.tag}:\n${hottestFunctions(profile)}`);
      }
      await p.close();
      if (errors.length) throw new Error(`${opts.tag}: page errors: ${errors.join('; ')}`);
      return result;
    };
    log(`  card: plaid-balance-card (${options.fromSource ? 'src, unminified esbuild bundle' : 'committed dist'}) …`);
    const card = await run('/card.html', {
      ...common,
      tag: 'plaid-balance-card',
      config: CARD_CONFIG,
    });
    const perRender = (r: CardPageResult) =>
      Object.entries(r.updateMs)
        .map(([step, ms]) => `${step} ${fmtMs(ms / common.first.iterations)}`)
        .join(', ');
    if (options.onlyFirst) log(`  per first render: ${perRender(card)}`);
    log('  card: naive baseline …');
    const base = await run('/baseline.html', {
      ...common,
      tag: 'naive-balance-card',
      config: { type: 'custom:naive-balance-card' },
    });
    if (options.onlyFirst) log(`  per first render: ${perRender(base)}`);
    // First render, interleaved in one page (card, baseline, card, …) so both see the same machine load.
    type Other = { path: string; tag: string; config: Record<string, unknown> };
    const NAIVE: Other = {
      path: '/both.html',
      tag: 'naive-balance-card',
      config: { type: 'custom:naive-balance-card' },
    };
    /**
     * `config`'s card (`tag`, default ours) and `other` (default the baseline) in pairs; `domFloor` adds the floor's
     * pairs.
     */
    const interleaved = (
      config: Record<string, unknown>,
      {
        domFloor = false,
        other = NAIVE,
        tag = 'plaid-balance-card',
      }: { domFloor?: boolean; other?: Other; tag?: string } = {},
    ) =>
      run(other.path, {
        ...common,
        unrelated: { batches: 1, perBatch: 1, warmup: 0 },
        own: { iterations: 1, warmup: 0 },
        first: { iterations: Math.ceil(200 * q), warmup: 20 },
        tag,
        config,
        interleaveWith: { tag: other.tag, config: other.config },
        domFloor,
        compareOutput: other !== NAIVE,
      });
    log('  card vs baseline: first render, interleaved …');
    const pairs = await interleaved(CARD_CONFIG, { domFloor: true });
    // The same pairs without lines: how much of the ratio is the rows, how much the trends.
    log('  card (trend: none) vs baseline: first render, interleaved …');
    const plainPairs = await interleaved({ ...CARD_CONFIG, trend: 'none' });
    // Against a first attempt at the same output: what the card's design saves, apart from what it shows.
    log('  card vs a naive card with the same output: first render, interleaved …');
    const samePairs = await interleaved(CARD_CONFIG, {
      other: {
        path: '/both-trend.html',
        tag: 'naive-trend-card',
        config: { type: 'custom:naive-trend-card', trend: '30d' },
      },
    });
    // The same output built with no framework at all, tuned by hand: what that output costs at best.
    log('  a hand-tuned card with the same output, no framework, vs baseline: first render, interleaved …');
    const tunedPairs = await interleaved(
      { type: 'custom:tuned-trend-card', trend: '30d' },
      { other: { ...NAIVE, path: '/tuned.html' }, tag: 'tuned-trend-card' },
    );
    // The same, finding its sensors through an index entity: what not scanning `states` at all would save.
    log(
      '  the hand-tuned card reading an index of its sensors instead of scanning, ' +
        'vs baseline: first render, interleaved …',
    );
    const indexedPairs = await interleaved(
      { type: 'custom:tuned-trend-card', trend: '30d', sensor_index: SENSOR_INDEX },
      { other: { ...NAIVE, path: '/tuned.html' }, tag: 'tuned-trend-card' },
    );
    const ours = samePairs.output;
    for (const [who, theirs] of [
      ['naive', samePairs.otherOutput!],
      ['hand-tuned', tunedPairs.output],
      ['indexed hand-tuned', indexedPairs.output],
    ] as const) {
      if (ours.lines !== theirs.lines || ours.texts.join('\n') !== theirs.texts.join('\n')) {
        const at = ours.texts.findIndex((t, i) => t !== theirs.texts[i]);
        throw new Error(
          `the ${who} card with the same output shows something else: ${theirs.lines} lines against ` +
            `${ours.lines}; text ${at}: "${theirs.texts[at]}" against "${ours.texts[at]}"`,
        );
      }
    }
    for (const r of [card, base]) {
      if (r.rowsShown !== common.accounts)
        throw new Error(`expected ${common.accounts} rows, the page shows ${r.rowsShown}`);
      if (!r.crossOriginIsolated)
        log('  warning: page not cross-origin isolated; performance.now() is coarse (100 µs)');
    }
    // 50 row sparklines and one net-worth trend per currency.
    if (card.output.lines <= common.accounts)
      throw new Error(`expected trends on every row and the totals, the page shows ${card.output.lines}`);
    if (card.unrelatedStatisticsRequests !== 0)
      throw new Error(`the card asked for statistics ${card.unrelatedStatisticsRequests} times on unrelated updates`);
    if (card.unrelatedRenders !== 0)
      throw new Error(`the card rendered ${card.unrelatedRenders} times for unrelated updates`);

    const u = summarize(card.unrelatedUs);
    const ub = summarize(base.unrelatedUs);
    const o = summarize(card.ownMs);
    const ob = summarize(base.ownMs);
    const f = summarize(card.firstMs);
    const fb = summarize(base.firstMs);
    const ratio = (a: number, b: number) => `×${fmt3(a / b)}`;
    const pairRatios = pairs.firstMs.map((ms, i) => ms / pairs.otherFirstMs[i]!).sort((a, b) => a - b);
    const pr = summarize(pairRatios);
    const p25 = quantile(pairRatios, 0.25);
    const p75 = quantile(pairRatios, 0.75);
    const rowRatios = pairs.firstRowsMs.map((ms, i) => ms / pairs.otherFirstMs[i]!).sort((a, b) => a - b);
    const plainRatios = plainPairs.firstMs.map((ms, i) => ms / plainPairs.otherFirstMs[i]!).sort((a, b) => a - b);
    const tunedRatios = tunedPairs.firstMs.map((ms, i) => ms / tunedPairs.otherFirstMs[i]!).sort((a, b) => a - b);
    const indexedRatios = indexedPairs.firstMs.map((ms, i) => ms / indexedPairs.otherFirstMs[i]!).sort((a, b) => a - b);
    const sameRatios = samePairs.firstMs.map((ms, i) => ms / samePairs.otherFirstMs[i]!).sort((a, b) => a - b);
    const floorRatios = pairs.floorMs.map((ms, i) => ms / pairs.floorOtherMs[i]!).sort((a, b) => a - b);
    const naiveScanRatios = pairs.naiveScanMs.map((ms, i) => ms / pairs.floorOtherMs[i]!).sort((a, b) => a - b);
    const discoveryRatios = pairs.discoveryMs.map((ms, i) => ms / pairs.floorOtherMs[i]!).sort((a, b) => a - b);
    /** A ratio shown for information: its median with the IQR. `sorted` ascending. */
    const infoRatioRow = (figure: string, sorted: number[]): Row => {
      const r = summarize(sorted);
      return {
        figure,
        value: r.median,
        unit: '×',
        display: `×${fmt3(r.median)} (IQR ×${fmt3(quantile(sorted, 0.25))}–×${fmt3(quantile(sorted, 0.75))}; n=${r.n})`,
        budget: '—',
        pass: null,
        detail: { ...r },
      };
    };
    const pf = summarize(pairs.firstMs);
    const pfb = summarize(pairs.otherFirstMs);
    const setup =
      `${common.noise} entities + ${common.accounts} balance sensors in 5 institutions, discovery, trend: 30d ` +
      `(30 daily statistics per sensor)`;
    rows.push(
      {
        figure: 'card: hass update, none of its entities (per update)',
        value: u.median,
        unit: 'µs',
        display: `${fmtUs(u.median)} (p95 ${fmtUs(u.p95)}; ${u.n}×${common.unrelated.perBatch})`,
        budget: '≤ 50 µs median',
        pass: u.median <= BUDGETS.unrelatedUs,
        detail: { ...u, perBatch: common.unrelated.perBatch, renders: card.unrelatedRenders, setup },
      },
      {
        figure: '  baseline (re-renders every update)',
        value: ub.median,
        unit: 'µs',
        display: `${fmtUs(ub.median)} (${ratio(ub.median, u.median)} the card)`,
        budget: '—',
        pass: null,
        detail: { ...ub, perBatch: common.unrelated.perBatch },
      },
      {
        figure: 'card: hass update, 1 of its 50 accounts, until rendered',
        value: o.median,
        unit: 'ms',
        display: `${fmtMs(o.median)} (p95 ${fmtMs(o.p95)}; n=${o.n})`,
        budget: '≤ 2 ms median',
        pass: o.median <= BUDGETS.ownMs,
        detail: { ...o, renders: card.ownRenders, checkedOnScreen: card.ownChecked, setup },
      },
      {
        figure: '  baseline',
        value: ob.median,
        unit: 'ms',
        display: `${fmtMs(ob.median)} (${ratio(ob.median, o.median)} the card)`,
        budget: '—',
        pass: null,
        detail: { ...ob },
      },
      {
        figure: 'card ÷ baseline: first render, 50 accounts, trends drawn (interleaved pairs)',
        value: pr.median,
        unit: '×',
        display:
          `×${fmt3(pr.median)} (IQR ×${fmt3(p25)}–×${fmt3(p75)}; ` +
          `min ×${fmt3(pr.min)}, max ×${fmt3(pr.max)}; n=${pr.n})`,
        budget: '≤ ×1.000 median',
        pass: pr.median <= BUDGETS.firstRatio,
        detail: { ...pr, p25, p75, cardMs: pf, baselineMs: pfb, setup },
      },
      infoRatioRow(
        "  same, until the card's first updateComplete (it holds its first render up to 150 ms for the statistics)",
        rowRatios,
      ),
      infoRatioRow('  same with `trend: none` (pairs of their own)', plainRatios),
      infoRatioRow(
        `  card ÷ a naive card with the same output ` +
          `(${ours.texts.length} texts, ${ours.lines} lines; pairs of their own)`,
        sameRatios,
      ),
      infoRatioRow('  a hand-tuned card with the same output, no framework (a lower bound) ÷ baseline', tunedRatios),
      infoRatioRow(
        '    the same reading an index entity of its sensors instead of scanning `states` (no such entity exists)',
        indexedRatios,
      ),
      infoRatioRow("  floor: the card's finished DOM cloned from a prepared template, no script", floorRatios),
      infoRatioRow("  the baseline's marker filter over every state alone, no render", naiveScanRatios),
      infoRatioRow("  the card's discovery of its sensors in the same states, no render", discoveryRatios),
      {
        figure: '  card, first render (same pairs)',
        value: pf.median,
        unit: 'ms',
        display:
          `${fmtMs(pf.median)} (p95 ${fmtMs(pf.p95)}; ` +
          `separate page: ${fmtMs(f.median)}, cold ${fmtMs(card.coldFirstMs)})`,
        budget: '—',
        pass: null,
        detail: { ...pf, separatePage: f, cold: card.coldFirstMs },
      },
      {
        figure: '  baseline, first render (same pairs)',
        value: pfb.median,
        unit: 'ms',
        display: `${fmtMs(pfb.median)} (p95 ${fmtMs(pfb.p95)}; separate page: ${fmtMs(fb.median)})`,
        budget: '—',
        pass: null,
        detail: { ...pfb, separatePage: fb, cold: base.coldFirstMs },
      },
    );
  } finally {
    await browser.close();
    server.close();
  }
  return rows;
}
