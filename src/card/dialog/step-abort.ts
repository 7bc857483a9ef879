import { html, nothing, type TemplateResult } from 'lit';
import type { AbortReason, AbortStep } from '../../protocol/index.js';
import type { TranslationKey } from '../localize.js';
import { doneButton, page, retryActions, type StepContext } from './page.js';

const ABORT_TEXT: Record<AbortReason, TranslationKey> = {
  user_exited: 'dialog.abort_user_exited',
  link_expired: 'dialog.abort_link_expired',
  duplicate: 'dialog.abort_duplicate',
  plaid_error: 'dialog.abort_plaid_error',
  cancelled: 'dialog.abort_cancelled',
  item_not_found: 'dialog.abort_item_not_found',
  companion_restarted: 'dialog.abort_companion_restarted',
  no_accounts: 'dialog.abort_no_accounts',
};

/** `abort`: why the flow ended; a kept duplicate is an ending, everything else can be retried. */
export function stepAbort(ctx: StepContext, step: AbortStep): TemplateResult {
  return page(
    `abort abort-${step.reason}`,
    html`<p>${ctx.t(ABORT_TEXT[step.reason])}</p>
      ${step.reason === 'plaid_error' && step.message ? html`<p class="detail">${step.message}</p>` : nothing}`,
    step.reason === 'duplicate' ? doneButton(ctx) : retryActions(ctx),
  );
}
