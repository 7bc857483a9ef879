/// <reference types="mocha" />
import { expect } from '@open-wc/testing';
import '../../../src/card/plaid-balance-card.js';
import type { PlaidBalanceCard } from '../../../src/card/card/card.js';
import { failOnConsoleErrors, stage } from '../fixtures/page-fixtures.js';
import {
  SAMPLE_ACCOUNTS,
  balanceEntity,
  fakeHass,
  lastRefreshedEntity,
  nextHass,
  otherEntity,
  statesFor,
  withNoise,
} from '../fixtures/hass-fixture.js';

failOnConsoleErrors();

/** Counts renders by wrapping the instance's render method. */
function countRenders(card: PlaidBalanceCard): () => number {
  let renders = 0;
  const render = (card as unknown as { render(): unknown }).render.bind(card);
  (card as unknown as { render(): unknown }).render = () => {
    renders++;
    return render();
  };
  return () => renders;
}

for (const entities of [undefined, ['sensor.plaid_chase_0000_current', 'sensor.plaid_chase_0000_available']]) {
  describe(`re-rendering with 5 000 entities (${entities ? 'configured entities' : 'discovery'})`, () => {
    it('skips updates for unrelated entities and renders for its own', async () => {
      const host = stage();
      const card = document.createElement('plaid-balance-card') as PlaidBalanceCard;
      card.setConfig({ type: 'custom:plaid-balance-card', ...(entities ? { entities } : {}) });
      let hass = fakeHass({ states: withNoise(statesFor(SAMPLE_ACCOUNTS), 5000) });
      card.hass = hass;
      host.append(card);
      await card.updateComplete;
      const renders = countRenders(card);

      for (let i = 0; i < 20; i++) {
        hass = nextHass(hass, { [`light.noise_${i}`]: otherEntity(`light.noise_${i}`, i % 2 ? 'on' : 'off') });
        card.hass = hass;
        await card.updateComplete;
      }
      expect(renders()).to.equal(0);

      const own = hass.states['sensor.plaid_chase_0000_current']!;
      hass = nextHass(hass, { [own.entity_id]: { ...own, state: '42' } });
      card.hass = hass;
      await card.updateComplete;
      expect(renders()).to.equal(1);
      host.remove();
    });
  });
}

describe('discovery inside the card', () => {
  it('picks up a sensor the companion adds later', async () => {
    const host = stage();
    const card = document.createElement('plaid-balance-card') as PlaidBalanceCard;
    card.setConfig({ type: 'custom:plaid-balance-card' });
    let hass = fakeHass({ states: withNoise(statesFor(SAMPLE_ACCOUNTS.slice(0, 1)), 100) });
    card.hass = hass;
    host.append(card);
    await card.updateComplete;
    expect(card.shadowRoot!.querySelectorAll('.row')).to.have.length(1);
    const added = balanceEntity(SAMPLE_ACCOUNTS[3]!, 'current');
    hass = nextHass(hass, { [added.entity_id]: added });
    card.hass = hass;
    await card.updateComplete;
    expect(card.shadowRoot!.querySelectorAll('.row')).to.have.length(2);
    host.remove();
  });
});

describe("a bank's last-refreshed sensor", () => {
  it('clears "Never updated" when it arrives after the balances, without the minute tick', async () => {
    const host = stage();
    const card = document.createElement('plaid-balance-card') as PlaidBalanceCard;
    card.setConfig({ type: 'custom:plaid-balance-card' });
    const chase = SAMPLE_ACCOUNTS.filter((a) => a.institution === 'Chase');
    const lastRefreshed = lastRefreshedEntity(chase[0]!);
    // Right after a link: the balance sensors are in HA, the Item's last-refreshed sensor is not yet.
    let hass = fakeHass({ states: withNoise(statesFor(chase), 100) });
    const { [lastRefreshed.entity_id]: _notYet, ...withoutIt } = hass.states;
    hass = { ...hass, states: withoutIt };
    card.hass = hass;
    host.append(card);
    await card.updateComplete;
    const badges = () => [...card.shadowRoot!.querySelectorAll('.row .badge')].map((b) => b.textContent?.trim());
    expect(badges()).to.deep.equal(['Never updated', 'Never updated', 'Never updated']);

    hass = nextHass(hass, { [lastRefreshed.entity_id]: lastRefreshed });
    card.hass = hass;
    await card.updateComplete;
    expect(badges()).to.deep.equal([]);
    host.remove();
  });
});
