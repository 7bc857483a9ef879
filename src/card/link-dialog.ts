import { LitElement, css, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import {
  RESPONSE_TIMEOUT_MS,
  type AbortReason,
  type AbortStep,
  type AccountChoice,
  type AccountsFormInput,
  type BalanceKind,
  type CreateEntryStep,
  type ExternalStep,
  type FormStep,
  type ItemSummary,
  type ProgressStep,
} from '../protocol/index.js';
import { needsReconnect } from './accounts.js';
import { COMPANION_START_COMMAND, DIALOG_TAG } from './const.js';
import { formatMoney } from './currency-format.js';
import { isDarkMode } from './dark-mode.js';
import { LinkFlow, type FlowView } from './link-flow.js';
import { languageOf, makeLocalize, type Localize, type TranslationKey } from './localize.js';
import { badgeStyles, buttonStyles, formStyles } from './shared-styles.js';
import type { LinkDialogElement, LinkDialogParams } from './show-link-dialog.js';

const CLOSE_ICON = 'M19,6.41L17.59,5L12,10.59L6.41,5L5,6.41L10.59,12L5,17.59L6.41,19L12,13.41L17.59,19L19,17.59L13.41,12L19,6.41Z';
const DOCTOR_COMMAND = 'npm run companion -- doctor';

interface AccountSelection {
  kinds: Set<BalanceKind>;
  name: string;
}

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


export class LinkDialog extends LitElement implements LinkDialogElement {
  static override properties = {
    hass: { attribute: false },
    _view: { state: true },
    _selection: { state: true },
    _duplicate: { state: true },
  };

  private _view: FlowView = { view: 'connecting' };
  private _selection = new Map<string, AccountSelection>();
  private _duplicate: 'keep_existing' | 'replace' = 'keep_existing';
  /** HA's dialog manager keeps this up to date (`provideHass`): language and theme follow it while open. */
  hass?: LinkDialogParams['hass'];
  removeOnClose = false;

  #params?: LinkDialogParams;
  #flow?: LinkFlow;
  #localize: Localize = makeLocalize('en');
  #language = 'en';
  #formStep: FormStep | null = null;
  #closing = false;

  showDialog(params: LinkDialogParams): void {
    // HA's dialog manager reuses one element for every task.
    this.#closing = false;
    this.#formStep = null;
    this._selection = new Map();
    this._view = { view: 'connecting' };
    this.#params = params;
    this.#language = languageOf(this.#hass);
    this.#localize = makeLocalize(this.#language);
    this.#flow = new LinkFlow(params.hass, params.task, {
      onChange: (view) => (this._view = view),
      redirectUri: params.redirectUri ?? window.location.href,
      ...(params.responseTimeoutMs !== undefined ? { timeoutMs: params.responseTimeoutMs } : {}),
      ...(params.pollMs !== undefined ? { pollMs: params.pollMs } : {}),
    });
    document.addEventListener('visibilitychange', this.#onVisibility);
    window.addEventListener('location-changed', this.#onNavigate);
    void this.#flow.start();
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
    await this.#flow?.close();
    const dialog = this.#dialog;
    if (dialog?.open) dialog.close();
    // HA's dialog manager takes its history entry back on this event.
    this.dispatchEvent(new CustomEvent('dialog-closed', { detail: { dialog: DIALOG_TAG }, bubbles: true, composed: true }));
    if (this.removeOnClose) this.remove();
  }

  get #dialog(): HTMLDialogElement | null {
    return this.renderRoot.querySelector('dialog');
  }

  /** Back from the Plaid tab: events may have been missed while the page slept. */
  #onVisibility = (): void => {
    if (document.visibilityState === 'visible') void this.#flow?.refresh();
  };

  protected override updated(): void {
    const dialog = this.#dialog;
    if (!dialog || dialog.open || this.#closing || !this.#params) return;
    dialog.showModal();
    // showModal focuses the close button, which then looks pressed; start from the dialog itself.
    dialog.focus();
  }

  protected override willUpdate(changed: PropertyValues): void {
    if (changed.has('hass') && this.hass) {
      this.#language = languageOf(this.hass);
      this.#localize = makeLocalize(this.#language);
    }
    if (!changed.has('_view')) return;
    const v = this._view;
    if (v.view === 'step' && v.step.type === 'form' && v.step !== this.#formStep) {
      this.#formStep = v.step;
      // A form sent again (with errors) keeps what the user already chose.
      const next = new Map<string, AccountSelection>();
      for (const account of v.step.data.accounts) {
        next.set(
          account.account_id,
          this._selection.get(account.account_id) ?? { kinds: new Set(account.suggested_kinds), name: account.name },
        );
      }
      this._selection = next;
    }
  }

  #title(): string {
    const t = this.#localize;
    const task = this.#flow?.task;
    if (!task) return '';
    switch (task.mode) {
      case 'link':
        return t('dialog.title_link');
      case 'reconnect':
        return t('dialog.title_reconnect', { institution: task.institution });
      case 'remove':
        return t('dialog.title_remove', { institution: task.institution });
      case 'manage':
        return t('dialog.title_manage');
    }
  }

  protected override render(): TemplateResult {
    const t = this.#localize;
    return html`
      <dialog
        tabindex="-1"
        style=${this.#hass && isDarkMode(this.#hass) ? 'color-scheme: dark' : nothing}
        aria-labelledby="title"
        @cancel=${(e: Event) => {
          e.preventDefault();
          void this.closeDialog();
        }}
      >
        <header>
          <h2 id="title">${this.#title()}</h2>
          <button class="icon-btn close" aria-label=${t('dialog.close')} title=${t('dialog.close')} @click=${() => this.closeDialog()}>
            <svg viewBox="0 0 24 24" aria-hidden="true"><path d=${CLOSE_ICON}></path></svg>
          </button>
        </header>
        ${this.#renderBody()}
      </dialog>
    `;
  }

  #renderBody(): TemplateResult {
    const v = this._view;
    const t = this.#localize;
    switch (v.view) {
      case 'connecting':
        return this.#waiting(t('dialog.connecting'));
      case 'unreachable':
        return this.#renderUnreachable();
      case 'error':
        return this.#page(
          'error',
          html`<h3>${t('dialog.error_title')}</h3>
            <p>${v.code === 'unauthorized' ? t('dialog.error_unauthorized') : v.message}</p>`,
          html`${this.#closeButton()}<button class="btn filled retry" @click=${() => this.#flow?.retry()}>${t('dialog.retry')}</button>`,
        );
      case 'manage':
        return this.#renderManage(v.items);
      case 'confirm_remove':
        return this.#page(
          'confirm-remove',
          html`<p>${t('dialog.remove_confirm', { institution: v.institution, count: v.entityCount })}</p>`,
          html`<button class="btn cancel" @click=${() => (this.#params?.task.mode === 'manage' ? this.#flow?.manage() : this.closeDialog())}>
              ${t('dialog.cancel')}
            </button>
            <button class="btn danger filled confirm" @click=${() => this.#flow?.remove()}>${t('dialog.remove_confirm_button')}</button>`,
        );
      case 'removing':
        return this.#waiting(t('dialog.removing'));
      case 'removed':
        return this.#page(
          'removed',
          html`<p>${t('dialog.removed', { institution: v.institution })}</p>`,
          html`<button class="btn filled done" @click=${() => this.closeDialog()}>${t('dialog.done')}</button>`,
        );
      case 'step':
        switch (v.step.type) {
          case 'external':
            return this.#renderExternal(v.step, v.externalOpened);
          case 'progress':
            return this.#renderProgress(v.step);
          case 'form':
            return this.#renderForm(v.step, v.busy);
          case 'create_entry':
            return this.#renderCreated(v.step);
          case 'abort':
            return this.#renderAbort(v.step);
        }
    }
  }

  #page(name: string, body: TemplateResult, actions?: TemplateResult): TemplateResult {
    return html`<div class="content ${name}">${body}</div>
      ${actions ? html`<footer>${actions}</footer>` : nothing}`;
  }

  #waiting(text: string, actions?: TemplateResult): TemplateResult {
    return this.#page('waiting', html`<div class="spinner-row"><span class="spinner" role="progressbar"></span><span>${text}</span></div>`, actions);
  }

  #closeButton(): TemplateResult {
    return html`<button class="btn" @click=${() => this.closeDialog()}>${this.#localize('dialog.close')}</button>`;
  }

  #renderUnreachable(): TemplateResult {
    const t = this.#localize;
    const seconds = Math.max(1, Math.round((this.#params?.responseTimeoutMs ?? RESPONSE_TIMEOUT_MS) / 1000));
    return this.#page(
      'unreachable',
      html`<h3>${t('dialog.unreachable_title')}</h3>
        <p>${t('dialog.unreachable_body', { seconds })}</p>
        <pre class="command"><code>${COMPANION_START_COMMAND}</code></pre>
        <p class="hint">${t('dialog.unreachable_hint')}</p>
        <pre class="command"><code>${DOCTOR_COMMAND}</code></pre>`,
      html`${this.#closeButton()}<button class="btn filled retry" @click=${() => this.#flow?.retry()}>${t('dialog.retry')}</button>`,
    );
  }

  #openPlaid(step: ExternalStep): void {
    // Opened from the click handler itself, so popup blockers let it through.
    window.open(step.url, '_blank');
    this.#flow?.markExternalOpened();
  }

  #renderExternal(step: ExternalStep, opened: boolean): TemplateResult {
    const t = this.#localize;
    const expires = Date.parse(step.expires_at);
    const expiry = Number.isNaN(expires)
      ? nothing
      : html`<p class="hint">
          ${t('dialog.external_expires', {
            time: new Intl.DateTimeFormat(this.#language, { timeStyle: 'short' }).format(expires),
          })}
        </p>`;
    if (!opened) {
      return this.#page(
        'external',
        html`<p>${t('dialog.external_intro')}</p>
          ${expiry}`,
        html`${this.#closeButton()}<button class="btn filled open-plaid" @click=${() => this.#openPlaid(step)}>${t('dialog.open_plaid')}</button>`,
      );
    }
    return this.#waiting(
      t('dialog.external_waiting'),
      html`<button class="btn open-plaid" @click=${() => this.#openPlaid(step)}>${t('dialog.external_reopen')}</button>`,
    );
  }

  #renderProgress(step: ProgressStep): TemplateResult {
    return this.#waiting(this.#localize(`dialog.progress_${step.progress_action}`));
  }

  #toggleKind(accountId: string, kind: BalanceKind, on: boolean): void {
    const current = this._selection.get(accountId);
    if (!current) return;
    const kinds = new Set(current.kinds);
    if (on) kinds.add(kind);
    else kinds.delete(kind);
    this._selection = new Map(this._selection).set(accountId, { ...current, kinds });
  }

  #rename(accountId: string, name: string): void {
    const current = this._selection.get(accountId);
    if (current) this._selection = new Map(this._selection).set(accountId, { ...current, name });
  }

  #formInput(step: FormStep): AccountsFormInput {
    const accounts = step.data.accounts.flatMap((account) => {
      const choice = this._selection.get(account.account_id);
      if (!choice || choice.kinds.size === 0) return [];
      const name = choice.name.trim();
      return [
        {
          account_id: account.account_id,
          kinds: (['current', 'available'] as const).filter((k) => choice.kinds.has(k)),
          ...(name && name !== account.name ? { name } : {}),
        },
      ];
    });
    return step.data.duplicate_of ? { accounts, duplicate: this._duplicate } : { accounts };
  }

  #renderForm(step: FormStep, busy: boolean): TemplateResult {
    const t = this.#localize;
    const { data, errors } = step;
    const input = this.#formInput(step);
    const keeping = data.duplicate_of !== null && this._duplicate === 'keep_existing';
    const nothingChosen = input.accounts.length === 0 && !keeping;
    const base = errors.base;
    return this.#page(
      'form',
      html`
        ${data.duplicate_of
          ? html`<div class="duplicate" role="group">
              <h3>${t('dialog.duplicate_title', { institution: data.duplicate_of.institution_name })}</h3>
              <p>${t('dialog.duplicate_body')}</p>
              ${(['keep_existing', 'replace'] as const).map(
                (choice) => html`<label class="choice">
                  <input
                    type="radio"
                    name="duplicate"
                    value=${choice}
                    .checked=${this._duplicate === choice}
                    @change=${() => (this._duplicate = choice)}
                  />
                  ${t(choice === 'keep_existing' ? 'dialog.duplicate_keep' : 'dialog.duplicate_replace')}
                </label>`,
              )}
            </div>`
          : nothing}
        ${keeping
          ? nothing
          : html`<p>${t('dialog.form_intro')}</p>
              ${base ? html`<p class="error-text">${base}</p>` : nothing}
              ${data.accounts.length === 0 ? html`<p>${t('dialog.form_no_accounts')}</p>` : nothing}
              <ul class="accounts">
                ${data.accounts.map((account) => this.#renderAccountChoice(account, errors[account.account_id]))}
              </ul>
              ${nothingChosen && data.accounts.length ? html`<p class="hint">${t('dialog.form_none_selected')}</p>` : nothing}`}
      `,
      html`${this.#closeButton()}
        <button class="btn filled submit" ?disabled=${busy || nothingChosen} @click=${() => this.#flow?.configure(input)}>
          ${keeping ? t('dialog.duplicate_keep') : t('dialog.form_submit')}
        </button>`,
    );
  }

  #renderAccountChoice(account: AccountChoice, error: string | undefined): TemplateResult {
    const t = this.#localize;
    const choice = this._selection.get(account.account_id);
    const money = (n: number | null): string =>
      n === null ? '—' : formatMoney(n, account.currency, { language: this.#language });
    return html`<li class="account" data-account=${account.account_id}>
      <div class="account-head">
        <span class="account-name">${account.name}${account.mask ? html` <span class="mask">••${account.mask}</span>` : nothing}</span>
        <span class="amount">${money(account.current)}</span>
      </div>
      <label class="name-field">
        <span>${t('dialog.form_name')}</span>
        <input
          type="text"
          maxlength="100"
          .value=${choice?.name ?? account.name}
          @input=${(e: Event) => this.#rename(account.account_id, (e.target as HTMLInputElement).value)}
        />
      </label>
      ${(['current', 'available'] as const).map(
        (kind) => html`<label class="kind">
          <input
            type="checkbox"
            name=${`${account.account_id}:${kind}`}
            .checked=${choice?.kinds.has(kind) ?? false}
            @change=${(e: Event) => this.#toggleKind(account.account_id, kind, (e.target as HTMLInputElement).checked)}
          />
          <span class="kind-label">${t(kind === 'current' ? 'dialog.form_current' : 'dialog.form_available')}</span>
          <span class="kind-value">${money(account[kind])}</span>
          ${account.entity_ids[kind] ? html`<code class="entity-id">${account.entity_ids[kind]}</code>` : nothing}
        </label>`,
      )}
      ${error ? html`<p class="error-text">${error}</p>` : nothing}
    </li>`;
  }

  #renderCreated(step: CreateEntryStep): TemplateResult {
    const t = this.#localize;
    const { result } = step;
    return this.#page(
      'created',
      html`<h3>${t(this.#flow?.task.mode === 'reconnect' ? 'dialog.reconnected_title' : 'dialog.created_title', { institution: result.institution_name })}</h3>
        <p>${t('dialog.created_body')}</p>
        <ul class="entities">
          ${result.entities.map(
            (e) => html`<li>
              <div class="entity-main">
                <span>${e.account_name} · ${t(e.balance_kind === 'current' ? 'dialog.form_current' : 'dialog.form_available')}</span>
                <code class="entity-id">${e.entity_id}</code>
              </div>
              <span class="amount">${e.state === null ? '—' : formatMoney(e.state, e.unit_of_measurement, { language: this.#language })}</span>
            </li>`,
          )}
        </ul>`,
      html`<button class="btn filled done" @click=${() => this.closeDialog()}>${t('dialog.done')}</button>`,
    );
  }

  #renderAbort(step: AbortStep): TemplateResult {
    const t = this.#localize;
    const finished = step.reason === 'duplicate';
    return this.#page(
      `abort abort-${step.reason}`,
      html`<p>${t(ABORT_TEXT[step.reason])}</p>
        ${step.reason === 'plaid_error' && step.message ? html`<p class="detail">${step.message}</p>` : nothing}`,
      finished
        ? html`<button class="btn filled done" @click=${() => this.closeDialog()}>${t('dialog.done')}</button>`
        : html`${this.#closeButton()}<button class="btn filled retry" @click=${() => this.#flow?.retry()}>${t('dialog.retry')}</button>`,
    );
  }

  #renderManage(items: ItemSummary[] | null): TemplateResult {
    const t = this.#localize;
    if (!items) return this.#waiting(t('dialog.manage_loading'));
    return this.#page(
      'manage',
      items.length
        ? html`<ul class="items">
            ${items.map(
              (item) => html`<li data-item=${item.item_id}>
                <span class="item-name">${item.institution_name}</span>
                ${item.status === 'ok'
                  ? nothing
                  : html`<span class="badge ${item.status === 'pending_expiration' ? 'warning' : 'error'}"
                      >${t(
                        item.status === 'login_required'
                          ? 'card.badge_login_required'
                          : item.status === 'pending_expiration'
                            ? 'card.badge_pending_expiration'
                            : 'card.badge_error',
                      )}</span
                    >`}
                <span class="item-actions">
                  ${needsReconnect(item.status)
                    ? html`<button class="btn small filled reconnect" @click=${() => this.#flow?.reconnect(item)}>
                        ${t('card.reconnect')}
                      </button>`
                    : nothing}
                  <button class="btn small danger remove" @click=${() => this.#flow?.askRemove(item)}>${t('card.remove')}</button>
                </span>
              </li>`,
            )}
          </ul>`
        : html`<p>${t('dialog.manage_empty')}</p>`,
      this.#closeButton(),
    );
  }

  static override styles = [
    buttonStyles,
    formStyles,
    badgeStyles,
    css`
      dialog {
        box-sizing: border-box;
        width: min(520px, calc(100vw - 24px));
        max-height: calc(100vh - 48px);
        padding: 0;
        border: none;
        border-radius: var(--ha-dialog-border-radius, 24px);
        color: var(--primary-text-color, #212121);
        background: var(--ha-dialog-surface-background, var(--mdc-theme-surface, var(--card-background-color, #fff)));
        box-shadow: 0 12px 40px rgba(0, 0, 0, 0.35);
        font-family: var(--ha-font-family-body, Roboto, 'Noto Sans', sans-serif);
        font-size: 15px;
        line-height: 1.5;
      }
      dialog[open] {
        display: flex;
        flex-direction: column;
      }
      dialog::backdrop {
        background: rgba(0, 0, 0, 0.45);
      }
      header {
        display: flex;
        align-items: center;
        gap: 8px;
        padding: 16px 12px 4px 24px;
      }
      h2 {
        flex: 1;
        margin: 0;
        font-size: 22px;
        font-weight: 400;
        line-height: 32px;
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      h3 {
        margin: 8px 0 4px;
        font-size: 17px;
        font-weight: 500;
      }
      .icon-btn {
        flex: none;
        width: 40px;
        height: 40px;
        padding: 8px;
        border: none;
        border-radius: 50%;
        background: transparent;
        color: var(--secondary-text-color, #727272);
        cursor: pointer;
      }
      .icon-btn:hover {
        background: color-mix(in srgb, var(--primary-text-color, #212121) 8%, transparent);
      }
      dialog:focus,
      .icon-btn:focus {
        outline: none;
      }
      .icon-btn:focus-visible {
        outline: 2px solid color-mix(in srgb, var(--primary-color, #03a9f4) 60%, transparent);
      }
      .icon-btn svg {
        width: 24px;
        height: 24px;
        fill: currentColor;
      }
      .content {
        padding: 4px 24px 8px;
        overflow-y: auto;
      }
      .content p {
        margin: 8px 0;
      }
      footer {
        display: flex;
        justify-content: flex-end;
        flex-wrap: wrap;
        gap: 8px;
        padding: 12px 16px 16px;
      }
      .hint,
      .detail {
        color: var(--secondary-text-color, #727272);
        font-size: 14px;
      }
      .error-text {
        color: var(--error-color, #db4437);
        font-size: 14px;
      }
      .command {
        margin: 8px 0;
        padding: 10px 14px;
        border-radius: 8px;
        overflow-x: auto;
        font-size: 14px;
        background: color-mix(in srgb, var(--primary-text-color, #212121) 8%, transparent);
        user-select: all;
      }
      code,
      .command {
        font-family: var(--ha-font-family-code, ui-monospace, 'Roboto Mono', Menlo, monospace);
      }
      .spinner-row {
        display: flex;
        align-items: center;
        gap: 16px;
        padding: 16px 0 8px;
      }
      .spinner {
        flex: none;
        width: 28px;
        height: 28px;
        box-sizing: border-box;
        border-radius: 50%;
        border: 3px solid color-mix(in srgb, var(--primary-color, #03a9f4) 25%, transparent);
        border-top-color: var(--primary-color, #03a9f4);
        animation: spin 0.9s linear infinite;
      }
      @keyframes spin {
        to {
          transform: rotate(360deg);
        }
      }
      @media (prefers-reduced-motion: reduce) {
        .spinner {
          animation-duration: 3s;
        }
      }
      ul {
        list-style: none;
        margin: 8px 0;
        padding: 0;
      }
      .accounts > li {
        padding: 12px 0;
        border-top: 1px solid var(--divider-color, #e0e0e0);
      }
      .accounts > li:last-child {
        border-bottom: 1px solid var(--divider-color, #e0e0e0);
      }
      .account-head,
      .entities li,
      .items li {
        display: flex;
        align-items: center;
        justify-content: space-between;
        gap: 12px;
      }
      .account-name {
        font-weight: 500;
      }
      .mask {
        color: var(--secondary-text-color, #727272);
        font-weight: 400;
      }
      .amount,
      .kind-value {
        font-variant-numeric: tabular-nums;
        white-space: nowrap;
      }
      .name-field {
        display: flex;
        align-items: center;
        gap: 12px;
        margin: 8px 0 4px;
        font-size: 14px;
        color: var(--secondary-text-color, #727272);
      }
      input[type='text'] {
        flex: 1;
        min-width: 0;
        padding: 6px 10px;
      }
      .kind {
        display: grid;
        grid-template-columns: 18px 1fr auto;
        align-items: center;
        column-gap: 10px;
        padding: 4px 0;
        font-size: 14px;
        cursor: pointer;
      }
      .kind .entity-id {
        grid-column: 2 / 4;
      }
      .entity-id {
        font-size: 12px;
        color: var(--secondary-text-color, #727272);
        overflow-wrap: anywhere;
      }
      .duplicate {
        margin: 4px 0 12px;
        padding: 4px 16px 12px;
        border-radius: 12px;
        background: color-mix(in srgb, var(--warning-color, #ffa600) 14%, transparent);
        border: 1px solid color-mix(in srgb, var(--warning-color, #ffa600) 50%, transparent);
      }
      .choice {
        display: flex;
        align-items: center;
        gap: 10px;
        padding: 4px 0;
        cursor: pointer;
      }
      .entities li {
        padding: 8px 0;
        border-top: 1px solid var(--divider-color, #e0e0e0);
      }
      .entity-main {
        display: flex;
        flex-direction: column;
        min-width: 0;
      }
      .items li {
        padding: 8px 0;
        border-top: 1px solid var(--divider-color, #e0e0e0);
      }
      .item-name {
        flex: 1;
        font-weight: 500;
      }
      .item-actions {
        display: flex;
        gap: 4px;
      }
    `,
  ];
}

if (!customElements.get(DIALOG_TAG)) customElements.define(DIALOG_TAG, LinkDialog);

declare global {
  interface HTMLElementTagNameMap {
    [DIALOG_TAG]: LinkDialog;
  }
}
