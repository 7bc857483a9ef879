// The built card's trends in Debian's Chromium, drawn from the HA simulator's
// long-term statistics over the real home-assistant-js-websocket: 90 days of
// history for every sample account, then the card with `trend: 30d`, light
// and dark, English and German, 390 px wide. Screenshots: test-output/e2e/trends-NN-*.png.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { SAMPLE_ACCOUNTS, balanceEntity } from '../card/fixtures/hass.js';
import { mountDashboard, type DashboardUrl, type DashboardView } from '../sim/dashboard/dashboard.js';
import { writeLinkedHistory } from '../sim/ha/demo-history.js';
import { startHaSim, type HaSim } from '../sim/ha/server.js';
import { attachStatistics } from '../sim/ha/statistics.js';
import { launchBrowser, Screenshots } from './support/browser.js';

let sim: HaSim | undefined;
let browser: Browser | undefined;
let url: DashboardUrl;
const shots = new Screenshots('trends-');
const statisticsRequests: string[] = [];

async function open(view: DashboardView): Promise<Page> {
  const page = await browser!.newPage({ viewport: { width: 390, height: 900 } });
  page.on('websocket', (ws) =>
    ws.on('framesent', (f) => {
      const text = String(f.payload);
      if (text.includes('recorder/statistics_during_period')) statisticsRequests.push(text);
    }),
  );
  await page.goto(url('admin', view));
  await page.locator('plaid-balance-card .trend svg').first().waitFor();
  return page;
}

describe('card trends against the simulated recorder', () => {
  before(async () => {
    sim = await startHaSim({ config: { time_zone: 'Europe/Berlin' } });
    const stats = attachStatistics(sim);
    for (const spec of SAMPLE_ACCOUNTS) {
      for (const kind of spec.kinds) {
        const e = balanceEntity(spec, kind);
        sim.setState(e.entity_id, e.state, e.attributes as never);
      }
    }
    for (const institution of new Set(SAMPLE_ACCOUNTS.map((a) => a.institution))) writeLinkedHistory(stats, sim.states, { institution });
    ({ url } = mountDashboard(sim, { card: { type: 'custom:plaid-balance-card', title: 'Bank balances', trend: '30d' } }));
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await sim?.close();
  });

  for (const view of [
    { theme: 'light', lang: 'en' },
    { theme: 'dark', lang: 'en' },
    { theme: 'light', lang: 'de' },
    { theme: 'dark', lang: 'de' },
  ] as const) {
    it(`draws each account's 30-day sparkline and change and a net-worth trend per currency (${view.theme}, ${view.lang})`, async () => {
      const page = await open(view);
      const card = page.locator('plaid-balance-card');
      const rowsWithTrend = card.locator('.row .trend svg');
      // Every sample account with a numeric balance has history.
      assert.equal(await rowsWithTrend.count(), SAMPLE_ACCOUNTS.filter((a) => a.current !== null).length);
      const labels = await rowsWithTrend.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
      const words = view.lang === 'de' ? /in 30 Tagen$/ : /in 30 days$/;
      assert.ok(labels.every((l) => l && words.test(l)), labels.join(' | '));
      assert.equal(await card.locator('.total-trends .trend.large').count(), 2, 'USD and EUR');
      const path = await rowsWithTrend.first().locator('path').getAttribute('d');
      assert.match(path ?? '', /^M0 [\d.]+(L[\d.]+ [\d.]+){20,}$/);
      await shots.take(page, `${view.theme}-${view.lang}`);
      await page.close();
    });
  }

  it('in privacy mode draws the shape without amounts until tapped', async () => {
    const privateSim = await startHaSim({ config: { time_zone: 'Europe/Berlin' } });
    let page: Page | undefined;
    try {
      const stats = attachStatistics(privateSim);
      for (const spec of SAMPLE_ACCOUNTS) {
        const e = balanceEntity(spec, 'current');
        privateSim.setState(e.entity_id, e.state, e.attributes as never);
      }
      for (const institution of new Set(SAMPLE_ACCOUNTS.map((a) => a.institution))) writeLinkedHistory(stats, privateSim.states, { institution });
      const dash = mountDashboard(privateSim, { card: { type: 'custom:plaid-balance-card', privacy: true, trend: '30d' } });
      page = await browser!.newPage({ viewport: { width: 390, height: 900 } });
      await page.goto(dash.url('admin', { theme: 'light', lang: 'en' }));
      const card = page.locator('plaid-balance-card');
      await card.locator('.trend svg').first().waitFor();
      const text = await card.locator('ha-card').innerText();
      assert.doesNotMatch(text, /in 30 days|\$/, 'no amount and no change while concealed');
      const label = await card.locator('.row .trend svg').first().getAttribute('aria-label');
      assert.match(label ?? '', /balance trend, amounts hidden$/);
      await shots.take(page, 'privacy-light-en');
      await card.locator('.reveal').click();
      await card.locator('.trend', { hasText: 'in 30 days' }).first().waitFor();
    } finally {
      await page?.close();
      await privateSim.close();
    }
  });

  it('asks for daily states once per showing, from the card\'s start of period', async () => {
    const asked = statisticsRequests.map((t) => JSON.parse(t)).flat().filter((m) => m.type === 'recorder/statistics_during_period');
    assert.equal(asked.length, 4, 'one request per page opened by open()');
    for (const m of asked) {
      assert.equal(m.period, 'day');
      assert.deepEqual(m.types, ['state']);
      assert.ok(Math.abs(Date.parse(m.start_time) - (Date.now() - 30 * 86_400_000)) < 300_000);
    }
  });
});
