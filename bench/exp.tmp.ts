import { build } from 'esbuild';
import { createServer } from 'node:http';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../scripts/chromium.mjs';
const b = async (e: string) => (await build({ entryPoints: [e], bundle: true, format: 'esm', write: false, minify: true, logLevel: 'silent', tsconfig: 'tsconfig.json' })).outputFiles[0]!.text;
const files: Record<string, string> = { '/card.js': await b('src/card/index.ts'), '/naive.js': await b('bench/baseline-card.ts'), '/page.js': await b('bench/exp-page.tmp.ts'),
  '/': '<!doctype html><html><body><script type="module" src="/card.js"></script><script type="module" src="/naive.js"></script><script type="module" src="/page.js"></script></body></html>' };
const server = createServer((req, res) => { const body = files[req.url!]; res.writeHead(body ? 200 : 404, { 'content-type': req.url!.endsWith('.js') ? 'text/javascript' : 'text/html', 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' }); res.end(body ?? ''); });
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
const page = await browser.newPage();
await page.goto(`http://127.0.0.1:${(server.address() as any).port}/`);
await page.waitForFunction(() => (window as any).result, null, { timeout: 120000 });
console.log(await page.evaluate(() => (window as any).result));
await browser.close(); server.close();
