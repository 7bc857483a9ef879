/// <reference types="mocha" />
import { expect } from '@open-wc/testing';
import '../../src/card/index.js';
import type { PlaidBalanceCardEditor } from '../../src/card/card-editor.js';
import { failOnConsoleErrors, stage } from './fixtures/browser.js';
import { fakeHass } from './fixtures/hass.js';

failOnConsoleErrors();

describe('plaid-balance-card-editor', () => {
  it('emits only configs the card accepts', async () => {
    const host = stage();
    const editor = document.createElement('plaid-balance-card-editor') as PlaidBalanceCardEditor;
    editor.hass = fakeHass();
    editor.setConfig({ type: 'custom:plaid-balance-card' });
    host.append(editor);
    await editor.updateComplete;
    const configs: unknown[] = [];
    editor.addEventListener('config-changed', (e) => configs.push((e as CustomEvent).detail.config));
    const root = editor.shadowRoot!;

    const show = root.querySelector('select[name=show]') as HTMLSelectElement;
    show.value = 'both';
    show.dispatchEvent(new Event('change'));
    const stale = root.querySelector('input[name=stale_after]') as HTMLInputElement;
    stale.value = 'soon';
    stale.dispatchEvent(new Event('change'));
    await editor.updateComplete;
    expect(root.querySelector('.error')!.textContent).to.contain('"stale_after" must be a duration');
    stale.value = '2d';
    stale.dispatchEvent(new Event('change'));
    const entities = root.querySelector('textarea[name=entities]') as HTMLTextAreaElement;
    entities.value = 'sensor.plaid_chase_0000_current\nsensor.plaid_chase_1111_current';
    entities.dispatchEvent(new Event('change'));
    const privacy = root.querySelector('input[name=privacy]') as HTMLInputElement;
    privacy.click();

    expect(configs).to.deep.equal([
      { type: 'custom:plaid-balance-card', show: 'both' },
      { type: 'custom:plaid-balance-card', show: 'both', stale_after: '2d' },
      {
        type: 'custom:plaid-balance-card',
        show: 'both',
        stale_after: '2d',
        entities: ['sensor.plaid_chase_0000_current', 'sensor.plaid_chase_1111_current'],
      },
      {
        type: 'custom:plaid-balance-card',
        show: 'both',
        stale_after: '2d',
        entities: ['sensor.plaid_chase_0000_current', 'sensor.plaid_chase_1111_current'],
        privacy: true,
      },
    ]);
    host.remove();
  });
});
