import { html, type TemplateResult } from 'lit';
import type { DuplicateChoice } from './accounts-form.js';
import type { StepContext } from './page.js';

/** The bank is linked already: keep that connection (Plaid bills each one) or replace it. */
export function duplicate(
  ctx: StepContext,
  institution: string,
  chosen: DuplicateChoice,
  choose: (choice: DuplicateChoice) => void,
): TemplateResult {
  const { t } = ctx;
  return html`<div class="duplicate" role="group">
    <h3>${t('dialog.duplicate_title', { institution })}</h3>
    <p>${t('dialog.duplicate_body')}</p>
    ${(['keep_existing', 'replace'] as const).map(
      (choice) => html`<label class="choice">
        <input type="radio" name="duplicate" value=${choice} .checked=${chosen === choice}
          @change=${() => choose(choice)} />
        ${t(choice === 'keep_existing' ? 'dialog.duplicate_keep' : 'dialog.duplicate_replace')}
      </label>`,
    )}
  </div>`;
}
