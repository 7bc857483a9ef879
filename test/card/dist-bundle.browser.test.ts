/// <reference types="mocha" />
import { expect } from '@open-wc/testing';
import { fakeHass } from './fixtures/hass.js';

// The committed bundle, not the sources: proves minification kept the card working.
describe('dist/plaid-balance-card.js', () => {
  it('defines the card and renders balances', async () => {
    await import(/* @vite-ignore */ new URL('../../dist/plaid-balance-card.js', import.meta.url).href);
    const card = document.createElement('plaid-balance-card') as HTMLElement & {
      setConfig(c: object): void;
      hass: unknown;
      updateComplete: Promise<unknown>;
    };
    card.setConfig({ type: 'custom:plaid-balance-card' });
    card.hass = fakeHass();
    document.body.append(card);
    await card.updateComplete;
    expect(card.shadowRoot!.querySelectorAll('.row')).to.have.length(5);
    expect((customElements.get('plaid-balance-card') as unknown as { getConfigForm?: unknown }).getConfigForm).to.be.a('function');
    expect(customElements.get('plaid-balance-link-dialog')).to.exist;
    card.remove();
  });
});
