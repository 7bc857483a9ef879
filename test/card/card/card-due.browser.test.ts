/// <reference types="mocha" />
// Payment dues in the card: each credit card's and loan's due line with its
// colour and text alternative, the totals' 7-day line, privacy, German, which
// updates re-render, and the screenshots in docs/images/card-due-*.png.
import { expect } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import type { HomeAssistant } from 'custom-card-helpers';
import type { HassEntities } from 'home-assistant-js-websocket';
import '../../../src/card/plaid-balance-card.js';
import type { PlaidBalanceCard } from '../../../src/card/card/card.js';
import { dueSensorId } from '../../../src/protocol/index.js';
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
import { dueStates, utcDay, type DueSpec } from '../fixtures/due-fixture.js';
import {
  SAMPLE_ACCOUNTS,
  fakeHass,
  nextHass,
  otherEntity,
  statesFor,
  withNoise,
  type AccountSpec,
} from '../fixtures/hass-fixture.js';

failOnConsoleErrors();

const checking = SAMPLE_ACCOUNTS[0]!;
const card: AccountSpec = { ...SAMPLE_ACCOUNTS[2]!, name: 'Sapphire Card' };
const studentLoan: AccountSpec = {
  institution: 'Chase',
  itemId: 'item_chase',
  accountId: 'acc_chase_student',
  name: 'Student Loan',
  mask: '4444',
  type: 'loan',
  subtype: 'student',
  currency: 'USD',
  current: 18250,
  available: null,
  kinds: ['current'],
};
const mortgage: AccountSpec = {
  institution: 'Wells Fargo',
  itemId: 'item_wf',
  accountId: 'acc_wf_mortgage',
  name: 'Home Mortgage',
  mask: '5555',
  type: 'loan',
  subtype: 'mortgage',
  currency: 'USD',
  current: 286400,
  available: null,
  kinds: ['current'],
};

const CARD_DUE: DueSpec = { date: utcDay(2), minimum: 35 };
const LOAN_DUE: DueSpec = { date: utcDay(10), minimum: 120.5 };
const MORTGAGE_DUE: DueSpec = { date: utcDay(-5), minimum: 1850, overdue: true };

function states(dues: { card?: DueSpec; loan?: DueSpec; mortgage?: DueSpec } = {}): HassEntities {
  return {
    ...statesFor([checking, card, studentLoan, mortgage]),
    ...dueStates(card, dues.card ?? CARD_DUE),
    ...dueStates(studentLoan, dues.loan ?? LOAN_DUE),
    ...dueStates(mortgage, dues.mortgage ?? MORTGAGE_DUE),
  };
}

/** HA's server in UTC, the zone utcDay counts in, and the user's profile set to the server's zone. */
function hassWith(s: HassEntities, language = 'en', darkMode = false): HomeAssistant {
  const hass = fakeHass({ states: s, language, darkMode });
  return {
    ...hass,
    config: { ...hass.config, time_zone: 'UTC' },
    locale: { ...hass.locale, time_zone: 'server' },
  } as HomeAssistant;
}

/** The bank's day as HA's language writes it: the date is formatted in UTC, where utcDay made it. */
function day(date: string, language: string, month: 'short' | 'long'): string {
  return new Intl.DateTimeFormat(language, { day: 'numeric', month, timeZone: 'UTC' }).format(Date.parse(date));
}

let host: HTMLDivElement;

async function mount(config: Record<string, unknown>, hass: HomeAssistant, theme?: Record<string, string>) {
  host = stage(theme);
  const el = document.createElement('plaid-balance-card') as PlaidBalanceCard;
  el.setConfig({ type: 'custom:plaid-balance-card', ...config });
  el.hass = hass;
  host.append(el);
  await el.updateComplete;
  return el;
}

const clean = normalizedText;

function row(el: PlaidBalanceCard, name: string): HTMLElement {
  const found = [...el.shadowRoot!.querySelectorAll<HTMLElement>('.row')].find((r) => r.textContent!.includes(name));
  if (!found) throw new Error(`no row ${name}`);
  return found;
}

const visibleDue = (r: HTMLElement) => clean(r.querySelector('.due [aria-hidden="true"]')?.textContent ?? '');
const spokenDue = (r: HTMLElement) => clean(r.querySelector('.due .spoken')?.textContent ?? '');
const upcoming = (el: PlaidBalanceCard) =>
  [...el.shadowRoot!.querySelectorAll('.totals .upcoming')].map((u) => clean(u.textContent!));

/** The rgb channels of a computed colour, whichever syntax Chromium gives it in. */
function channels(el: Element): number[] {
  const c = getComputedStyle(el).color;
  const nums = (c.match(/[\d.]+/g) ?? []).map(Number);
  // color(srgb r g b) has channels 0..1, rgb() 0..255.
  return c.startsWith('color(') ? nums.slice(0, 3).map((n) => Math.round(n * 255)) : nums.slice(0, 3);
}

afterEach(() => host?.remove());

describe('payment dues on the card', () => {
  it("shows each credit card's and loan's due date and minimum, and nothing for a checking account", async () => {
    const el = await mount({}, hassWith(states()));
    expect(visibleDue(row(el, 'Sapphire Card'))).to.equal(`Due ${day(CARD_DUE.date!, 'en', 'short')} · min $35.00`);
    expect(visibleDue(row(el, 'Student Loan'))).to.equal(`Due ${day(LOAN_DUE.date!, 'en', 'short')} · min $120.50`);
    expect(visibleDue(row(el, 'Home Mortgage'))).to.equal(
      `Overdue · Due ${day(MORTGAGE_DUE.date!, 'en', 'short')} · min $1,850.00`,
    );
    expect(row(el, 'Total Checking').querySelector('.due')).to.equal(null);
  });

  it('colours a due within 3 days with the warning colour and an overdue one with the error colour', async () => {
    const el = await mount({}, hassWith(states()), {
      ...LIGHT_THEME,
      '--warning-color': '#ffa600',
      '--error-color': '#db4437',
    });
    const [soon, normal, overdue] = ['Sapphire Card', 'Student Loan', 'Home Mortgage'].map((n) =>
      row(el, n).querySelector('.due')!,
    );
    expect([soon.className, normal.className, overdue.className]).to.deep.equal([
      'due soon',
      'due normal',
      'due overdue',
    ]);
    const [sr, sg, sb] = channels(soon);
    expect(sr > sg && sg > sb, `orange: ${getComputedStyle(soon).color}`).to.equal(true);
    const [or, og, ob] = channels(overdue);
    expect(or > og + 60 && or > ob + 60, `red: ${getComputedStyle(overdue).color}`).to.equal(true);
    const [nr, ng, nb] = channels(normal);
    expect(nr === ng && ng === nb, `grey: ${getComputedStyle(normal).color}`).to.equal(true);
  });

  it('reads the due out in full as part of the row, a button', async () => {
    const el = await mount({}, hassWith(states()));
    const r = row(el, 'Home Mortgage');
    expect(r.getAttribute('role')).to.equal('button');
    expect(spokenDue(r)).to.equal(`overdue, due ${day(MORTGAGE_DUE.date!, 'en', 'long')}, minimum payment $1,850.00`);
    expect(spokenDue(row(el, 'Sapphire Card'))).to.equal(
      `due ${day(CARD_DUE.date!, 'en', 'long')}, minimum payment $35.00`,
    );
    const spoken = r.querySelector('.due .spoken')!.getBoundingClientRect();
    expect([spoken.width, spoken.height], 'only screen readers get it').to.deep.equal([1, 1]);
  });

  it('adds the minimum payments due in the next 7 days, overdue ones included, to the totals', async () => {
    const el = await mount({}, hassWith(states()));
    expect(upcoming(el)).to.deep.equal(['Due in the next 7 days: $1,885.00']);
    const later = await mount({}, hassWith(states({ card: { date: utcDay(9), minimum: 35 }, mortgage: LOAN_DUE })));
    expect(upcoming(later), 'nothing due within 7 days: no line').to.deep.equal([]);
  });

  it('hides the minimum payments and the 7-day total in privacy mode until tapped', async () => {
    const el = await mount({ privacy: true }, hassWith(states()));
    const r = row(el, 'Sapphire Card');
    expect(visibleDue(r)).to.equal(`Due ${day(CARD_DUE.date!, 'en', 'short')} · min ••••••`);
    expect(spokenDue(r)).not.to.contain('$');
    expect(upcoming(el)).to.deep.equal(['Due in the next 7 days: ••••••']);
    r.click();
    await el.updateComplete;
    expect(visibleDue(row(el, 'Sapphire Card'))).to.contain('min $35.00');
    expect(upcoming(el)).to.deep.equal(['Due in the next 7 days: $1,885.00']);
  });

  it('speaks German', async () => {
    const el = await mount({}, hassWith(states(), 'de'));
    const r = row(el, 'Home Mortgage');
    expect(visibleDue(r)).to.equal(
      `Überfällig · Fällig am ${day(MORTGAGE_DUE.date!, 'de', 'short')} · mind. 1.850,00 $`,
    );
    expect(spokenDue(r)).to.equal(
      `überfällig, fällig am ${day(MORTGAGE_DUE.date!, 'de', 'long')}, Mindestzahlung 1.850,00 $`,
    );
    expect(upcoming(el)).to.deep.equal(['In den nächsten 7 Tagen fällig: 1.885,00 $']);
  });

  it("counts days in HA's time zone, as the user's profile chooses it", async () => {
    // Due tomorrow in UTC; 13 hours ahead it may already be that day, but it is never past it.
    const hass = hassWith(states({ loan: { date: utcDay(1), minimum: 10 } }));
    const kiritimati = { ...hass, config: { ...hass.config, time_zone: 'Pacific/Kiritimati' } } as HomeAssistant;
    const el = await mount({}, kiritimati);
    expect(row(el, 'Student Loan').querySelector('.due')!.className).to.equal('due soon');
    // Ten days ahead is not soon in any zone.
    const local = { ...hass, locale: { ...hass.locale, time_zone: 'local' } } as HomeAssistant;
    const other = await mount({}, local);
    expect(row(other, 'Home Mortgage').querySelector('.due')!.className).to.equal('due overdue');
  });

  it('leaves a malformed due block out without breaking the row', async () => {
    const s = states();
    for (const id of Object.keys(s))
      if (id.includes('_4444_') && !id.endsWith('_current'))
        s[id] = { ...s[id]!, attributes: { ...s[id]!.attributes, next_payment_due_date: 20261214 } };
    const el = await mount({}, hassWith(s));
    expect(row(el, 'Student Loan').querySelector('.due')).to.equal(null);
    expect(clean(row(el, 'Student Loan').textContent!)).to.contain('$18,250.00 owed');
    expect(visibleDue(row(el, 'Sapphire Card'))).to.contain('min $35.00');
  });

  it('re-renders when a due sensor changes, not for an unrelated entity', async () => {
    let hass = hassWith(withNoise(states(), 2000));
    const el = await mount({}, hass);
    let renders = 0;
    const render = (el as unknown as { render(): unknown }).render.bind(el);
    (el as unknown as { render(): unknown }).render = () => {
      renders++;
      return render();
    };
    hass = nextHass(hass, { 'light.noise_1': otherEntity('light.noise_1', 'off') });
    el.hass = hass;
    await el.updateComplete;
    expect(renders).to.equal(0);
    const id = dueSensorId(studentLoan.institution, studentLoan.mask, studentLoan.accountId, 'next_payment_due_date');
    hass = nextHass(hass, dueStates(studentLoan, { date: utcDay(1), minimum: 99 }));
    el.hass = hass;
    await el.updateComplete;
    expect(renders).to.equal(1);
    expect(hass.states[id]).to.not.equal(undefined);
    expect(visibleDue(row(el, 'Student Loan'))).to.contain('min $99.00');
  });
});

const LAYOUTS = [
  { name: 'desktop', width: 1280, height: 800, column: 420 },
  { name: 'phone', width: 390, height: 844, column: 390 },
] as const;
const THEMES = [
  { name: 'light', theme: LIGHT_THEME, dark: false },
  { name: 'dark', theme: DARK_THEME, dark: true },
] as const;

describe('payment dues as a user sees them', () => {
  afterEach(async () => {
    clearTheme(document.body);
    await setViewport({ width: 800, height: 600 });
  });

  for (const layout of LAYOUTS)
    for (const { name: themeName, theme, dark } of THEMES)
      for (const language of ['en', 'de'])
        it(`card-due-${layout.name}-${themeName}-${language}: nothing cut or wrapped`, async () => {
          await setViewport({ width: layout.width, height: layout.height });
          applyTheme(document.body, theme);
          host = document.createElement('div');
          host.style.cssText = `width: ${layout.column}px; padding: 8px; box-sizing: border-box;`;
          document.body.append(host);
          const el = document.createElement('plaid-balance-card') as PlaidBalanceCard;
          el.setConfig({ type: 'custom:plaid-balance-card' });
          el.hass = hassWith(states(), language, dark);
          host.append(el);
          await el.updateComplete;
          for (const due of el.shadowRoot!.querySelectorAll<HTMLElement>('.due [aria-hidden="true"]')) {
            expect(due.getClientRects().length, `one line: ${due.textContent!}`).to.equal(1);
          }
          for (const line of el.shadowRoot!.querySelectorAll<HTMLElement>('.upcoming'))
            expect(line.scrollWidth <= line.clientWidth + 1, line.textContent!).to.equal(true);
          await screenshot(`card-due-${layout.name}-${themeName}-${language}`, host);
        });
});
