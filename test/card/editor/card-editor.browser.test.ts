/// <reference types="mocha" />
import { expect } from '@open-wc/testing';
import '../../../src/card/index.js';
import type { PlaidBalanceCardEditor } from '../../../src/card/editor/card-editor.js';
import { DARK_THEME, LIGHT_THEME, failOnConsoleErrors, screenshot, stage } from '../fixtures/browser.js';
import { fakeHass } from '../fixtures/hass.js';

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

  for (const [name, theme] of [
    ['light', LIGHT_THEME],
    ['dark', DARK_THEME],
  ] as const) {
    it(`draws its inputs in the ${name} theme's colours, with a focus ring`, async () => {
      const host = stage(theme);
      const editor = document.createElement('plaid-balance-card-editor') as PlaidBalanceCardEditor;
      editor.hass = fakeHass({ language: name === 'dark' ? 'de' : 'en', darkMode: name === 'dark' });
      editor.setConfig({ type: 'custom:plaid-balance-card', title: 'Konten', stale_after: '2d' });
      host.append(editor);
      await editor.updateComplete;
      const root = editor.shadowRoot!;
      const field = root.querySelector<HTMLInputElement>('input[name=stale_after]')!;
      const text = getComputedStyle(field).color;
      const probe = document.createElement('span');
      probe.style.color = theme['--primary-text-color'] ?? '#212121';
      host.append(probe);
      expect(text).to.equal(getComputedStyle(probe).color, 'input text follows --primary-text-color');
      probe.remove();
      expect(getComputedStyle(field).outlineStyle).to.equal('none');
      field.focus();
      expect(getComputedStyle(field).outlineStyle).to.equal('solid', 'focused input shows a ring');
      const form = root.querySelector<HTMLElement>('.form')!;
      // Native controls (checkbox boxes, select menus) only turn dark through color-scheme.
      expect(getComputedStyle(form).colorScheme).to.equal(name === 'dark' ? 'dark' : 'normal');
      if (name === 'dark') expect(root.textContent).to.contain('Titel');
      await screenshot(`editor-${name}`, editor);
      host.remove();
    });
  }
});
