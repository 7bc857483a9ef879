import type { HomeAssistant, LovelaceCard, LovelaceCardConfig } from 'custom-card-helpers';
import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { AccountDiscovery } from '../account-discovery.js';
import { buildAccounts, needsReconnect, type Account } from '../accounts.js';
import { CONCEALED, balanceRow, rowBadges } from './balance-row.js';
import { parseCardConfig, type ResolvedConfig } from '../card-config.js';
import { cardConfigForm, type CardConfigForm } from '../card-config-form.js';
import { CARD_TAG } from '../const.js';
import { formatMoney, type NumberLocale } from '../currency-format.js';
import { groupAccounts, type AccountGroup } from '../grouping.js';
import { hasHassChanged } from '../has-changed.js';
import type { LinkTask } from '../dialog/link-flow.js';
import { itemStatusBadge } from '../item-status-badge.js';
import { isLinkDoneTab, withoutLinkDone } from '../link-done.js';
import { languageOf, makeLocalize, type Localize } from '../localize.js';
import { showLinkDialog } from '../dialog/show-link-dialog.js';
import { cardStyles } from './styles.js';
import { totalsByCurrency } from '../totals.js';
import { StatisticsFetcher, type TrendSeries } from '../trend/statistics-fetch.js';
import { trendLine } from '../trend/trend-line.js';
import { accountTrend, currencyTrends, type TrendContext } from '../trend/trend-view.js';

/** What every part of one render needs, worked out once per render. */
interface RenderContext {
  config: ResolvedConfig;
  localize: Localize;
  numberLocale: NumberLocale;
  admin: boolean;
  /** Privacy mode and not tapped to reveal: amounts are hidden. */
  concealed: boolean;
  /** Loaded as the Plaid tab's ending: no link actions here, the first tab is linking. */
  linkDone: boolean;
  /** Null with `trend: none`. */
  trend: TrendContext | null;
}

/** How long amounts stay visible after a tap in privacy mode. */
const REVEAL_MS = 30_000;
/** Staleness badges depend on the clock, not only on state changes. */
const CLOCK_MS = 60_000;

/** The state of the account's Item's last-refreshed sensor: the staleness badge reads it. */
function lastRefreshedOf(hass: HomeAssistant, account: Account): string | undefined {
  return account.lastRefreshedEntity ? hass.states[account.lastRefreshedEntity]?.state : undefined;
}

export class PlaidBalanceCard extends LitElement implements LovelaceCard {
  static override properties = {
    hass: { attribute: false },
    _config: { state: true },
    _revealed: { state: true },
    _now: { state: true },
    _linkDone: { state: true },
    _series: { state: true },
  };

  hass?: HomeAssistant;
  private _config?: ResolvedConfig;
  private _revealed = false;
  private _now = Date.now();
  private _linkDone = isLinkDoneTab(window.location.href);
  private _series: TrendSeries = new Map();

  #discovery = new AccountDiscovery();
  #ids: readonly string[] = [];
  #revealTimer: ReturnType<typeof setTimeout> | undefined;
  #clock: ReturnType<typeof setInterval> | undefined;
  #discoveryTimer: ReturnType<typeof setTimeout> | undefined;
  #statistics = new StatisticsFetcher((series) => (this._series = series));

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
    this.#statistics.reset();
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

  /**
   * Runs only after shouldUpdate let a render through (own sensors, config,
   * the minute clock), never for unrelated hass updates; the fetcher itself
   * holds requests to one per 10 minutes unless a balance changed.
   */
  protected override updated(): void {
    const hass = this.hass;
    const trend = this._config?.trend;
    if (!hass || !trend || trend === 'none') return;
    const accounts = buildAccounts(hass.states, this.#ids);
    const ids = accounts.map((a) => a.primaryEntityId);
    const key = `${trend}|${accounts.map((a) => `${a.primaryEntityId}=${a.current}`).join(',')}`;
    this.#statistics.maybeFetch((msg) => hass.callWS(msg as never), ids, trend, key, Date.now());
  }

  #openDialog(task: LinkTask): void {
    if (this.hass) void showLinkDialog({ hass: this.hass, task }, this);
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
      linkDone: this._linkDone,
      trend: null,
    };
    if (config.trend !== 'none') {
      ctx.trend = { trend: config.trend, series: this._series, localize: ctx.localize, numberLocale: ctx.numberLocale, concealed: ctx.concealed };
    }
    const accounts = buildAccounts(hass.states, this.#ids);
    const title = config.title ?? ctx.localize('card.default_title');
    return html`
      <ha-card @click=${this.#onRowClick} @keydown=${this.#onRowKey}>
        ${title ? html`<h1 class="title">${title}</h1>` : nothing}
        ${ctx.linkDone ? this.#renderLinkDone(ctx) : nothing}
        ${accounts.length ? this.#renderAccounts(accounts, ctx) : ctx.linkDone ? nothing : this.#renderEmpty(ctx)}
      </ha-card>
    `;
  }

  #renderLinkDone({ localize }: RenderContext): TemplateResult {
    return html`<div class="link-done" role="status">
      <h2>${localize('card.link_done_title')}</h2>
      <p>${localize('card.link_done_body')}</p>
      <button
        class="btn stay"
        @click=${() => {
          history.replaceState(history.state, '', withoutLinkDone(window.location.href));
          this._linkDone = false;
        }}
      >
        ${localize('card.link_done_stay')}
      </button>
    </div>`;
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
    const { config, localize, numberLocale, admin, concealed, linkDone } = ctx;
    const groups = groupAccounts(accounts, config.groupBy, {
      type: (t) => localize(`card.type_${t}`),
      unknownInstitution: localize('card.institution_unknown'),
    });
    const totals = config.total ? totalsByCurrency(accounts, config.show) : [];
    const totalTrends = ctx.trend && totals.length ? currencyTrends(accounts, ctx.trend) : null;
    return html`
      ${concealed ? html`<button class="reveal" @click=${this.#reveal}>${localize('card.tap_to_reveal')}</button>` : nothing}
      ${groups.map((group) => this.#renderGroup(group, ctx))}
      ${totals.length
        ? html`<div class="totals" @click=${concealed ? this.#reveal : nothing}>
            <span class="label">${localize('card.total')}</span>
            <span class="sums">
              ${totals.map((t) => {
                const money = (n: number) => (concealed ? CONCEALED : formatMoney(n, t.currency, numberLocale));
                return html`<span class="sum">${money(t.amount)}</span>
                  ${t.liabilities
                    ? html`<span class="split">${localize('card.assets_debts', { assets: money(t.assets), debts: money(t.liabilities) })}</span>`
                    : nothing}`;
              })}
            </span>
          </div>`
        : nothing}
      ${totalTrends?.size
        ? html`<div class="total-trends">${totals.map((t) => {
            const line = totalTrends.get(t.currency);
            return line ? trendLine(line) : nothing;
          })}</div>`
        : nothing}
      ${admin ? (linkDone ? nothing : this.#renderFooter(accounts, ctx)) : this.#renderAdminHint(accounts, localize)}
    `;
  }

  /** A non-admin cannot reconnect a bank: say who can, once per bank. */
  #renderAdminHint(accounts: Account[], localize: Localize): TemplateResult[] {
    const banks = new Set(accounts.filter((a) => needsReconnect(a.itemStatus)).map((a) => a.institutionName ?? localize('card.institution_unknown')));
    return [...banks].map((institution) => html`<p class="hint">${localize('card.admin_reconnect', { institution })}</p>`);
  }

  #renderGroup(group: AccountGroup, { config, localize, numberLocale, admin, concealed, linkDone, trend }: RenderContext): TemplateResult {
    const byInstitution = config.groupBy === 'institution';
    const itemId = group.itemId;
    // Grouped by bank, the header names the bank and carries its connection's badge, once.
    const badge = byInstitution ? itemStatusBadge(group.accounts[0]?.itemStatus ?? null, localize) : null;
    return html`
      <section class="group">
        ${group.title !== null
          ? html`<div class="group-header">
              <span class="group-title">${group.title}</span>
              ${badge ? html`<span class="badge ${badge.kind}">${badge.text}</span>` : nothing}
              ${admin && !linkDone && byInstitution && itemId
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
        ${group.accounts.map((account) => {
          const line = trend && accountTrend(account, account.accountName ?? account.primaryEntityId, trend);
          return balanceRow({
            account,
            show: config.show,
            numberLocale,
            localize,
            badges: rowBadges(account, lastRefreshedOf(this.hass!, account), config.staleAfterMs, this._now, localize, !byInstitution),
            institution: byInstitution ? null : account.institutionName,
            concealed,
            trend: line ? trendLine(line) : nothing,
          });
        })}
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

  static override styles = cardStyles;
}

if (!customElements.get(CARD_TAG)) customElements.define(CARD_TAG, PlaidBalanceCard);

declare global {
  interface HTMLElementTagNameMap {
    [CARD_TAG]: PlaidBalanceCard;
  }
}
