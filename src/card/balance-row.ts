import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import { isLiability, type Account } from './accounts.js';
import type { Show } from './card-config.js';
import { ROW_TAG } from './const.js';
import { formatMoney, type NumberLocale } from './currency-format.js';
import type { Localize } from './localize.js';
import { badgeStyles } from './shared-styles.js';
import { formatAge, staleness } from './staleness.js';

export const CONCEALED = '••••••';

export interface RowBadge {
  kind: 'warning' | 'error';
  text: string;
}

/** Badges in order of urgency; a login problem outranks plain staleness. */
export function rowBadges(account: Account, staleAfterMs: number, now: number, localize: Localize): RowBadge[] {
  if (account.missing) return [{ kind: 'error', text: localize('card.badge_missing') }];
  const badges: RowBadge[] = [];
  switch (account.itemStatus) {
    case 'login_required':
      badges.push({ kind: 'error', text: localize('card.badge_login_required') });
      break;
    case 'pending_expiration':
      badges.push({ kind: 'warning', text: localize('card.badge_pending_expiration') });
      break;
    case 'error':
      badges.push({ kind: 'error', text: localize('card.badge_error') });
      break;
  }
  if (account.malformed) badges.push({ kind: 'error', text: localize('card.badge_malformed') });
  else if (!account.unavailable) {
    const age = staleness(account.lastRefreshed, staleAfterMs, now);
    if (age.stale) {
      badges.push({
        kind: 'warning',
        text: age.ageMs === null ? localize('card.badge_stale_unknown') : localize('card.badge_stale', { age: formatAge(age.ageMs, localize) }),
      });
    }
  }
  return badges;
}

export class BalanceRow extends LitElement {
  @property({ attribute: false }) account!: Account;
  @property({ attribute: false }) show: Show = 'current';
  @property({ attribute: false }) numberLocale: NumberLocale = { language: 'en' };
  @property({ attribute: false }) localize!: Localize;
  @property({ attribute: false }) badges: RowBadge[] = [];
  /** Shown under the name when the group header does not already say it. */
  @property({ attribute: false }) institution: string | null = null;
  @property({ type: Boolean, reflect: true }) concealed = false;

  #money(amount: number): string {
    return formatMoney(amount, this.account.currency, this.numberLocale);
  }

  #primary(): { text: string; muted: boolean } {
    const a = this.account;
    if (a.unavailable) return { text: this.localize('card.unavailable'), muted: true };
    const wanted = this.show === 'available' ? a.available : a.current;
    // Plaid has no available balance for most loans and some cards: the current one beats a dash.
    const value = wanted ?? (this.show === 'available' ? a.current : a.available);
    if (value === null) return { text: '—', muted: true };
    return { text: this.concealed ? CONCEALED : this.#money(value), muted: false };
  }

  #secondary(): string | null {
    const a = this.account;
    if (this.concealed || a.unavailable) return null;
    const parts: string[] = [];
    const liability = isLiability(a);
    if (a.available !== null && a.current !== null) {
      if (this.show === 'both' || (this.show === 'current' && !liability && a.available !== a.current)) {
        parts.push(this.localize('card.available_amount', { amount: this.#money(a.available) }));
      } else if (this.show === 'available' && !liability && a.available !== a.current) {
        parts.push(this.localize('card.current_amount', { amount: this.#money(a.current) }));
      }
    }
    if (liability && a.limit !== null) parts.push(this.localize('card.limit_amount', { amount: this.#money(a.limit) }));
    return parts.length ? parts.join(' · ') : null;
  }

  #activate(): void {
    const event = this.concealed
      ? new CustomEvent('plaid-reveal', { bubbles: true, composed: true })
      : new CustomEvent('hass-more-info', {
          detail: { entityId: this.account.primaryEntityId },
          bubbles: true,
          composed: true,
        });
    this.dispatchEvent(event);
  }

  #onKey(e: KeyboardEvent): void {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      this.#activate();
    }
  }

  protected override render(): TemplateResult {
    const a = this.account;
    const primary = this.#primary();
    const secondary = this.#secondary();
    const name = a.accountName ?? (a.missing ? a.primaryEntityId : this.localize('card.account_unknown'));
    return html`
      <div class="row" role="button" tabindex="0" @click=${this.#activate} @keydown=${this.#onKey}>
        <div class="left">
          <div class="name">
            <span class="account" title=${name}>${name}</span>
            ${a.mask ? html`<span class="mask">••${a.mask}</span>` : nothing}
          </div>
          ${this.institution || this.badges.length
            ? html`<div class="meta">
                ${this.institution ? html`<span class="institution">${this.institution}</span>` : nothing}
                ${this.badges.map((b) => html`<span class="badge ${b.kind}">${b.text}</span>`)}
              </div>`
            : nothing}
        </div>
        <div class="right">
          <div class="amount ${primary.muted ? 'muted' : ''}" title=${primary.text}>${primary.text}</div>
          ${secondary ? html`<div class="secondary">${secondary}</div>` : nothing}
        </div>
      </div>
    `;
  }

  static override styles = [
    badgeStyles,
    css`
      :host {
        display: block;
      }
      .row {
        display: flex;
        align-items: center;
        justify-content: space-between;
        gap: 12px;
        padding: 6px 12px;
        min-height: 40px;
        cursor: pointer;
        outline: none;
        border-radius: 8px;
      }
      .row:hover,
      .row:focus-visible {
        background: color-mix(in srgb, var(--primary-text-color, #212121) 6%, transparent);
      }
      .left {
        min-width: 0;
        flex: 1 1 40%;
      }
      .name {
        display: flex;
        align-items: baseline;
        gap: 6px;
        min-width: 0;
      }
      .account {
        font-size: 15px;
        color: var(--primary-text-color, #212121);
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      .mask,
      .institution,
      .secondary {
        font-size: 13px;
        color: var(--secondary-text-color, #727272);
        white-space: nowrap;
      }
      .mask {
        flex: none;
        font-variant-numeric: tabular-nums;
      }
      .meta {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 6px;
        margin-top: 3px;
      }
      .right {
        flex: 0 1 auto;
        min-width: 0;
        max-width: 60%;
        text-align: end;
      }
      .amount {
        font-size: 16px;
        font-weight: 500;
        color: var(--primary-text-color, #212121);
        font-variant-numeric: tabular-nums;
        white-space: nowrap;
        overflow: hidden;
        text-overflow: ellipsis;
      }
      .amount.muted {
        font-weight: 400;
        color: var(--secondary-text-color, #727272);
      }
      .secondary {
        margin-top: 2px;
        font-variant-numeric: tabular-nums;
        white-space: normal;
      }
    `,
  ];
}

if (!customElements.get(ROW_TAG)) customElements.define(ROW_TAG, BalanceRow);

declare global {
  interface HTMLElementTagNameMap {
    [ROW_TAG]: BalanceRow;
  }
}
