/// <reference types="mocha" />
import { expect, waitUntil } from '@open-wc/testing';
import { fakeHass } from './fixtures/hass-fixture.js';

type Lovelace = HTMLElement & { setConfig(c: object): void; hass: unknown; updateComplete: Promise<unknown> };

// The committed bundle, not the sources: proves minification and the chunk split kept the card working.
describe('dist/plaid-balance-card.js', () => {
  it('defines the card and renders balances; the dialog arrives with its chunk when first opened', async () => {
    await import(/* @vite-ignore */ new URL('../../dist/plaid-balance-card.js', import.meta.url).href);
    const card = document.createElement('plaid-balance-card') as Lovelace;
    card.setConfig({ type: 'custom:plaid-balance-card' });
    card.hass = fakeHass();
    document.body.append(card);
    await card.updateComplete;
    expect(card.shadowRoot!.querySelectorAll('.row')).to.have.length(5);
    expect((customElements.get('plaid-balance-card') as unknown as { getConfigForm?: unknown }).getConfigForm).to.be.a(
      'function',
    );
    expect(customElements.get('plaid-balance-link-dialog'), 'the dialog is not part of the first load').to.equal(
      undefined,
    );
    card.shadowRoot!.querySelector<HTMLElement>('.btn.link')!.click();
    await waitUntil(
      () => document.querySelector('plaid-balance-link-dialog')?.shadowRoot?.querySelector('dialog[open]'),
      'the dialog opened from its chunk',
    );
    expect(customElements.get('plaid-balance-link-dialog')).to.exist;
    document.querySelector('plaid-balance-link-dialog')!.remove();
    card.remove();
  });
});

/** The language chunks (rollup.config.mjs names them) this page fetched so far. */
function stringsChunksLoaded(): string[] {
  return performance
    .getEntriesByType('resource')
    .map((e) => /\/dist\/plaid-balance-card-strings-([\w-]+)-[\w-]+\.js/.exec(e.name)?.[1])
    .filter((language): language is string => !!language);
}

describe('dist/ language chunks', () => {
  it("loads only the user's language's strings before the first render, the next one's on a change", async () => {
    await import(/* @vite-ignore */ new URL('../../dist/plaid-balance-card.js', import.meta.url).href);
    const card = document.createElement('plaid-balance-card') as Lovelace;
    card.setConfig({ type: 'custom:plaid-balance-card' });
    card.hass = fakeHass();
    document.body.append(card);
    await card.updateComplete;
    const text = () => card.shadowRoot!.querySelector('ha-card')!.textContent!;
    expect(text()).to.contain('Bank balances').and.not.contain('card.');
    // The test above loaded English; German is one chunk of its own, fetched when the user's profile asks for it.
    expect(stringsChunksLoaded()).to.deep.equal(['en']);
    card.hass = fakeHass({ language: 'de' });
    await card.updateComplete;
    expect(text()).to.contain('Kontostände').and.not.contain('card.');
    expect(card.shadowRoot!.querySelector<HTMLElement>('ha-card')!.lang).to.equal('de');
    expect(stringsChunksLoaded()).to.deep.equal(['en', 'de']);
    card.remove();
  });
});

describe('dist/plaid-balance-link-done.html', () => {
  it('shows the done page without loading any script, and drops the query it was opened with', async () => {
    const frame = document.createElement('iframe');
    const loaded = new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
    frame.src = new URL('../../dist/plaid-balance-link-done.html?state=from-plaid', import.meta.url).href;
    document.body.append(frame);
    await loaded;
    const page = frame.contentWindow!;
    expect(page.document.querySelector('main h1')?.textContent).to.be.a('string').and.not.equal('');
    expect(page.location.search).to.equal('');
    // The test server adds a script of its own to every HTML page it serves; none of dist/ may load.
    const scripts = page.performance.getEntriesByType('resource').filter((e) => e.name.includes('/dist/'));
    expect(scripts.map((e) => e.name)).to.deep.equal([]);
    frame.remove();
  });
});
