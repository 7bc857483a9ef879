import { html, type TemplateResult } from 'lit';
import type { ItemSensorCounts } from '../../protocol/index.js';
import { doneButton, page, type StepContext } from './page.js';

/** Removing a bank deletes its sensors and its Plaid connection, so it asks first; Cancel goes `back`. */
export function confirmRemove(
  ctx: StepContext,
  institution: string,
  sensors: ItemSensorCounts,
  back: () => void,
): TemplateResult {
  const { t, flow } = ctx;
  return page(
    'confirm-remove',
    html`<p>${t('dialog.remove_confirm', { institution, balances: sensors.balances, statuses: sensors.statuses })}</p>`,
    html`<button class="btn cancel" @click=${back}>${t('dialog.cancel')}</button>
      <button class="btn danger filled confirm" @click=${() => flow.remove()}
        >${t('dialog.remove_confirm_button')}</button>`,
  );
}

export function removed(ctx: StepContext, institution: string): TemplateResult {
  return page('removed', html`<p>${ctx.t('dialog.removed', { institution })}</p>`, doneButton(ctx));
}
