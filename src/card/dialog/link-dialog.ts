import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import type { FormStep } from '../../protocol/index.js';
import { DIALOG_TAG } from '../const.js';
import { isDarkMode } from '../dark-mode.js';
import { completionRedirect } from '../link-done.js';
import { languageOf, loadCardStrings, stringsLanguage } from '../localize.js';
import { dialogLocalize } from './dialog-localize.js';
import { initialSelection, type DuplicateChoice, type Selection } from './accounts-form.js';
import { confirmRemove, removed } from './confirm-remove.js';
import { localDueDatesMemory } from './due-dates-memory.js';
import { LinkDialogModel, type FlowView, type LinkTask } from './dialog-flow.js';
import { manage } from './manage.js';
import { waiting, type StepContext } from './page.js';
import type { LinkDialogElement, LinkDialogParams } from './show-link-dialog.js';
import { stepAbort } from './step-abort.js';
import { stepCreateEntry } from './step-create-entry.js';
import { stepExternal } from './step-external.js';
import { stepForm, type FormState } from './step-form.js';
import { stepProgress } from './step-progress.js';
import { dialogStyles } from './dialog-styles.js';
import { failure, unreachable } from './unreachable.js';

const CLOSE_ICON =
  'M19,6.41L17.59,5L12,10.59L6.41,5L5,6.41L10.59,12L5,17.59L6.41,19L12,13.41L17.59,19L19,17.59L13.41,12L19,6.41Z';

const TITLES = {
  link: 'dialog.title_link',
  reconnect: 'dialog.title_reconnect',
  add_due_dates: 'dialog.title_add_due_dates',
  remove: 'dialog.title_remove',
  manage: 'dialog.title_manage',
} as const;

/**
 * The link dialog: a thin shell around `LinkDialogModel` (the logic) that renders
 * the current view with one template function per step, as HA's config-flow
 * dialog does (`step-*.ts` beside this file). It owns only the accounts
 * form's state, so a re-sent form keeps what the user chose.
 */
export class LinkDialog extends LitElement implements LinkDialogElement {
  static override properties = {
    hass: { attribute: false },
    _view: { state: true },
    _selection: { state: true },
    _duplicate: { state: true },
    _slow: { state: true },
  };

  private _view: FlowView = { view: 'connecting' };
  private _selection: Selection = new Map();
  private _duplicate: DuplicateChoice = 'keep_existing';
  /** The companion acknowledged a request that is waiting on Plaid (companion-client.ts). */
  private _slow = false;
  /** HA's dialog manager keeps this up to date (`provideHass`): language and theme follow it while open. */
  hass?: LinkDialogParams['hass'];
  /** Outside HA the dialog appended itself and goes when closed; HA's dialog manager reuses it. */
  removeOnClose = false;

  #params?: LinkDialogParams;
  #ctx?: StepContext;
  #formStep: FormStep | null = null;
  #closing = false;

  showDialog(params: LinkDialogParams): void {
    // HA's dialog manager reuses one element for every task.
    this.#closing = false;
    this.#formStep = null;
    this._selection = new Map();
    this._view = { view: 'connecting' };
    this._slow = false;
    this.#params = params;
    const language = languageOf(this.#hass ?? params.hass);
    const flow = new LinkDialogModel(params.hass, params.task, {
      onChange: (view) => (this._view = view),
      onSlow: (slow) => (this._slow = slow),
      redirectUri: params.redirectUri ?? completionRedirect(import.meta.url),
      dueDates: localDueDatesMemory(),
      ...(params.responseTimeoutMs !== undefined ? { timeoutMs: params.responseTimeoutMs } : {}),
      ...(params.pollMs !== undefined ? { pollMs: params.pollMs } : {}),
    });
    this.#ctx = { t: dialogLocalize(language), language, flow, close: () => void this.closeDialog() };
    document.addEventListener('visibilitychange', this.#onVisibility);
    window.addEventListener('location-changed', this.#onNavigate);
    void flow.start();
  }

  /** The newest hass: HA's (kept current) or the one the dialog was opened with. */
  get #hass(): LinkDialogParams['hass'] | undefined {
    return this.hass ?? this.#params?.hass;
  }

  /** HA's `navigate()` fires `location-changed`: the dashboard moved on, the dialog goes. */
  #onNavigate = (): void => void this.closeDialog();

  async closeDialog(): Promise<void> {
    if (this.#closing) return;
    this.#closing = true;
    document.removeEventListener('visibilitychange', this.#onVisibility);
    window.removeEventListener('location-changed', this.#onNavigate);
    await this.#ctx?.flow.close();
    const dialog = this.#dialog;
    if (dialog?.open) dialog.close();
    // HA's dialog manager takes its history entry back on this event.
    this.dispatchEvent(
      new CustomEvent('dialog-closed', { detail: { dialog: DIALOG_TAG }, bubbles: true, composed: true }),
    );
    if (this.removeOnClose) this.remove();
  }

  get #dialog(): HTMLDialogElement | null {
    return this.renderRoot.querySelector('dialog');
  }

  /** Back from the Plaid tab: events may have been missed while the page slept. */
  #onVisibility = (): void => {
    if (document.visibilityState === 'visible') void this.#ctx?.flow.refresh();
  };

  /**
   * The dialog shows some of the card's strings too (its buttons, the banks'
   * badges): an update waits for the user's language's, as the card's does,
   * also after a language change in the profile while it is open.
   */
  protected override scheduleUpdate(): ReturnType<LitElement['scheduleUpdate']> {
    const arrival = loadCardStrings(languageOf(this.#hass));
    return arrival ? arrival.then(() => super.scheduleUpdate()) : super.scheduleUpdate();
  }

  protected override updated(): void {
    const dialog = this.#dialog;
    if (!dialog || dialog.open || this.#closing || !this.#params) return;
    dialog.showModal();
    // showModal focuses the close button, which then looks pressed; start from the dialog itself.
    dialog.focus();
  }

  protected override willUpdate(changed: PropertyValues): void {
    if (changed.has('hass') && this.hass && this.#ctx) {
      const language = languageOf(this.hass);
      this.#ctx = { ...this.#ctx, t: dialogLocalize(language), language };
    }
    const v = this._view;
    if (changed.has('_view') && v.view === 'step' && v.step.type === 'form' && v.step !== this.#formStep) {
      this.#formStep = v.step;
      this._selection = initialSelection(v.step, this._selection);
    }
  }

  #title(ctx: StepContext, task: LinkTask): string {
    return ctx.t(TITLES[task.mode], 'institution' in task ? { institution: task.institution } : undefined);
  }

  protected override render(): TemplateResult | typeof nothing {
    const ctx = this.#ctx;
    if (!ctx) return nothing;
    return html`
      <dialog
        lang=${stringsLanguage(ctx.language)}
        dir="ltr"
        tabindex="-1"
        style=${this.#hass && isDarkMode(this.#hass) ? 'color-scheme: dark' : nothing}
        aria-labelledby="title"
        @cancel=${(e: Event) => {
          e.preventDefault();
          ctx.close();
        }}
      >
        <header>
          <h2 id="title">${this.#title(ctx, ctx.flow.task)}</h2>
          <button class="close" aria-label=${ctx.t('dialog.close')} title=${ctx.t('dialog.close')} @click=${ctx.close}>
            <svg width="24" height="24" viewBox="0 0 24 24" aria-hidden="true"><path d=${CLOSE_ICON}></path></svg>
          </button>
        </header>
        ${this.#body(ctx)}
        ${this._slow ? html`<p class="hint slow">${ctx.t('dialog.slow')}</p>` : nothing}
      </dialog>
    `;
  }

  #form(): FormState {
    return {
      selection: this._selection,
      duplicate: this._duplicate,
      change: (edit) => (this._selection = edit(this._selection)),
      setDuplicate: (c) => (this._duplicate = c),
    };
  }

  #body(ctx: StepContext): TemplateResult {
    const v = this._view;
    switch (v.view) {
      case 'connecting':
        return waiting(ctx.t('dialog.connecting'));
      case 'unreachable':
        return unreachable(ctx, this.#params?.responseTimeoutMs);
      case 'error':
        return failure(ctx, v.code, v.message, v.update);
      case 'manage':
        return manage(ctx, v.items);
      case 'confirm_remove':
        // Cancel returns to where the user came from: the list of banks, or the card.
        return confirmRemove(
          ctx,
          v.institution,
          v.sensors,
          this.#params?.task.mode === 'manage' ? () => ctx.flow.manage() : ctx.close,
        );
      case 'removing':
        return waiting(ctx.t('dialog.removing'));
      case 'removed':
        return removed(ctx, v.institution);
      case 'step':
        switch (v.step.type) {
          case 'external':
            return stepExternal(ctx, v.step, v.externalOpened);
          case 'progress':
            return stepProgress(ctx, v.step);
          case 'form':
            return stepForm(ctx, v.step, v.busy, this.#form());
          case 'create_entry':
            return stepCreateEntry(ctx, v.step);
          case 'abort':
            return stepAbort(ctx, v.step);
        }
    }
  }

  static override styles = dialogStyles;
}

if (!customElements.get(DIALOG_TAG)) customElements.define(DIALOG_TAG, LinkDialog);

declare global {
  interface HTMLElementTagNameMap {
    [DIALOG_TAG]: LinkDialog;
  }
}
