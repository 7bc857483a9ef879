/// <reference types="mocha" />
/**
 * Reliability #7: malformed card configs and malformed entity states. Every
 * bad config is refused by setConfig with a message that names the key and
 * stands alone; every bad state renders a clear fallback — never an uncaught
 * exception, a console error, a blank card, or "NaN"/"undefined" on screen.
 */
import { expect } from '@open-wc/testing';
import type { HomeAssistant } from 'custom-card-helpers';
import type { HassEntities, HassEntity } from 'home-assistant-js-websocket';
import '../../../src/card/plaid-balance-card.js';
import type { PlaidBalanceCard } from '../../../src/card/card/card.js';
import { failOnConsoleErrors, stage } from '../fixtures/page-fixtures.js';
import { SAMPLE_ACCOUNTS, balanceEntity, fakeHass, statesFor } from '../fixtures/hass-fixture.js';

failOnConsoleErrors();

const TYPE = 'custom:plaid-balance-card';
const BASE = SAMPLE_ACCOUNTS[0]!;
const ID = balanceEntity(BASE, 'current').entity_id;
/** Words that mean something leaked through unformatted. */
const GARBAGE = /NaN|undefined|null|\[object Object\]|Infinity/;

let handled = 0;
let total = 0;
let host: HTMLDivElement | undefined;
const uncaught: unknown[] = [];
const onError = (e: ErrorEvent) => uncaught.push(e.error ?? e.message);
const onRejection = (e: PromiseRejectionEvent) => uncaught.push(e.reason);

before(() => {
  window.addEventListener('error', onError);
  window.addEventListener('unhandledrejection', onRejection);
});
after(() => {
  window.removeEventListener('error', onError);
  window.removeEventListener('unhandledrejection', onRejection);
  // Printed by the test runner (it shows warnings): the count for the reliability report.
  console.warn(`card bad inputs handled: ${handled}/${total}`);
});
afterEach(() => {
  host?.remove();
  host = undefined;
});

function cardText(card: PlaidBalanceCard): string {
  return (card.shadowRoot!.textContent ?? '').replace(/\s+/g, ' ').trim();
}

async function mount(config: Record<string, unknown>, hass: HomeAssistant): Promise<PlaidBalanceCard> {
  host = stage();
  const card = document.createElement('plaid-balance-card') as PlaidBalanceCard;
  card.setConfig({ type: TYPE, ...config });
  card.hass = hass;
  host.append(card);
  await card.updateComplete;
  await new Promise((r) => requestAnimationFrame(r));
  return card;
}

describe('card: malformed configs are refused with a message that names the key', () => {
  const configs: [string, unknown, RegExp][] = [
    ['null', null, /configuration must be a set of options/],
    ['a string', 'plaid', /configuration must be a set of options/],
    ['a list', [1, 2], /configuration must be a set of options/],
    ['a number', 42, /configuration must be a set of options/],
    ['entities empty', { type: TYPE, entities: [] }, /"entities" must be a list of at least one entity id/],
    ['entities a string', { type: TYPE, entities: 'sensor.x' }, /"entities" must be a list/],
    [
      'entities with a bad id',
      { type: TYPE, entities: ['sensor.ok', 'Not An Id'] },
      /"entities" item 2 must be an entity id/,
    ],
    ['entities with a number', { type: TYPE, entities: [42] }, /"entities" item 1/],
    ['show unknown', { type: TYPE, show: 'all' }, /"show" must be one of current, available, both/],
    ['group_by unknown', { type: TYPE, group_by: 'bank' }, /"group_by" must be one of institution, type, none/],
    ['total not boolean', { type: TYPE, total: 'yes' }, /"total" must be true or false/],
    ['privacy a number', { type: TYPE, privacy: 1 }, /"privacy" must be true or false/],
    ['stale_after nonsense', { type: TYPE, stale_after: 'soon' }, /"stale_after" must be a duration/],
    ['stale_after a number', { type: TYPE, stale_after: 5 }, /"stale_after" must be a duration/],
    ['title an object', { type: TYPE, title: { en: 'x' } }, /"title" must be text/],
    ['a typo key', { type: TYPE, 'group-by': 'type' }, /unknown option "group-by"/],
    ['type missing', {}, /"type" must be "custom:plaid-balance-card"/],
    ['a huge value', { type: TYPE, show: 'x'.repeat(100_000) }, /"show" must be one of/],
  ];
  for (const [name, config, message] of configs) {
    it(name, () => {
      total++;
      const card = document.createElement('plaid-balance-card') as PlaidBalanceCard;
      let error: unknown;
      try {
        card.setConfig(config as never);
      } catch (err) {
        error = err;
      }
      expect(error, 'setConfig refused it').to.be.instanceOf(Error);
      const text = (error as Error).message;
      expect(text).to.match(/^plaid-balance-card: /);
      expect(text).to.match(message);
      expect(text.length, 'short enough for the editor preview').to.be.below(300);
      expect(text).not.to.match(/\[object Object\]/);
      handled++;
    });
  }
});

describe('card: malformed entity states render a fallback, never a blank card', () => {
  const good = balanceEntity(BASE, 'current');
  const withState = (state: unknown, attributes: Record<string, unknown> = {}): HassEntity =>
    ({ ...good, state, attributes: { ...good.attributes, ...attributes } }) as HassEntity;

  const cases: [string, HassEntities | HassEntity | null, RegExp | null][] = [
    ['unavailable', withState('unavailable'), /unavailable/i],
    ['unknown', withState('unknown'), /unavailable|—/i],
    ['non-numeric state', withState('abc'), null],
    ['empty state', withState(''), null],
    ['state "NaN"', withState('NaN'), null],
    ['state "Infinity"', withState('Infinity'), null],
    ['state beyond double range', withState('1e400'), null],
    ['a formatted state "1,234.56"', withState('1,234.56'), null],
    ['a number, not a string, as state', withState(12.5), null],
    ['a huge negative balance', withState('-1000000000000'), /1,000,000,000,000/],
    ['no attributes at all', { ...good, attributes: {} } as HassEntity, null],
    ['attributes null', { ...good, attributes: null } as unknown as HassEntity, null],
    ['no unit_of_measurement', withState('12', { unit_of_measurement: undefined }), /12/],
    ['unknown currency XYZ', withState('12', { unit_of_measurement: 'XYZ' }), /12/],
    ['currency XXX', withState('12', { unit_of_measurement: 'XXX' }), /12/],
    ['lower-case currency', withState('12', { unit_of_measurement: 'usd' }), /12/],
    ['a currency that is not a code', withState('12', { unit_of_measurement: '💰 coins' }), /12/],
    ['a number as currency', withState('12', { unit_of_measurement: 840 }), /12/],
    ['an unknown item_status', withState('12', { item_status: 'bogus' }), /12/],
    ['item_error a string', withState('12', { item_status: 'error', item_error: 'boom' }), /12/],
    ['login_required without item_error', withState('12', { item_status: 'login_required', item_error: null }), /12/],
    ['last_refreshed not a date', withState('12', { last_refreshed: 'yesterday-ish' }), /12/],
    ['last_refreshed in the future', withState('12', { last_refreshed: '2999-01-01T00:00:00Z' }), /12/],
    ['an unknown account_type', withState('12', { account_type: 'spaceship' }), /12/],
    ['mask a number', withState('12', { mask: 1234 }), /12/],
    ['institution_name missing', withState('12', { institution_name: null }), /12/],
    ['a 10 000-character account name', withState('12', { account_name: 'A'.repeat(10_000) }), /12/],
    [
      'HTML in the account name',
      withState('12', { account_name: '<img src=x onerror="window.__pwned=1">' }),
      /<img src=x/,
    ],
    ['balance_kind nonsense', withState('12', { balance_kind: 'weird' }), /12/],
    ['limit not a number', withState('12', { limit: 'lots' }), /12/],
    ['current attribute a string', withState('unknown', { current: 'twelve' }), null],
    ['the configured entity is missing from HA', null, null],
    ['a state object without attributes key', { entity_id: ID, state: '5' } as unknown as HassEntity, null],
  ];

  for (const [name, entity, shows] of cases) {
    it(name, async () => {
      total++;
      const states: HassEntities = { ...statesFor(SAMPLE_ACCOUNTS.slice(1)) };
      if (entity) states[ID] = entity as HassEntity;
      for (const config of [{ entities: [ID] }, {}]) {
        const card = await mount(config, fakeHass({ states }));
        const text = cardText(card);
        expect(card.shadowRoot!.querySelector('ha-card'), 'an ha-card is rendered').to.exist;
        expect(text.length, 'not blank').to.be.greaterThan(3);
        expect(text).not.to.match(GARBAGE);
        if (shows && config.entities) expect(text).to.match(shows);
        host?.remove();
      }
      expect((window as { __pwned?: number }).__pwned).to.equal(undefined);
      expect(uncaught).to.deep.equal([]);
      handled++;
    });
  }

  it('an invalid locale and a missing hass.locale', async () => {
    total++;
    for (const hass of [
      { ...fakeHass(), language: 'xx-INVALID-@@', locale: { language: 'xx-INVALID-@@', number_format: 'nonsense' } },
      { ...fakeHass(), locale: undefined },
    ]) {
      const card = await mount({}, hass as unknown as HomeAssistant);
      const text = cardText(card);
      expect(text.length).to.be.greaterThan(3);
      expect(text).not.to.match(GARBAGE);
      host?.remove();
    }
    expect(uncaught).to.deep.equal([]);
    handled++;
  });
});
