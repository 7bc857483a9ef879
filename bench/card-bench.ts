/**
 * Card figures on their own: the size of the COMMITTED dist/ (plaid-balance-card.js
 * and its chunks, not a fresh build), and its `hass` updates on a fake `hass` in a
 * page of Debian's Chromium, timed inside the page. The card against HA's own cards
 * is bench/ha-frontend-bench.ts. See docs/performance.md.
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
import { summarize } from './stats.js';
import { fmtMs, fmtUs, type Row } from './table.js';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
export const CARD_BUNDLE = here('../dist/plaid-balance-card.js');

export const BUDGETS = {
  // "25 KB" read the strict way (decimal), so the figure passes whichever way the budget was meant.
  gzipBytes: 25_000,
  unrelatedUs: 50,
  ownMs: 2,
};

/** The card as the bench times it: trends on, as most users will run it. */
const CARD_CONFIG = { type: 'custom:plaid-balance-card', trend: '30d' };

/** The card's strings in one language (rollup.config.mjs names them): the card loads its user's before it draws. */
const STRINGS_CHUNK = /^plaid-balance-card-strings-[\w-]+-[\w-]+\.js$/;

/**
 * The committed dist/ files, split into what loading the entry fetches (its
 * static imports, followed from file to file), the language chunks (of which
 * a dashboard loads one) and what only a dynamic `import("./…")` fetches
 * later. Rollup writes static imports as `import{…}from"./x.js"` or
 * `import"./x.js"`; `import(` is the dynamic form.
 */
async function cardFiles(): Promise<{
  bodies: Record<string, Buffer>;
  loaded: string[];
  strings: string[];
  lazy: string[];
}> {
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
  const dynamic = names.filter((n) => !loaded.includes(n));
  return {
    bodies,
    loaded,
    strings: dynamic.filter((n) => STRINGS_CHUNK.test(n)),
    lazy: dynamic.filter((n) => !STRINGS_CHUNK.test(n)),
  };
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
}

export async function runCardBench(options: CardBenchOptions = {}): Promise<Row[]> {
  const log = options.log ?? (() => {});
  const rows: Row[] = [];

  // Size of the committed bundle: what a browser fetches to show the card, and the dialog's chunk apart.
  const files = await cardFiles();
  const gzipOf = (names: readonly string[]) =>
    names.reduce((n, name) => n + gzipSync(files.bodies[name]!, { level: 9 }).length, 0);
  const rawOf = (names: readonly string[]) => names.reduce((n, name) => n + files.bodies[name]!.length, 0);
  // Exactly one language's strings load with the card (localize.ts): the largest of them counts.
  const [largestStrings] = [...files.strings].sort((a, b) => gzipOf([b]) - gzipOf([a]));
  const asLoaded = largestStrings ? [...files.loaded, largestStrings] : files.loaded;
  const gz = gzipOf(asLoaded);
  const distTime = (await stat(CARD_BUNDLE)).mtime.toISOString();
  rows.push(
    {
      figure: 'card as loaded: dist entry + its static imports + its largest language chunk, gzip -9 (raw)',
      value: gz,
      unit: 'bytes',
      display:
        `${gz.toLocaleString('en-US')} bytes (raw ${rawOf(asLoaded).toLocaleString('en-US')}; ` +
        `${asLoaded.length} files)`,
      budget: '≤ 25 KB (25,000 bytes) gzipped',
      pass: gz <= BUDGETS.gzipBytes,
      detail: {
        gzipBytes: gz,
        rawBytes: rawOf(asLoaded),
        files: Object.fromEntries(asLoaded.map((f) => [f, gzipOf([f])])),
        languageChunks: Object.fromEntries(files.strings.map((f) => [f, gzipOf([f])])),
        mtime: distTime,
      },
    },
    {
      figure: '  link dialog chunk, loaded when an admin first opens it',
      value: gzipOf(files.lazy),
      unit: 'bytes',
      display: `${gzipOf(files.lazy).toLocaleString('en-US')} bytes (raw ${rawOf(files.lazy).toLocaleString('en-US')})`,
      budget: 'a chunk of its own, not loaded with the card',
      // The dialog's element is defined in a file the card's entry does not import statically.
      pass: files.lazy.some((f) => /customElements\.define\(/.test(files.bodies[f]!.toString('utf8'))),
      detail: { files: Object.fromEntries(files.lazy.map((f) => [f, gzipOf([f])])) },
    },
  );

  const [pageJs, sourceJs] = await Promise.all([
    bundle('./page/card-page.ts', false),
    options.fromSource ? bundle('../src/card/plaid-balance-card.ts', false) : undefined,
  ]);
  const { server, url } = await serve({
    '/card.html': page('/plaid-balance-card.js'),
    ...(sourceJs
      ? { '/plaid-balance-card.js': sourceJs }
      : Object.fromEntries(Object.entries(files.bodies).map(([name, body]) => [`/${name}`, body]))),
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
    };
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
    const card = await run('/card.html', { ...common, tag: 'plaid-balance-card', config: CARD_CONFIG });
    if (card.rowsShown !== common.accounts)
      throw new Error(`expected ${common.accounts} rows, the page shows ${card.rowsShown}`);
    if (!card.crossOriginIsolated)
      log('  warning: page not cross-origin isolated; performance.now() is coarse (100 µs)');
    // 50 row sparklines and one net-worth trend per currency.
    if (card.linesShown <= common.accounts)
      throw new Error(`expected trends on every row and the totals, the page shows ${card.linesShown}`);
    if (card.unrelatedStatisticsRequests !== 0)
      throw new Error(`the card asked for statistics ${card.unrelatedStatisticsRequests} times on unrelated updates`);
    if (card.unrelatedRenders !== 0)
      throw new Error(`the card rendered ${card.unrelatedRenders} times for unrelated updates`);

    const u = summarize(card.unrelatedUs);
    const o = summarize(card.ownMs);
    const setup =
      `${common.noise} entities + ${common.accounts} balance sensors in 5 institutions, discovery, trend: 30d ` +
      `(30 daily statistics per sensor)`;
    rows.push(
      {
        figure: 'card alone: hass update, none of its entities (per update)',
        value: u.median,
        unit: 'µs',
        display: `${fmtUs(u.median)} (p95 ${fmtUs(u.p95)}; ${u.n}×${common.unrelated.perBatch})`,
        budget: '≤ 50 µs median',
        pass: u.median <= BUDGETS.unrelatedUs,
        detail: { ...u, perBatch: common.unrelated.perBatch, renders: card.unrelatedRenders, setup },
      },
      {
        figure: 'card alone: hass update, 1 of its 50 accounts, until rendered',
        value: o.median,
        unit: 'ms',
        display: `${fmtMs(o.median)} (p95 ${fmtMs(o.p95)}; n=${o.n})`,
        budget: '≤ 2 ms median',
        pass: o.median <= BUDGETS.ownMs,
        detail: { ...o, renders: card.ownRenders, checkedOnScreen: card.ownChecked, setup },
      },
    );
  } finally {
    await browser.close();
    server.close();
  }
  return rows;
}
