/// <reference types="mocha" />
/**
 * The card and its dialog as a user sees them: desktop (1280 px) and phone
 * (390 px), light and dark, English and German. Each shot is saved in
 * test-output/card/ to be looked at; the checks say that nothing a user
 * needs is cut off.
 */
import { expect, waitUntil } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import '../../../src/card/plaid-balance-card.js';
import type { PlaidBalanceCard } from '../../../src/card/card/card.js';
import type { LinkDialog } from '../../../src/card/dialog/link-dialog.js';
import { showLinkDialog } from '../../../src/card/dialog/show-link-dialog.js';
import {
  DARK_THEME,
  LIGHT_THEME,
  applyTheme,
  clearTheme,
  failOnConsoleErrors,
  screenshot,
} from '../fixtures/page-fixtures.js';
import { FLOW_ID, FORM_STEP, happyCompanion } from '../fixtures/fake-companion.js';
import { SAMPLE_ACCOUNTS, fakeHass, statesFor } from '../fixtures/hass-fixture.js';

failOnConsoleErrors();

const LAYOUTS = [
  { name: 'desktop', width: 1280, height: 800, column: 420 },
  { name: 'phone', width: 390, height: 844, column: 390 },
] as const;
const THEMES = [
  { name: 'light', theme: LIGHT_THEME, dark: false },
  { name: 'dark', theme: DARK_THEME, dark: true },
] as const;
const LANGUAGES = ['en', 'de'] as const;

const states = statesFor([
  ...SAMPLE_ACCOUNTS.slice(0, 3),
  ...SAMPLE_ACCOUNTS.slice(3).map((a) => ({ ...a, status: 'login_required' as const })),
]);

/** Text cut with an ellipsis or clipped: wider than its box. */
function cut(el: Element): boolean {
  return el.scrollWidth > el.clientWidth + 1;
}

let host: HTMLDivElement | undefined;
afterEach(async () => {
  host?.remove();
  document.querySelectorAll('plaid-balance-link-dialog').forEach((d) => d.remove());
  clearTheme(document.body);
  await setViewport({ width: 800, height: 600 });
});

for (const layout of LAYOUTS) {
  for (const { name: themeName, theme, dark } of THEMES) {
    for (const language of LANGUAGES) {
      const shot = `${layout.name}-${themeName}-${language}`;
      describe(`card and dialog, ${shot}`, () => {
        beforeEach(async () => {
          await setViewport({ width: layout.width, height: layout.height });
          applyTheme(document.body, theme);
        });

        it('shows the card with nothing cut', async () => {
          host = document.createElement('div');
          host.style.cssText = `width: ${layout.column}px; padding: 8px; box-sizing: border-box;`;
          document.body.append(host);
          const card = document.createElement('plaid-balance-card') as PlaidBalanceCard;
          card.setConfig({ type: 'custom:plaid-balance-card' });
          card.hass = fakeHass({ states, language, darkMode: dark });
          host.append(card);
          await card.updateComplete;
          for (const title of card.shadowRoot!.querySelectorAll('.group-title'))
            expect(cut(title), title.textContent!).to.equal(false);
          for (const button of card.shadowRoot!.querySelectorAll('.btn'))
            expect(cut(button), button.textContent!).to.equal(false);
          await screenshot(`card-${shot}`, host);
        });

        it('shows the remove dialog and the accounts form with nothing cut', async () => {
          const companion = Object.assign(happyCompanion(), { language, themes: { darkMode: dark } });
          const dialog = (await showLinkDialog({
            hass: companion,
            task: {
              mode: 'remove',
              itemId: 'item_fpb',
              institution: 'First Platypus Bank',
              sensors: { balances: 2, statuses: 2 },
            },
            responseTimeoutMs: 300,
          })) as LinkDialog;
          const root = dialog.shadowRoot!;
          await waitUntil(() => root.querySelector('.confirm-remove'), 'confirm step', { timeout: 3000 });
          const box = root.querySelector('dialog')!.getBoundingClientRect();
          if (layout.name === 'phone') {
            // Full-screen on a phone, as HA's own dialogs are.
            expect([box.width, box.height]).to.deep.equal([layout.width, layout.height]);
          }
          expect(cut(root.querySelector('h2')!)).to.equal(false);
          await screenshot(`dialog-remove-${shot}`);
          await dialog.closeDialog();

          const linker = Object.assign(happyCompanion(), { language, themes: { darkMode: dark } });
          const linking = (await showLinkDialog({ hass: linker, task: { mode: 'link' } })) as LinkDialog;
          await waitUntil(() => linking.shadowRoot!.querySelector('.external'), 'external step', { timeout: 3000 });
          linker.emitStep(FLOW_ID, FORM_STEP);
          await waitUntil(() => linking.shadowRoot!.querySelector('.form'), 'form step', { timeout: 3000 });
          for (const id of linking.shadowRoot!.querySelectorAll('.entity-id'))
            expect(cut(id), id.textContent!).to.equal(false);
          await screenshot(`dialog-form-${shot}`);
          await linking.closeDialog();
        });
      });
    }
  }
}
