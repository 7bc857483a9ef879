/// <reference types="mocha" />
import { expect, waitUntil } from '@open-wc/testing';
import '../../../src/card/index.js';
import type { PlaidBalanceCard } from '../../../src/card/card/card.js';
import { failOnConsoleErrors, stage } from '../fixtures/browser.js';
import { fakeHass } from '../fixtures/hass.js';

failOnConsoleErrors();

const DAY = 86_400_000;

/** HA's answer to `recorder/statistics_during_period`: 30 daily `state` rows per sensor asked for, rising. */
function answer(msg: { statistic_ids: string[]; start_time: string }): Record<string, { start: number; end: number; state: number }[]> {
  const start = Date.parse(msg.start_time);
  return Object.fromEntries(
    msg.statistic_ids.map((id) => [id, Array.from({ length: 30 }, (_, i) => ({ start: start + i * DAY, end: start + (i + 1) * DAY, state: 100 + i }))]),
  );
}

/** A hass whose `callWS` is this test's: statistics requests are recorded and answered by `respond`. */
function hassAnswering(respond: (msg: never) => Promise<unknown>): { hass: ReturnType<typeof fakeHass>; requests: unknown[] } {
  const requests: unknown[] = [];
  const hass = fakeHass();
  (hass as { callWS: unknown }).callWS = (msg: never) => {
    requests.push(msg);
    return respond(msg);
  };
  return { hass, requests };
}

let host: HTMLElement | undefined;
afterEach(() => host?.remove());

async function mount(hass: ReturnType<typeof fakeHass>): Promise<PlaidBalanceCard> {
  const card = document.createElement('plaid-balance-card') as PlaidBalanceCard;
  card.setConfig({ type: 'custom:plaid-balance-card', trend: '30d' });
  card.hass = hass;
  host = stage();
  host.append(card);
  await card.updateComplete;
  return card;
}

const drawn = (card: PlaidBalanceCard) => [...card.shadowRoot!.querySelectorAll('.trend path')].filter((p) => p.getAttribute('d')).length;
const held = (card: PlaidBalanceCard) => card.shadowRoot!.querySelectorAll('.trend[aria-hidden="true"]:not(.absent)').length;

describe('card trends: the first render and the statistics answer', () => {
  it('renders once HA answered, with every line drawn', async () => {
    const { hass, requests } = hassAnswering(async (msg) => answer(msg));
    const card = await mount(hass);
    const rows = card.shadowRoot!.querySelectorAll('.row').length;
    expect(rows).to.be.greaterThan(0);
    // Every row's line and each currency total's line, in the first render the card shows.
    expect(drawn(card)).to.be.greaterThan(rows);
    expect(held(card)).to.equal(0);
    expect(requests).to.have.length(1);
  });

  it('shows the balances when HA is slow, holding the lines\u2019 places, and keeps its height when they arrive', async () => {
    let release: () => void = () => undefined;
    const { hass } = hassAnswering((msg) => new Promise((resolve) => (release = () => resolve(answer(msg)))));
    const card = await mount(hass);
    const rows = card.shadowRoot!.querySelectorAll('.row').length;
    expect(rows, 'balances shown before the answer').to.be.greaterThan(0);
    expect(drawn(card)).to.equal(0);
    expect(held(card)).to.be.greaterThan(rows);
    const before = card.getBoundingClientRect().height;
    release();
    await waitUntil(() => held(card) === 0 && drawn(card) > rows, 'the lines drawn');
    expect(card.getBoundingClientRect().height).to.be.closeTo(before, 1);
  });

  for (const [what, respond] of [
    ['HA has no recorder', () => Promise.reject(new Error('Unknown command.'))],
    // New sensors: HA compiles their first statistics after their first hour.
    ['HA has no statistics for these sensors yet', () => Promise.resolve({})],
  ] as const) {
    it(`shows no lines, and holds no places, when ${what}`, async () => {
      const { hass } = hassAnswering(respond);
      const card = await mount(hass);
      await waitUntil(() => held(card) === 0, 'the places given up');
      expect(card.shadowRoot!.querySelectorAll('.row').length).to.be.greaterThan(0);
      expect(drawn(card)).to.equal(0);
      expect(card.shadowRoot!.querySelector('.total-trends')).to.equal(null);
    });
  }
});
