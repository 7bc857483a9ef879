import { html, nothing, type TemplateResult } from 'lit';
import type { Localize } from '../localize.js';
import type { LinkDialogModel } from './dialog-flow.js';

/** What every step's template needs from the dialog element. */
export interface StepContext {
  t: Localize;
  language: string;
  flow: LinkDialogModel;
  close(): void;
}

/** A step's page: its body, and its buttons in the footer. */
export function page(name: string, body: unknown, actions?: unknown): TemplateResult {
  return html`<div class="content ${name}">${body}</div>
    ${actions ? html`<footer>${actions}</footer>` : nothing}`;
}

export function waiting(text: string, actions?: unknown): TemplateResult {
  return page(
    'waiting',
    html`<div class="spinner-row"><span class="spinner" role="progressbar"
        aria-label=${text}></span><span>${text}</span></div>`,
    actions,
  );
}

export function closeButton(ctx: StepContext): TemplateResult {
  return html`<button class="btn" @click=${ctx.close}>${ctx.t('dialog.close')}</button>`;
}

export function doneButton(ctx: StepContext): TemplateResult {
  return html`<button class="btn filled done" @click=${ctx.close}>${ctx.t('dialog.done')}</button>`;
}

/** Close or try again: the way out of every failure. */
export function retryActions(ctx: StepContext): TemplateResult {
  return html`${closeButton(ctx)}<button class="btn filled retry" @click=${() => ctx.flow.retry()}
    >${ctx.t('dialog.retry')}</button>`;
}
