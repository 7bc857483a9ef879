/**
 * Card figures: the COMMITTED dist/plaid-balance-card.js (not a fresh build)
 * and the naive baseline, each in its own page of Debian's Chromium, timed
 * inside the page. See docs/performance.md.
 */
import { readFile, stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import type { CardPageOptions, CardPageResult } from './page/card-page.js';
import { summarize } from './stats.js';
import { fmt3, fmtMs, fmtUs, type Row } from './table.js';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
export const CARD_BUNDLE = here('../dist/plaid-balance-card.js');

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export const BUDGETS = {
  gzipBytes: 25 * 1024,
  unrelatedUs: 50,
  ownMs: 2,
  firstMs: 5,
};

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

const page = (script: string) =>
  `<!doctype html><html><head><meta charset="utf-8"><title>bench</title><link rel="icon" href="data:,"></head><body>` +
  `<script type="module" src="${script}"></script><script type="module" src="/page.js"></script></body></html>`;

export interface CardBenchOptions {
  quick?: boolean;
  log?: (line: string) => void;
}

export async function runCardBench(options: CardBenchOptions = {}): Promise<Row[]> {
  const log = options.log ?? (() => {});
  const rows: Row[] = [];

  // Size of the committed bundle.
  const raw = await readFile(CARD_BUNDLE);
  const gz = gzipSync(raw, { level: 9 }).length;
  const distTime = (await stat(CARD_BUNDLE)).mtime.toISOString();
  rows.push({
    figure: 'dist/plaid-balance-card.js, gzip -9 (raw)',
    value: gz,
    unit: 'bytes',
    display: `${fmt3(gz / 1024)} KiB (raw ${fmt3(raw.length / 1024)} KiB)`,
    budget: '≤ 25 KiB gzipped',
    pass: gz <= BUDGETS.gzipBytes,
    detail: { gzipBytes: gz, rawBytes: raw.length, mtime: distTime },
  });

  const [pageJs, baselineJs] = await Promise.all([bundle('./page/card-page.ts', false), bundle('./baseline-card.ts', true)]);
  const { server, url } = await serve({
    '/card.html': page('/plaid-balance-card.js'),
    '/baseline.html': page('/baseline.js'),
    '/plaid-balance-card.js': raw,
    '/baseline.js': baselineJs,
    '/page.js': pageJs,
  });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
  try {
    const q = options.quick ? 0.2 : 1;
    const common = {
      noise: 5000,
      accounts: 50,
      unrelated: { batches: Math.ceil(100 * q), perBatch: 50, warmup: 5 },
      own: { iterations: Math.ceil(300 * q), warmup: 30 },
      first: { iterations: Math.ceil(100 * q), warmup: 10 },
    };
    const run = async (path: string, opts: CardPageOptions): Promise<CardPageResult> => {
      const p = await browser.newPage();
      const errors: string[] = [];
      p.on('pageerror', (e) => errors.push(String(e)));
      p.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      await p.goto(url + path);
      await p.waitForFunction(() => typeof window.runCardBench === 'function');
      await p.waitForFunction((tag) => !!customElements.get(tag), opts.tag);
      const result = await p.evaluate((o) => window.runCardBench(o), opts);
      await p.close();
      if (errors.length) throw new Error(`${opts.tag}: page errors: ${errors.join('; ')}`);
      return result;
    };
    log('  card: plaid-balance-card (dist) …');
    const card = await run('/card.html', {
      ...common,
      tag: 'plaid-balance-card',
      rowTag: 'plaid-balance-row',
      config: { type: 'custom:plaid-balance-card' },
    });
    log('  card: naive baseline …');
    const base = await run('/baseline.html', {
      ...common,
      tag: 'naive-balance-card',
      rowTag: null,
      config: { type: 'custom:naive-balance-card' },
    });
    for (const r of [card, base]) {
      if (r.rowsShown !== common.accounts) throw new Error(`expected ${common.accounts} rows, the page shows ${r.rowsShown}`);
      if (!r.crossOriginIsolated) log('  warning: page not cross-origin isolated; performance.now() is coarse (100 µs)');
    }
    if (card.unrelatedRenders !== 0) throw new Error(`the card rendered ${card.unrelatedRenders} times for unrelated updates`);

    const u = summarize(card.unrelatedUs);
    const ub = summarize(base.unrelatedUs);
    const o = summarize(card.ownMs);
    const ob = summarize(base.ownMs);
    const f = summarize(card.firstMs);
    const fb = summarize(base.firstMs);
    const ratio = (a: number, b: number) => `×${fmt3(a / b)}`;
    const setup = `${common.noise} entities + ${common.accounts} balance sensors in 5 institutions, default config (discovery)`;
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
        figure: 'card: first render, 50 accounts in 5 institutions',
        value: f.median,
        unit: 'ms',
        display: `${fmtMs(f.median)} (p95 ${fmtMs(f.p95)}; n=${f.n}; cold ${fmtMs(card.coldFirstMs)})`,
        budget: '≤ 5 ms median',
        pass: f.median <= BUDGETS.firstMs,
        detail: { ...f, cold: card.coldFirstMs, setup },
      },
      {
        figure: '  baseline',
        value: fb.median,
        unit: 'ms',
        display: `${fmtMs(fb.median)} (${ratio(fb.median, f.median)} the card)`,
        budget: '—',
        pass: null,
        detail: { ...fb, cold: base.coldFirstMs },
      },
    );
  } finally {
    await browser.close();
    server.close();
  }
  return rows;
}
