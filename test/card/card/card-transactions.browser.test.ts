/// <reference types="mocha" />
// The card's spending line and recent transactions in Chromium, against hand-made month and recent sensors
// checked against the protocol's schemas (money-fixture.ts).
import { expect } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import type { HomeAssistant } from 'custom-card-helpers';
import '../../../src/card/plaid-balance-card.js';
import type { PlaidBalanceCard } from '../../../src/card/card/card.js';
import { iconsDrawn } from '../fixtures/ha-icon-stub.js';
import {
  DARK_THEME,
  LIGHT_THEME,
  applyTheme,
  clearTheme,
  failOnConsoleErrors,
  screenshot,
  stage,
  normalizedText,
} from '../fixtures/page-fixtures.js';
import { SAMPLE_ACCOUNTS, fakeHass, nextHass, otherEntity, statesFor } from '../fixtures/hass-fixture.js';
import { byId, incomeEntity, recentEntity, spendingEntity, tx } from '../fixtures/money-fixture.js';

failOnConsoleErrors();

const [checking, savings, sapphire, giro] = SAMPLE_ACCOUNTS as [
  (typeof SAMPLE_ACCOUNTS)[0],
  (typeof SAMPLE_ACCOUNTS)[0],
  (typeof SAMPLE_ACCOUNTS)[0],
  (typeof SAMPLE_ACCOUNTS)[0],
];

const moneySensors = byId(
  spendingEntity(checking, 834.5, 700),
  spendingEntity(sapphire, 400, 400),
  spendingEntity(giro, 312.4, 280.1),
  incomeEntity(checking, 4200),
  recentEntity(checking, [
    tx('2026-12-07', 'Blue Bottle Coffee', 4.5, { pending: true }),
    tx('2026-12-05', 'Acme Corp Payroll', 2100, { direction: 'in', event_type: 'income', category: 'INCOME' }),
    tx('2026-12-01', 'Transfer to Savings', 500, { event_type: 'transfer', category: 'TRANSFER_OUT' }),
  ]),
  // The user renamed this one in HA: found by its marker and account id.
  recentEntity(
    sapphire,
    [
      tx('2026-12-06', 'Delta Air Lines', 312.8, { category: 'TRAVEL' }),
      tx('2026-12-04', 'Whole Foods Market', 86.13, { category: 'FOOD_AND_DRINK' }),
      tx('2026-12-02', 'Refund: Amazon', 24.99, {
        direction: 'in',
        event_type: 'refund',
        category: 'GENERAL_MERCHANDISE',
      }),
    ],
    'sensor.sapphire_transactions',
  ),
  recentEntity(giro, [tx('2026-12-03', 'Stadtwerke München', 64, { category: 'RENT_AND_UTILITIES' })]),
);
const states = { ...statesFor(SAMPLE_ACCOUNTS), ...moneySensors };

let host: HTMLDivElement | undefined;
afterEach(() => host?.remove());

async function mount(config: Record<string, unknown> = {}, hass: HomeAssistant = fakeHass({ states })) {
  host = stage();
  const card = document.createElement('plaid-balance-card') as PlaidBalanceCard;
  card.setConfig({ type: 'custom:plaid-balance-card', ...config });
  card.hass = hass;
  host.append(card);
  await card.updateComplete;
  return card;
}

const clean = normalizedText;

function txRows(card: PlaidBalanceCard): HTMLElement[] {
  return [...card.shadowRoot!.querySelectorAll<HTMLElement>('.tx')];
}

function spendingLines(card: PlaidBalanceCard): string[] {
  return [...card.shadowRoot!.querySelectorAll('.spending p')].map((p) => clean(p.textContent!));
}

describe('spending this month', () => {
  it('says per currency what the shown accounts spent and what they had by this day last month', async () => {
    const card = await mount();
    expect(spendingLines(card)).to.deep.equal([
      'Spent $1,234.50 this month · $1,100.00 by this day last month',
      'Spent €312.40 this month · €280.10 by this day last month',
    ]);
  });

  it('counts only the accounts the card shows', async () => {
    const card = await mount({ entities: ['sensor.plaid_chase_0000_current'] });
    expect(spendingLines(card)).to.deep.equal(['Spent $834.50 this month · $700.00 by this day last month']);
    expect(txRows(card).map((r) => r.querySelector('.account')!.textContent)).to.deep.equal([
      'Blue Bottle Coffee',
      'Acme Corp Payroll',
      'Transfer to Savings',
    ]);
  });
});

describe('recent transactions', () => {
  it('lists the newest five by default with date, name, mask, direction, pending tag and icon', async () => {
    const card = await mount();
    const rows = txRows(card);
    expect(rows.map((r) => clean(r.textContent!))).to.deep.equal([
      'Blue Bottle Coffee -$4.50 Dec 7••0000Pending',
      'Delta Air Lines -$312.80 Dec 6••3333',
      'Acme Corp Payroll +$2,100.00 Dec 5••0000',
      'Whole Foods Market -$86.13 Dec 4••3333',
      'Stadtwerke München -€64.00 Dec 3••4321',
    ]);
    expect(rows.map((r) => r.classList.contains('in'))).to.deep.equal([false, false, true, false, false]);
    expect(rows.map((r) => r.querySelector('ha-icon')!.getAttribute('icon'))).to.deep.equal([
      'mdi:silverware-fork-knife',
      'mdi:airplane',
      'mdi:cash-plus',
      'mdi:silverware-fork-knife',
      'mdi:home-lightning-bolt',
    ]);
    // Money in reads apart from money out by more than its sign.
    const color = (r: HTMLElement) => getComputedStyle(r.querySelector('.amount')!).color;
    expect(color(rows[2]!)).to.not.equal(color(rows[1]!));
  });

  it('lists as many as `transactions` says, and none for 0; HA learns the card grew', async () => {
    const seven = await mount({ transactions: 7 });
    expect(txRows(seven)).to.have.length(7);
    // Five accounts, the title and the totals, two spending lines, the list's header and its seven rows.
    expect(seven.getCardSize()).to.equal(7 + 2 + 8);
    host!.remove();
    const hidden = await mount({ transactions: 0 });
    expect(txRows(hidden)).to.have.length(0);
    expect(hidden.getCardSize()).to.equal(7 + 2);
    expect(hidden.shadowRoot!.querySelector('.transactions')).to.equal(null);
    expect(spendingLines(hidden)).to.have.length(2);
  });

  it('reads each row in words as a button', async () => {
    const rows = txRows(await mount());
    expect(rows.every((r) => r.getAttribute('role') === 'button' && r.tabIndex === 0)).to.equal(true);
    expect(clean(rows[0]!.getAttribute('aria-label')!)).to.equal(
      'Dec 7, Blue Bottle Coffee, Total Checking ••0000, spent $4.50, Pending',
    );
    expect(clean(rows[2]!.getAttribute('aria-label')!)).to.equal(
      'Dec 5, Acme Corp Payroll, Total Checking ••0000, received $2,100.00',
    );
  });

  it("opens more-info of the transaction's account on a tap and on Enter", async () => {
    const card = await mount();
    const opened: string[] = [];
    card.addEventListener('hass-more-info', (e) => opened.push((e as CustomEvent).detail.entityId));
    const rows = txRows(card);
    rows[1]!.querySelector<HTMLElement>('.account')!.click();
    rows[4]!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, composed: true }));
    expect(opened).to.deep.equal(['sensor.plaid_chase_3333_current', 'sensor.plaid_deutsche_bank_4321_current']);
  });

  it('hides the amounts in privacy mode until a tap reveals them', async () => {
    const card = await mount({ privacy: true });
    const opened: string[] = [];
    card.addEventListener('hass-more-info', (e) => opened.push((e as CustomEvent).detail.entityId));
    const text = clean(card.shadowRoot!.textContent!);
    expect(text).to.not.contain('$4.50');
    expect(text).to.not.contain('by this day');
    expect(spendingLines(card)[0]).to.equal('Spent •••••• this month');
    expect(clean(txRows(card)[0]!.querySelector('.amount')!.textContent!)).to.equal('••••••');
    expect(txRows(card)[0]!.getAttribute('aria-label')).to.contain('amount hidden').and.not.contain('$');
    txRows(card)[0]!.click();
    await card.updateComplete;
    expect(opened).to.deep.equal([]);
    expect(clean(txRows(card)[0]!.querySelector('.amount')!.textContent!)).to.equal('-$4.50');
  });

  it('speaks German', async () => {
    const card = await mount({}, fakeHass({ states, language: 'de' }));
    expect(clean(card.shadowRoot!.querySelector('.transactions .section-title')!.textContent!)).to.equal(
      'Letzte Umsätze',
    );
    expect(spendingLines(card)[0]).to.equal(
      'Diesen Monat 1.234,50 $ ausgegeben · 1.100,00 $ bis zu diesem Tag im Vormonat',
    );
    const first = txRows(card)[0]!;
    expect(clean(first.querySelector('.amount')!.textContent!)).to.equal('-4,50 $');
    expect(clean(txRows(card)[2]!.querySelector('.amount')!.textContent!)).to.equal('+2.100,00 $');
    expect(clean(first.querySelector('.tx-meta')!.textContent!)).to.equal('7. Dez.••0000Vorgemerkt');
    expect(clean(first.getAttribute('aria-label')!)).to.equal(
      '7. Dez., Blue Bottle Coffee, Total Checking ••0000, 4,50 $ ausgegeben, Vorgemerkt',
    );
  });

  it('re-renders when a recent list changes, not for an unrelated entity', async () => {
    let hass = fakeHass({ states });
    const card = await mount({}, hass);
    let renders = 0;
    const render = (card as unknown as { render(): unknown }).render.bind(card);
    (card as unknown as { render(): unknown }).render = () => {
      renders++;
      return render();
    };
    hass = nextHass(hass, { 'light.kitchen': otherEntity('light.kitchen') });
    card.hass = hass;
    await card.updateComplete;
    expect(renders).to.equal(0);
    const renamed = recentEntity(
      sapphire,
      [tx('2026-12-08', 'Shell', 40, { category: 'TRANSPORTATION' })],
      'sensor.sapphire_transactions',
    );
    hass = nextHass(hass, { [renamed.entity_id]: renamed });
    card.hass = hass;
    await card.updateComplete;
    expect(renders).to.equal(1);
    expect(txRows(card)[0]!.querySelector('.account')!.textContent).to.equal('Shell');
    const added = spendingEntity(savings, 10, 0);
    hass = nextHass(hass, { [added.entity_id]: added });
    card.hass = hass;
    await card.updateComplete;
    expect(renders).to.equal(2);
    expect(spendingLines(card)[0]).to.contain('$1,244.50');
  });
});

/** Text cut with an ellipsis or clipped: wider than its box. */
const cut = (el: Element) => el.scrollWidth > el.clientWidth + 1;

describe('recent transactions as a user sees them', () => {
  afterEach(async () => {
    clearTheme(document.body);
    await setViewport({ width: 800, height: 600 });
  });
  for (const layout of [
    { name: 'desktop', width: 1280, height: 900, column: 420 },
    { name: 'phone', width: 390, height: 1000, column: 390 },
  ]) {
    for (const { name: themeName, theme, dark } of [
      { name: 'light', theme: LIGHT_THEME, dark: false },
      { name: 'dark', theme: DARK_THEME, dark: true },
    ]) {
      for (const language of ['en', 'de']) {
        const shot = `${layout.name}-${themeName}-${language}`;
        it(`fits ${shot}`, async () => {
          await setViewport({ width: layout.width, height: layout.height });
          applyTheme(document.body, theme);
          host = document.createElement('div');
          host.style.cssText = `width: ${layout.column}px; padding: 8px; box-sizing: border-box;`;
          document.body.append(host);
          const card = document.createElement('plaid-balance-card') as PlaidBalanceCard;
          card.setConfig({ type: 'custom:plaid-balance-card', group_by: 'type', trend: 'none' });
          card.hass = fakeHass({ states, language, darkMode: dark });
          host.append(card);
          await card.updateComplete;
          await iconsDrawn(card.shadowRoot!);
          for (const row of txRows(card)) {
            expect(cut(row.querySelector('.amount')!), row.textContent!).to.equal(false);
            expect(row.getBoundingClientRect().height).to.be.below(70);
          }
          await screenshot(`card-transactions-${shot}`, host);
        });
      }
    }
  }
});
