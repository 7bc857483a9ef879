import type { HomeAssistant, LovelaceCard, LovelaceCardConfig } from 'custom-card-helpers';
import { LitElement, css, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { AccountDiscovery } from './account-discovery.js';
import { buildAccounts, needsReconnect, type Account } from './accounts.js';
import { CONCEALED, balanceRow, rowBadges, rowStyles } from './balance-row.js';
import { parseCardConfig, type ResolvedConfig } from './card-config.js';
import { CARD_TAG } from './const.js';
import { cardConfigForm, type CardConfigForm } from './card-config-form.js';
import { formatMoney, type NumberLocale } from './currency-format.js';
import { groupAccounts, type AccountGroup } from './grouping.js';
import { hasHassChanged } from './has-changed.js';
import type { LinkTask } from './link-flow.js';
import { languageOf, makeLocalize, type Localize } from './localize.js';
import { buttonStyles } from './shared-styles.js';
import { showLinkDialog } from './show-link-dialog.js';
import { totalsByCurrency } from './totals.js';

/** What every part of one render needs, worked out once per render. */
interface RenderContext {
  config: ResolvedConfig;
  localize: Localize;
  numberLocale: NumberLocale;
  admin: boolean;
  /** Privacy mode and not tapped to reveal: amounts are hidden. */
  concealed: boolean;
}

/** How long amounts stay visible after a tap in privacy mode. */
const REVEAL_MS = 30_000;
/** Staleness badges depend on the clock, not only on state changes. */
const CLOCK_MS = 60_000;

export class PlaidBalanceCard extends LitElement implements LovelaceCard {
  static override properties = {
    hass: { attribute: false },
    _config: { state: true },
    _revealed: { state: true },
    _now: { state: true },
  };

  hass?: HomeAssistant;
  private _config?: ResolvedConfig;
  private _revealed = false;
  private _now = Date.now();

  #discovery = new AccountDiscovery();
  #ids: readonly string[] = [];
  #revealTimer: ReturnType<typeof setTimeout> | undefined;
  #clock: ReturnType<typeof setInterval> | undefined;
  #discoveryTimer: ReturnType<typeof setTimeout> | undefined;

  static getStubConfig(): LovelaceCardConfig {
    return { type: `custom:${CARD_TAG}` };
  }

  /** HA's card editor draws this with its own ha-form (see card-config-form.ts). */
  static getConfigForm(): CardConfigForm {
    return cardConfigForm(document.documentElement.lang || 'en');
  }

  setConfig(config: LovelaceCardConfig): void {
    this._config = parseCardConfig(config).resolved;
  }

  getCardSize(): number {
    const accounts = this.hass && this._config ? buildAccounts(this.hass.states, this.#entityIds()).length : 0;
    return 2 + Math.max(1, accounts);
  }

  getGridOptions(): { columns: number; rows: 'auto'; min_columns: number } {
    return { columns: 12, rows: 'auto', min_columns: 6 };
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#clock = setInterval(() => (this._now = Date.now()), CLOCK_MS);
    this.#scheduleDiscoveryCheck();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.#clock);
    clearTimeout(this.#revealTimer);
    clearTimeout(this.#discoveryTimer);
    this.#discoveryTimer = undefined;
    this._revealed = false;
  }

  #entityIds(): readonly string[] {
    if (!this.hass || !this._config) return [];
    return this._config.entities ?? this.#discovery.resolve(this.hass.states);
  }

  /** Discovery put off looking for added sensors (a big house): look a little later. */
  #scheduleDiscoveryCheck(): void {
    if (!this.#discovery.pending || this.#discoveryTimer !== undefined || !this.isConnected) return;
    this.#discoveryTimer = setTimeout(() => {
      this.#discoveryTimer = undefined;
      if (this.#discovery.check() !== this.#ids) this.requestUpdate();
    }, this.#discovery.retryInMs);
  }

  protected override shouldUpdate(changed: PropertyValues<this>): boolean {
    if (!this._config || !this.hass) return false;
    const ids = this.#entityIds();
    this.#scheduleDiscoveryCheck();
    const idsChanged = ids !== this.#ids;
    this.#ids = ids;
    if (idsChanged || changed.size > 1 || !changed.has('hass')) return true;
    return hasHassChanged(changed.get('hass'), this.hass, ids);
  }

  #openDialog(task: LinkTask): void {
    if (this.hass) showLinkDialog({ hass: this.hass, task }, this);
  }

  #reveal(): void {
    this._revealed = true;
    clearTimeout(this.#revealTimer);
    this.#revealTimer = setTimeout(() => (this._revealed = false), REVEAL_MS);
  }

  #onRowClick(e: Event): void {
    const row = (e.target as Element).closest<HTMLElement>('.row[data-entity-id]');
    if (row) this.#activateRow(row);
  }

  #onRowKey(e: KeyboardEvent): void {
    if (e.key !== 'Enter' && e.key !== ' ') return;
    const row = (e.target as Element).closest<HTMLElement>('.row[data-entity-id]');
    if (!row) return;
    e.preventDefault();
    this.#activateRow(row);
  }

  /** In privacy mode a tap reveals the amounts; otherwise it opens HA's more-info for the row's sensor. */
  #activateRow(row: HTMLElement): void {
    if (this._config?.privacy && !this._revealed) {
      this.#reveal();
      return;
    }
    this.dispatchEvent(new CustomEvent('hass-more-info', { detail: { entityId: row.dataset.entityId }, bubbles: true, composed: true }));
  }

  protected override render(): TemplateResult | typeof nothing {
    const config = this._config;
    const hass = this.hass;
    if (!config || !hass) return nothing;
    const language = languageOf(hass);
    const ctx: RenderContext = {
      config,
      localize: makeLocalize(language),
      numberLocale: { language, number_format: hass.locale?.number_format },
      admin: hass.user?.is_admin === true,
      concealed: config.privacy && !this._revealed,
    };
    const accounts = buildAccounts(hass.states, this.#ids);
    const title = config.title ?? ctx.localize('card.default_title');
    return html`
      <ha-card @click=${this.#onRowClick} @keydown=${this.#onRowKey}>
        ${title ? html`<h1 class="title">${title}</h1>` : nothing}
        ${accounts.length ? this.#renderAccounts(accounts, ctx) : this.#renderEmpty(ctx)}
      </ha-card>
    `;
  }

  #renderEmpty({ localize, admin }: RenderContext): TemplateResult {
    return html`
      <div class="empty">
        <p>${localize(admin ? 'card.empty_admin' : 'card.empty_user')}</p>
        ${admin
          ? html`<button class="btn filled" @click=${() => this.#openDialog({ mode: 'link' })}>${localize('card.link_bank')}</button>`
          : nothing}
      </div>
    `;
  }

  #renderAccounts(accounts: Account[], ctx: RenderContext): TemplateResult {
    const { config, localize, numberLocale, admin, concealed } = ctx;
    const groups = groupAccounts(accounts, config.groupBy, {
      type: (t) => localize(`card.type_${t}`),
      unknownInstitution: localize('card.institution_unknown'),
    });
    const totals = config.total ? totalsByCurrency(accounts, config.show) : [];
    return html`
      ${concealed ? html`<button class="reveal" @click=${this.#reveal}>${localize('card.tap_to_reveal')}</button>` : nothing}
      ${groups.map((group) => this.#renderGroup(group, ctx))}
      ${totals.length
        ? html`<div class="totals" @click=${concealed ? this.#reveal : nothing}>
            <span class="label">${localize('card.total')}</span>
            <span class="sums">
              ${totals.map(
                (t) => html`<span class="sum">${concealed ? CONCEALED : formatMoney(t.amount, t.currency, numberLocale)}</span>`,
              )}
            </span>
          </div>`
        : nothing}
      ${admin ? this.#renderFooter(accounts, ctx) : nothing}
    `;
  }

  #renderGroup(group: AccountGroup, { config, localize, numberLocale, admin, concealed }: RenderContext): TemplateResult {
    const byInstitution = config.groupBy === 'institution';
    const itemId = group.itemId;
    return html`
      <section class="group">
        ${group.title !== null
          ? html`<div class="group-header">
              <span class="group-title">${group.title}</span>
              ${admin && byInstitution && itemId
                ? html`<span class="actions">
                    ${group.needsReconnect
                      ? html`<button
                          class="btn small filled reconnect"
                          @click=${() => this.#openDialog({ mode: 'reconnect', itemId, institution: group.title ?? '' })}
                        >
                          ${localize('card.reconnect')}
                        </button>`
                      : nothing}
                    <button
                      class="btn small danger remove"
                      @click=${() =>
                        this.#openDialog({
                          mode: 'remove',
                          itemId,
                          institution: group.title ?? '',
                          entityCount: group.accounts.reduce((n, a) => n + Object.keys(a.entityIds).length, 0),
                        })}
                    >
                      ${localize('card.remove')}
                    </button>
                  </span>`
                : nothing}
            </div>`
          : nothing}
        ${group.accounts.map((account) =>
          balanceRow({
            account,
            show: config.show,
            numberLocale,
            localize,
            badges: rowBadges(account, config.staleAfterMs, this._now, localize),
            institution: byInstitution ? null : account.institutionName,
            concealed,
          }),
        )}
      </section>
    `;
  }

  #renderFooter(accounts: Account[], { config, localize }: RenderContext): TemplateResult {
    // Grouped by institution, the headers carry Reconnect/Remove; otherwise the footer does.
    const reconnects =
      config.groupBy === 'institution'
        ? []
        : [
            ...new Map(
              accounts
                .filter((a) => a.itemId && needsReconnect(a.itemStatus))
                .map((a) => [a.itemId!, a.institutionName ?? localize('card.institution_unknown')]),
            ),
          ];
    return html`
      <div class="footer">
        ${reconnects.map(
          ([itemId, institution]) => html`<button
            class="btn filled reconnect"
            @click=${() => this.#openDialog({ mode: 'reconnect', itemId, institution })}
          >
            ${localize('card.reconnect')} ${institution}
          </button>`,
        )}
        ${config.groupBy === 'institution'
          ? nothing
          : html`<button class="btn manage" @click=${() => this.#openDialog({ mode: 'manage' })}>${localize('card.manage')}</button>`}
        <button class="btn link" @click=${() => this.#openDialog({ mode: 'link' })}>${localize('card.link_bank')}</button>
      </div>
    `;
  }

  static override styles = [
    ...rowStyles,
    buttonStyles,
    css`
      :host {
        display: block;
      }
      /* Also outside HA, where ha-card is an unknown inline element. */
      ha-card {
        display: block;
        box-sizing: border-box;
        height: 100%;
        padding: 4px 0 8px;
        color: var(--primary-text-color, #212121);
        background: var(--ha-card-background, var(--card-background-color, #fff));
        border-radius: var(--ha-card-border-radius, 12px);
        border: var(--ha-card-border-width, 1px) solid var(--ha-card-border-color, var(--divider-color, #e0e0e0));
        box-shadow: var(--ha-card-box-shadow, none);
        font-family: var(--paper-font-body1_-_font-family, var(--ha-font-family-body, Roboto, 'Noto Sans', sans-serif));
        overflow: hidden;
      }
      .title {
        margin: 0;
        padding: 12px 16px 4px;
        font-size: 20px;
        font-weight: 400;
        line-height: 32px;
        color: var(--ha-card-header-color, var(--primary-text-color, #212121));
      }
      .group {
        padding: 4px 0;
      }
      .group + .group {
        border-top: 1px solid var(--divider-color, #e0e0e0);
      }
      .group-header {
        display: flex;
        align-items: center;
        justify-content: space-between;
        gap: 8px;
        min-height: 32px;
        padding: 4px 16px 0;
      }
      .group-title {
        font-size: 13px;
        font-weight: 500;
        letter-spacing: 0.04em;
        text-transform: uppercase;
        color: var(--secondary-text-color, #727272);
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      .actions {
        display: flex;
        gap: 4px;
        flex: none;
      }
      .row {
        margin: 0 4px;
      }
      .reveal {
        display: block;
        width: calc(100% - 32px);
        margin: 4px 16px;
        padding: 6px;
        font: inherit;
        font-size: 13px;
        color: var(--secondary-text-color, #727272);
        background: color-mix(in srgb, var(--primary-text-color, #212121) 5%, transparent);
        border: 1px dashed var(--divider-color, #e0e0e0);
        border-radius: 8px;
        cursor: pointer;
      }
      .totals {
        display: flex;
        justify-content: space-between;
        align-items: flex-start;
        gap: 12px;
        margin-top: 4px;
        padding: 10px 16px 4px;
        border-top: 1px solid var(--divider-color, #e0e0e0);
      }
      .totals .label {
        font-weight: 500;
        color: var(--primary-text-color, #212121);
      }
      .sums {
        display: flex;
        flex-direction: column;
        align-items: flex-end;
        gap: 2px;
      }
      .sum {
        font-size: 16px;
        font-weight: 500;
        font-variant-numeric: tabular-nums;
        white-space: nowrap;
      }
      .footer {
        display: flex;
        flex-wrap: wrap;
        justify-content: flex-end;
        gap: 4px;
        padding: 8px 12px 0;
      }
      .empty {
        padding: 8px 16px 12px;
        color: var(--secondary-text-color, #727272);
      }
      .empty p {
        margin: 0 0 12px;
        line-height: 1.45;
      }
    `,
  ];
}

if (!customElements.get(CARD_TAG)) customElements.define(CARD_TAG, PlaidBalanceCard);

declare global {
  interface HTMLElementTagNameMap {
    [CARD_TAG]: PlaidBalanceCard;
  }
}
