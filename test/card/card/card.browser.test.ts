/// <reference types="mocha" />
// The card in Chromium against a fake hass: rendering, debts and totals,
// config keys, roles and states. Over 300 lines: the areas share the mount,
// row and screenshot helpers above them; the trends, layouts and bad input
// have files of their own.
import { expect, waitUntil } from '@open-wc/testing';
import type { HomeAssistant } from 'custom-card-helpers';
import type { HassEntities } from 'home-assistant-js-websocket';
import type { LitElement } from 'lit';
import '../../../src/card/plaid-balance-card.js';
import type { PlaidBalanceCard } from '../../../src/card/card/card.js';
import { DARK_THEME, failOnConsoleErrors, screenshot, stage } from '../fixtures/page-fixtures.js';
import {
  FRESH,
  SAMPLE_ACCOUNTS,
  balanceEntity,
  fakeHass,
  lastRefreshedEntity,
  otherEntity,
  statesFor,
} from '../fixtures/hass-fixture.js';

failOnConsoleErrors();

let host: HTMLDivElement;

async function mount(
  config: Record<string, unknown>,
  hass: HomeAssistant = fakeHass(),
  theme?: Record<string, string>,
) {
  host = stage(theme);
  const card = document.createElement('plaid-balance-card') as PlaidBalanceCard;
  card.setConfig({ type: 'custom:plaid-balance-card', ...config });
  card.hass = hass;
  host.append(card);
  await card.updateComplete;
  return card;
}

function rows(card: PlaidBalanceCard): HTMLElement[] {
  return [...card.shadowRoot!.querySelectorAll<HTMLElement>('.row')];
}

function rowText(row: HTMLElement): string {
  return row
    .textContent!.replace(/\s+/g, ' ')
    .replace(/[\u00a0\u202f]/g, ' ')
    .trim();
}

function text(card: PlaidBalanceCard): string {
  return card
    .shadowRoot!.textContent!.replace(/\s+/g, ' ')
    .replace(/[\u00a0\u202f]/g, ' ')
    .trim();
}

afterEach(() => host?.remove());

describe('plaid-balance-card rendering', () => {
  it('groups by institution with masks, collapsed kinds and per-currency totals', async () => {
    const card = await mount({ title: 'Accounts' });
    const headers = [...card.shadowRoot!.querySelectorAll('.group-title')].map((h) => h.textContent);
    expect(headers).to.deep.equal(['Chase', 'Deutsche Bank']);
    expect(rows(card)).to.have.length(5);
    const checking = rowText(rows(card)[0]!);
    expect(checking).to.contain('Total Checking');
    expect(checking).to.contain('••0000');
    expect(checking).to.contain('$1,234.56');
    expect(checking).to.contain('$1,100.00 available');
    expect(rowText(rows(card)[2]!)).to.contain('of $2,000.00 limit');
    const sums = [...card.shadowRoot!.querySelectorAll('.sum')].map((s) =>
      s.textContent!.replace(/[\u00a0\u202f]/g, ' '),
    );
    expect(sums).to.deep.equal(['$5,824.36', '-€6,765.44']);
    await screenshot('card-light', card);
  });

  it('groups by type and by nothing', async () => {
    let card = await mount({ group_by: 'type' });
    expect([...card.shadowRoot!.querySelectorAll('.group-title')].map((h) => h.textContent)).to.deep.equal([
      'Cash',
      'Credit cards',
      'Loans',
    ]);
    expect(rowText(rows(card)[0]!)).to.contain('Chase');
    host.remove();
    card = await mount({ group_by: 'none' });
    expect(card.shadowRoot!.querySelectorAll('.group-title')).to.have.length(0);
    expect(rows(card)).to.have.length(5);
  });

  it('formats in German with German strings', async () => {
    const card = await mount({}, fakeHass({ language: 'de-DE' }));
    // Only a configured title is the user's text; the default one is translated.
    expect(card.shadowRoot!.querySelector('.title')!.textContent).to.equal('Kontostände');
    const giro = rows(card).find((r) => rowText(r).includes('Girokonto'))!;
    expect(rowText(giro)).to.contain('1.234,56 €');
    expect(text(card)).to.contain('Summe');
    expect(text(card)).to.contain('Bank verknüpfen');
  });

  it('in a right-to-left dashboard, says its English texts are English and lays them out left to right', async () => {
    document.documentElement.dir = 'rtl';
    try {
      const card = await mount({}, fakeHass({ language: 'he' }));
      const haCard = card.shadowRoot!.querySelector('ha-card')!;
      expect(haCard.getAttribute('lang')).to.equal('en');
      // Inherited rtl would show "+$4.12 in 30 days" as "in 30 days $4.12+" and "••0000" as "0000••".
      for (const selector of ['.row .secondary', '.row .mask', '.totals .split']) {
        expect(getComputedStyle(card.shadowRoot!.querySelector(selector)!).direction, selector).to.equal('ltr');
      }
      const de = await mount({}, fakeHass({ language: 'de-CH' }));
      expect(de.shadowRoot!.querySelector('ha-card')!.getAttribute('lang')).to.equal('de');
    } finally {
      document.documentElement.dir = '';
    }
  });

  it("follows HA's number_format", async () => {
    const card = await mount({}, fakeHass({ language: 'en', numberFormat: 'decimal_comma' }));
    expect(rowText(rows(card)[0]!)).to.contain('1.234,56 $');
  });

  it('renders a dark theme', async () => {
    const card = await mount({ title: 'Accounts', group_by: 'institution' }, fakeHass(), DARK_THEME);
    const bg = getComputedStyle(card.shadowRoot!.querySelector('ha-card')!).backgroundColor;
    expect(bg).to.equal('rgb(28, 28, 28)');
    await screenshot('card-dark', card);
  });
});

describe('plaid-balance-card debts and totals', () => {
  it('shows what is owed as an amount owed, and assets and debts in the totals, in every group_by', async () => {
    for (const group_by of ['institution', 'type', 'none']) {
      const card = await mount({ group_by });
      const creditRow = rows(card).find((r) => rowText(r).includes('limit'))!;
      expect(rowText(creditRow), group_by).to.match(/\$410\.20 owed/);
      expect(rowText(creditRow), group_by).not.to.match(/-\$410/);
      const split = [...card.shadowRoot!.querySelectorAll('.totals .split')].map((s) =>
        s.textContent!.replace(/[\u00a0\u202f]/g, ' '),
      );
      expect(split, group_by).to.deep.equal(['$6,234.56 assets · $410.20 owed', '€1,234.56 assets · €8,000.00 owed']);
      host.remove();
    }
  });

  it('a total without debts has no split', async () => {
    const card = await mount({}, fakeHass({ states: statesFor([SAMPLE_ACCOUNTS[0]!]) }));
    expect(card.shadowRoot!.querySelector('.totals .sum')).to.exist;
    expect(card.shadowRoot!.querySelector('.totals .split')).to.equal(null);
  });
});

describe('plaid-balance-card config keys', () => {
  it('show: available and both', async () => {
    let card = await mount({ show: 'available' });
    expect(rowText(rows(card)[0]!)).to.match(/^Total Checking ••0000 \$1,100\.00 \$1,234\.56 balance$/);
    host.remove();
    card = await mount({ show: 'both' });
    expect(rowText(rows(card)[1]!)).to.contain('$5,000.00 available');
  });

  it('entities limits the card to those sensors, in that order', async () => {
    const card = await mount({
      entities: ['sensor.plaid_deutsche_bank_4321_current', 'sensor.plaid_chase_1111_current'],
      group_by: 'none',
    });
    expect(rows(card).map((r) => r.querySelector('.account')!.textContent)).to.deep.equal(['Girokonto', 'Savings']);
  });

  it('title, total: false', async () => {
    const card = await mount({ title: 'Money', total: false });
    expect(card.shadowRoot!.querySelector('.title')!.textContent).to.equal('Money');
    expect(card.shadowRoot!.querySelector('.totals')).to.equal(null);
  });

  it('an empty title hides the header', async () => {
    const card = await mount({ title: '' });
    expect(card.shadowRoot!.querySelector('.title')).to.equal(null);
  });

  it('stale_after decides when the badge appears', async () => {
    const old = new Date(Date.now() - 3 * 3_600_000).toISOString();
    const spec = { ...SAMPLE_ACCOUNTS[0]!, lastRefreshed: old };
    const hass = fakeHass({
      states: { ...statesFor([spec]), [lastRefreshedEntity(spec).entity_id]: lastRefreshedEntity(spec) },
    });
    let card = await mount({ stale_after: '2h' }, hass);
    expect(rowText(rows(card)[0]!)).to.contain('Not updated for 3 h');
    host.remove();
    card = await mount({ stale_after: '04:00:00' }, hass);
    expect(rowText(rows(card)[0]!)).not.to.contain('Not updated');
  });

  it('setConfig throws a message naming the key', () => {
    const card = document.createElement('plaid-balance-card') as PlaidBalanceCard;
    expect(() => card.setConfig({ type: 'custom:plaid-balance-card', show: 'foo' })).to.throw(
      'plaid-balance-card: "show" must be one of current, available, both (got "foo")',
    );
    expect(() => card.setConfig({ type: 'custom:plaid-balance-card', grouping: 'type' })).to.throw(
      /unknown option "grouping"/,
    );
  });

  it('exposes the HA card API', async () => {
    const Card = customElements.get('plaid-balance-card') as unknown as {
      getStubConfig(): Record<string, unknown>;
      getConfigForm(): Promise<{ schema: Array<{ name: string }>; assertConfig(c: unknown): void }>;
      getConfigElement?: unknown;
    };
    expect(Card.getStubConfig()).to.deep.equal({ type: 'custom:plaid-balance-card' });
    // HA prefers getConfigElement over getConfigForm, so the card must not have one.
    expect(Card.getConfigElement).to.equal(undefined);
    const form = await Card.getConfigForm();
    expect(form.schema.map((f) => f.name)).to.include.members(['entities', 'group_by', 'privacy', 'transactions']);
    const card = await mount({});
    expect(card.getCardSize()).to.equal(7);
    expect(card.getGridOptions()).to.deep.equal({ columns: 12, rows: 'auto', min_columns: 6 });
    const entry = window.customCards!.find((c) => c.type === 'plaid-balance-card');
    expect(entry?.documentationURL).to.equal('https://github.com/plaid-balance/plaid-balance#the-card');
  });

  it(
    "tells its size before its first render (HA's masonry " +
      'view may ask first), and renders the accounts it counted',
    async () => {
      host = stage();
      const card = document.createElement('plaid-balance-card') as PlaidBalanceCard;
      card.setConfig({ type: 'custom:plaid-balance-card' });
      expect(card.getCardSize()).to.equal(3, 'no hass yet: one row of room');
      card.hass = fakeHass();
      expect(card.getCardSize()).to.equal(7);
      expect(card.hasUpdated).to.equal(false);
      host.append(card);
      await card.updateComplete;
      expect(rows(card)).to.have.length(5);
      expect(card.getCardSize()).to.equal(7);
    },
  );
});

describe('plaid-balance-card roles and states', () => {
  it('admins get Link, Remove and Reconnect; non-admins get none', async () => {
    const states = statesFor([SAMPLE_ACCOUNTS[0]!, { ...SAMPLE_ACCOUNTS[3]!, status: 'login_required' }]);
    let card = await mount({}, fakeHass({ states }));
    expect(card.shadowRoot!.querySelector('.btn.link')).to.exist;
    expect(card.shadowRoot!.querySelectorAll('.btn.remove')).to.have.length(2);
    expect(card.shadowRoot!.querySelectorAll('.btn.reconnect')).to.have.length(1);
    // Once, where the bank is named: in its header, not on each of its rows.
    const loginBadges = () =>
      [...card.shadowRoot!.querySelectorAll('.badge')].filter((b) => b.textContent === 'Login required');
    expect(loginBadges()).to.have.length(1);
    expect(loginBadges()[0]!.closest('.group-header')!.textContent).to.contain('Deutsche Bank');
    expect(rowText(rows(card)[1]!)).not.to.contain('Login required');
    await screenshot('card-login-required', card);
    host.remove();
    card = await mount({}, fakeHass({ states, admin: false }));
    expect(card.shadowRoot!.querySelectorAll('button.btn')).to.have.length(0);
    expect(loginBadges()).to.have.length(1);
    expect(text(card)).to.contain('An administrator must reconnect Deutsche Bank.');
    await screenshot('card-non-admin', card);
  });

  it('grouped by type, the bank is named on each row, and so is its login problem', async () => {
    const states = statesFor([SAMPLE_ACCOUNTS[0]!, { ...SAMPLE_ACCOUNTS[3]!, status: 'login_required' }]);
    const card = await mount({ group_by: 'type' }, fakeHass({ states }));
    expect(rowText(rows(card).find((r) => rowText(r).includes('Deutsche Bank'))!)).to.contain('Login required');
  });

  it('groups other than institution move Reconnect and Manage into the footer', async () => {
    const states = statesFor([{ ...SAMPLE_ACCOUNTS[3]!, status: 'pending_expiration' }]);
    const card = await mount({ group_by: 'type' }, fakeHass({ states }));
    const footer = card.shadowRoot!.querySelector('.footer')!.textContent!.replace(/\s+/g, ' ');
    expect(footer).to.contain('Reconnect Deutsche Bank');
    expect(footer).to.contain('Manage banks');
    expect(rowText(rows(card)[0]!)).to.contain('Reconnect soon');
  });

  it('privacy hides amounts until tapped', async () => {
    const card = await mount({ privacy: true });
    expect(rowText(rows(card)[0]!)).not.to.contain('$');
    expect(text(card)).not.to.contain('$5,824.36');
    expect(card.shadowRoot!.querySelector('.totals .split'), 'no assets/owed line of dots').to.equal(null);
    let moreInfo = 0;
    card.addEventListener('hass-more-info', () => moreInfo++);
    await screenshot('card-privacy', card);
    rows(card)[0]!.click();
    await card.updateComplete;
    await card.updateComplete;
    expect(moreInfo).to.equal(0);
    expect(rowText(rows(card)[0]!)).to.contain('$1,234.56');
    expect(card.shadowRoot!.querySelector('.totals .split')?.textContent).to.contain('$410.20 owed');
  });

  it('tapping a row opens more-info for its entity', async () => {
    const card = await mount({});
    let detail: unknown;
    document.body.addEventListener('hass-more-info', (e) => (detail = (e as CustomEvent).detail), { once: true });
    rows(card)[0]!.click();
    expect(detail).to.deep.equal({ entityId: 'sensor.plaid_chase_0000_current' });
  });

  it('a row without a mask or a second line shows neither, and takes no room for them', async () => {
    const bare = { ...SAMPLE_ACCOUNTS[1]!, accountId: 'acc_bare', mask: null };
    const card = await mount({}, fakeHass({ states: statesFor([bare, SAMPLE_ACCOUNTS[0]!]) }));
    const plain = rows(card).find((r) => rowText(r).includes('Savings'));
    const full = rows(card).find((r) => rowText(r).includes('Total Checking'));
    const shown = (row: HTMLElement, sel: string) => getComputedStyle(row.querySelector(sel)!).display !== 'none';
    expect(rowText(plain!)).not.to.contain('••');
    expect(shown(plain!, '.mask')).to.equal(false);
    expect(shown(plain!, '.secondary')).to.equal(false);
    expect(shown(full!, '.mask')).to.equal(true);
    expect(shown(full!, '.secondary')).to.equal(true);
  });

  it('Enter or Space on a focused row opens more-info; other keys and the header buttons do not', async () => {
    const card = await mount({});
    const opened: unknown[] = [];
    card.addEventListener('hass-more-info', (e) => opened.push((e as CustomEvent).detail));
    const row = rows(card)[1]!;
    const press = (key: string) =>
      row.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, composed: true, cancelable: true }));
    expect(press('a')).to.equal(true);
    expect(press('Enter')).to.equal(false, 'Enter is consumed');
    expect(press(' ')).to.equal(false, 'Space is consumed (no page scroll)');
    expect(opened).to.deep.equal([{ entityId: row.dataset.entityId }, { entityId: row.dataset.entityId }]);
    card.shadowRoot!.querySelector<HTMLElement>('.group-header .remove')!.click();
    expect(opened).to.have.length(2);
    // The dialog's module loads on first use, so it appears a moment after the click.
    await waitUntil(() => document.querySelector('plaid-balance-link-dialog'), 'the Remove button opened its dialog');
    const dialog = document.querySelector<LitElement>('plaid-balance-link-dialog');
    await dialog!.updateComplete;
    dialog!.remove();
  });

  it('explains the empty state for admins and others', async () => {
    const states = { 'light.kitchen': otherEntity('light.kitchen') };
    let card = await mount(
      {},
      fakeHass({
        states: {
          ...states,
          'sensor.energy_cost': {
            ...otherEntity('sensor.energy_cost', 'unavailable'),
            attributes: { device_class: 'monetary' },
          },
        },
      }),
    );
    expect(text(card), 'an unavailable money sensor of another integration').to.contain(
      'No bank accounts linked yet. Link a bank',
    );
    expect(card.shadowRoot!.querySelector('.empty .btn')).to.exist;
    await screenshot('card-empty', card);
    host.remove();
    card = await mount({}, fakeHass({ states, admin: false }));
    expect(text(card)).to.contain('Ask a Home Assistant administrator');
    expect(card.shadowRoot!.querySelector('.btn')).to.equal(null);
  });

  it(
    'opened while the companion is away, says so, and ' + 'shows the accounts once HA has their attributes again',
    async () => {
      // HA shows MQTT sensors whose companion is away as unavailable, with only their own attributes; the entity count
      // does not change when they return.
      const hass = fakeHass();
      const away = Object.fromEntries(
        Object.entries(hass.states as HassEntities).map(([id, e]) =>
          id.endsWith('_last_refreshed')
            ? [id, e]
            : [
                id,
                {
                  ...e,
                  state: 'unavailable',
                  attributes: {
                    friendly_name: String(e.attributes.friendly_name),
                    device_class: 'monetary',
                    state_class: 'total',
                  },
                },
              ],
        ),
      );
      const card = await mount({}, { ...hass, states: away });
      expect(rows(card)).to.have.length(0);
      expect(text(card)).to.contain('the Plaid Balance companion is not running');
      expect(text(card)).not.to.contain('No bank accounts linked yet');
      expect(card.shadowRoot!.querySelector('.empty .btn'), 'no Link button: linking needs the companion too').to.equal(
        null,
      );
      await screenshot('card-companion-away', card);
      card.hass = { ...hass, states: { ...hass.states } };
      await card.updateComplete;
      expect(rows(card)).to.have.length(5);
      expect(text(card)).not.to.contain('companion is not running');
    },
  );

  it('shows stale data and malformed states without breaking', async () => {
    const staleSpec = {
      ...SAMPLE_ACCOUNTS[1]!,
      institution: 'Stale Bank',
      lastRefreshed: new Date(Date.now() - 26 * 3_600_000).toISOString(),
    };
    const stale = balanceEntity(staleSpec, 'current');
    const states = {
      ...statesFor([SAMPLE_ACCOUNTS[0]!]),
      [stale.entity_id]: stale,
      [lastRefreshedEntity(staleSpec).entity_id]: lastRefreshedEntity(staleSpec),
      'sensor.plaid_broken_1_current': {
        ...otherEntity('sensor.plaid_broken_1_current', 'not a number'),
        attributes: { plaid_balance: 1 },
      },
      'sensor.plaid_gone_2_current': {
        ...balanceEntity(SAMPLE_ACCOUNTS[3]!, 'current'),
        entity_id: 'sensor.plaid_gone_2_current',
        state: 'unavailable',
      },
      'sensor.plaid_odd_3_current': {
        ...balanceEntity(
          { ...SAMPLE_ACCOUNTS[0]!, accountId: 'odd', mask: '5555', currency: 'NOT_A_CURRENCY' },
          'current',
        ),
        entity_id: 'sensor.plaid_odd_3_current',
        last_changed: FRESH,
      },
    };
    const card = await mount({ group_by: 'none' }, fakeHass({ states }));
    const all = rows(card).map(rowText);
    expect(all).to.have.length(5);
    expect(all.find((r) => r.includes('Savings'))).to.contain('Not updated for 26 h');
    expect(all.find((r) => r.includes('Unreadable data'))).to.contain('—');
    expect(all.find((r) => r.includes('Girokonto'))).to.contain('Unavailable');
    expect(all.find((r) => r.includes('••5555'))).to.contain('1,234.56 NOT_A_CURRENCY');
    await screenshot('card-problems', card);
  });

  it('shows a configured entity that does not exist', async () => {
    const card = await mount({ entities: ['sensor.plaid_nowhere_0_current'] });
    expect(rowText(rows(card)[0]!)).to.contain('sensor.plaid_nowhere_0_current');
    expect(rowText(rows(card)[0]!)).to.contain('Entity not found');
  });
});
