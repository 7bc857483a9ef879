/// <reference types="mocha" />
import { expect, waitUntil } from '@open-wc/testing';
import '../../../src/card/plaid-balance-card.js';
import type { PlaidBalanceCard } from '../../../src/card/card/card.js';
import { failOnConsoleErrors, stage } from '../fixtures/page-fixtures.js';
import { fakeHass } from '../fixtures/hass-fixture.js';
import { forgetKept } from '../../../src/card/trend/kept-statistics.js';

failOnConsoleErrors();

const DAY = 86_400_000;

/** HA's answer to `recorder/statistics_during_period`: 30 daily `state` rows per sensor asked for, rising. */
function answer(msg: {
  statistic_ids: string[];
  start_time: string;
}): Record<string, { start: number; end: number; state: number }[]> {
  const start = Date.parse(msg.start_time);
  return Object.fromEntries(
    msg.statistic_ids.map((id) => [
      id,
      Array.from({ length: 30 }, (_, i) => ({ start: start + i * DAY, end: start + (i + 1) * DAY, state: 100 + i })),
    ]),
  );
}

/** A hass whose `callWS` is this test's: statistics requests are recorded and answered by `respond`. */
function hassAnswering(respond: (msg: never) => Promise<unknown>): {
  hass: ReturnType<typeof fakeHass>;
  requests: unknown[];
} {
  const requests: unknown[] = [];
  const hass = fakeHass();
  (hass as { callWS: unknown }).callWS = (msg: never) => {
    requests.push(msg);
    return respond(msg);
  };
  return { hass, requests };
}

let host: HTMLElement | undefined;
afterEach(() => {
  host?.remove();
  // Each test is a card's first opening in a fresh page, where no answer was kept.
  forgetKept();
});

async function mount(hass: ReturnType<typeof fakeHass>): Promise<PlaidBalanceCard> {
  const card = document.createElement('plaid-balance-card') as PlaidBalanceCard;
  card.setConfig({ type: 'custom:plaid-balance-card', trend: '30d' });
  card.hass = hass;
  host = stage();
  host.append(card);
  await card.updateComplete;
  return card;
}

const drawn = (card: PlaidBalanceCard) =>
  [...card.shadowRoot!.querySelectorAll('.trend path')].filter((p) => p.getAttribute('d')).length;
const held = (card: PlaidBalanceCard) =>
  card.shadowRoot!.querySelectorAll('.trend[aria-hidden="true"]:not(.absent)').length;

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

  it('asks no second time when HA takes the card out and puts it back (a masonry re-layout)', async () => {
    const { hass, requests } = hassAnswering(async (msg) => answer(msg));
    const card = await mount(hass);
    expect(requests).to.have.length(1);
    const lines = drawn(card);
    // HA's masonry view empties its columns and appends every card again when the sidebar docks or the view narrows.
    card.remove();
    host!.append(card);
    // A render after that, as a theme or language change gives one.
    card.setConfig({ type: 'custom:plaid-balance-card', trend: '30d' });
    await card.updateComplete;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(requests, 'the answer from before the re-layout is still good').to.have.length(1);
    expect(drawn(card)).to.equal(lines);
  });

  it('draws at once when its view is opened again (a new card, the same page), and asks HA all the same', async () => {
    const first = await mount(hassAnswering(async (msg) => answer(msg)).hass);
    const lines = drawn(first);
    first.remove();
    // HA creates the view's cards anew; this time HA is slow to answer.
    const { hass, requests } = hassAnswering(() => new Promise(() => undefined));
    const card = await mount(hass);
    expect(drawn(card), 'every line from the answer the page kept').to.equal(lines);
    expect(held(card)).to.equal(0);
    expect(requests, 'the kept answer is refreshed').to.have.length(1);
  });

  it(
    'shows the balances when HA is slow, holding the ' + 'lines\u2019 places, and keeps its height when they arrive',
    async () => {
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
    },
  );

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
      expect(card.shadowRoot!.querySelector('.totals .trend')).to.equal(null);
    });
  }
});

describe('card trends: each currency total with its own line', () => {
  it('draws a currency\u2019s net-worth line under its own sum, before the next currency\u2019s', async () => {
    const { hass } = hassAnswering(async (msg) => answer(msg));
    const card = await mount(hass);
    const root = card.shadowRoot!;
    const sums = [...root.querySelectorAll<HTMLElement>('.totals .sum')];
    const lines = [...root.querySelectorAll<HTMLElement>('.totals .trend.large')];
    expect(
      sums.map((s) => s.textContent),
      'two currencies, or the order below could not be wrong',
    ).to.have.length(2);
    expect(lines.map((l) => l.querySelector('svg')!.getAttribute('aria-label')!.split(':')[0])).to.deep.equal([
      'Total USD',
      'Total EUR',
    ]);
    expect(sums.map((s) => /\$/.test(s.textContent!))).to.deep.equal([true, false], 'USD first, as the lines');
    const [usd, eur] = sums.map((s) => s.getBoundingClientRect());
    const [usdLine, eurLine] = lines.map((l) => l.getBoundingClientRect());
    expect(usdLine!.top, "USD's line below USD's sum").to.be.at.least(usd!.bottom);
    expect(usdLine!.bottom, "and above EUR's").to.be.at.most(eur!.top);
    expect(eurLine!.top, "EUR's line below EUR's sum").to.be.at.least(eur!.bottom);
    const row = root.querySelector('.row .trend svg')!.getBoundingClientRect();
    expect(usdLine!.left, "a total's line starts where the rows' lines do").to.be.closeTo(row.left, 1);
  });
});

describe('card trends: the names a user gave in HA', () => {
  it('names a renamed account\u2019s line by the name its row shows', async () => {
    const { hass } = hassAnswering(async (msg) => answer(msg));
    const sensor = 'sensor.plaid_chase_0000_current';
    expect(hass.states[sensor], 'the fixture has the sensor renamed below').to.exist;
    (hass as { entities?: unknown }).entities = { [sensor]: { name: 'Joint account', device_id: 'dev_chase' } };
    (hass as { devices?: unknown }).devices = { dev_chase: { name_by_user: 'Our bank' } };
    const card = await mount(hass);
    const row = card.shadowRoot!.querySelector(`.row[data-entity-id="${sensor}"]`)!;
    expect(row.querySelector('.account')!.textContent).to.equal('Joint account');
    expect(row.querySelector('.trend svg')!.getAttribute('aria-label')).to.match(/^Joint account: /);
    expect([...card.shadowRoot!.querySelectorAll('.group-title')].map((t) => t.textContent)).to.include('Our bank');
  });
});

describe('card trends: the lines side by side', () => {
  /**
   * Each sensor its own daily slope up to its balance now, so the changes' texts differ in length from "$1.45" to
   * "$14,500.00".
   */
  const SLOPES = [0.05, 500, -3, 12, 1, -40, 7];
  const varied = (msg: { statistic_ids: string[]; start_time: string }, states: Record<string, { state: string }>) => {
    const start = Date.parse(msg.start_time);
    return Object.fromEntries(
      msg.statistic_ids.map((id, k) => [
        id,
        Array.from({ length: 30 }, (_, i) => ({
          start: start + i * DAY,
          end: start + (i + 1) * DAY,
          state: Number(states[id]!.state) - (29 - i) * SLOPES[k % SLOPES.length]!,
        })),
      ]),
    );
  };

  for (const language of ['en', 'de']) {
    it(
      `ends every line at one x, however long its change, so ` + `a day sits at the same x in every row (${language})`,
      async () => {
        const { hass } = hassAnswering(async (msg) => varied(msg, hass.states));
        hass.locale = { ...hass.locale, language };
        const card = await mount(hass);
        const lines = [...card.shadowRoot!.querySelectorAll<HTMLElement>('.trend:not(.absent)')];
        // The texts' own widths, not their boxes'.
        const texts = lines.map((l) => {
          const range = document.createRange();
          range.selectNodeContents(l.querySelector('span')!);
          return range.getBoundingClientRect().width;
        });
        const rights = lines.map((l) => l.querySelector('svg')!.getBoundingClientRect().right);
        expect(lines.length, 'rows and totals with lines').to.be.greaterThan(3);
        // Otherwise the check below would hold for lines of any layout.
        expect(Math.max(...texts) - Math.min(...texts), 'the changes differ in length').to.be.greaterThan(20);
        expect(Math.max(...rights) - Math.min(...rights), `the lines' right ends: ${rights.join(', ')}`).to.be.lessThan(
          1,
        );
      },
    );
  }
});
