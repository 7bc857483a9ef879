import { html, nothing, type TemplateResult } from 'lit';
import type { ShownStep } from './dialog-flow.js';
import { closeButton, page, waiting, type StepContext } from './page.js';

function openPlaid(ctx: StepContext, url: string): void {
  // Opened from the click handler itself, so popup blockers let it through.
  window.open(url, '_blank');
  ctx.flow.markExternalOpened();
}

/** `external`: the Hosted Link page, opened in a new tab; afterwards the dialog waits for it. */
export function stepExternal(
  ctx: StepContext,
  step: Extract<ShownStep, { type: 'external' }>,
  opened: boolean,
): TemplateResult {
  const { t } = ctx;
  const url = step.hostedLinkUrl;
  if (opened) {
    return waiting(
      t('dialog.external_waiting'),
      html`<button class="btn open-plaid" @click=${() => openPlaid(ctx, url)}>${t('dialog.external_reopen')}</button>`,
    );
  }
  const expires = Date.parse(step.expires_at);
  const time = Number.isNaN(expires)
    ? null
    : new Intl.DateTimeFormat(ctx.language, { timeStyle: 'short' }).format(expires);
  return page(
    'external',
    html`<p>${t('dialog.external_intro')}</p>
      ${
        time === null
          ? nothing
          : html`<p class="hint">
            ${t('dialog.external_expires', { time })}
          </p>`
      }`,
    html`${closeButton(ctx)}<button class="btn filled open-plaid" @click=${() => openPlaid(ctx, url)}
      >${t('dialog.open_plaid')}</button>`,
  );
}
