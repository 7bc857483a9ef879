import { html, nothing, type TemplateResult } from 'lit';
import { DUE_DATES_SINCE } from '../../protocol/index.js';
import type { ShownStep } from './dialog-flow.js';
import { closeButton, page, waiting, type StepContext } from './page.js';

function openPlaid(ctx: StepContext, url: string): void {
  // Opened from the click handler itself, so popup blockers let it through.
  window.open(url, '_blank');
  ctx.flow.markExternalOpened();
}

/**
 * A new link's "Also fetch payment due dates", before Plaid opens: a companion
 * too old to take it shows it unticked and disabled, with what to update.
 */
function dueDatesChoice(ctx: StepContext): TemplateResult {
  const { t, flow } = ctx;
  const { offered, checked } = flow.dueDates;
  return html`<label class="choice due-dates">
      <input
        type="checkbox"
        .checked=${offered && checked}
        ?disabled=${!offered}
        @change=${(e: Event) => void flow.setDueDates((e.target as HTMLInputElement).checked)}
      />
      <span>${t('dialog.due_dates_consent')}</span>
    </label>
    ${
      offered
        ? nothing
        : html`<p class="hint due-dates-update">
          ${t('dialog.due_dates_update_companion', { release: DUE_DATES_SINCE })}
        </p>`
    }`;
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
      ${ctx.flow.task.mode === 'link' ? dueDatesChoice(ctx) : nothing}
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
