// Over 300 lines on purpose: the card element's whole lifecycle as Lit drives it (config, which hass updates
// re-render, privacy, the minute tick, trends, size) reads best in one class; everything it decides is in the
// pure modules it imports.
import type { HomeAssistant, LovelaceCard, LovelaceCardConfig } from 'custom-card-helpers';
import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { AccountDiscovery } from '../account-discovery.js';
import { precisionsByCurrency, sharedPrecision, type Registries } from '../registries.js';
import { buildAccounts, entitiesReadByRows, type Account } from '../accounts.js';
import { balanceRow, rowBadges } from './balance-row.js';
import { parseCardConfig, type ResolvedConfig } from '../card-config.js';
import type { CardConfigForm } from '../card-config-form.js';
import { adminHint, emptyState, footer, groupHeader, totalsSection, type RenderContext } from './card-sections.js';
import { CARD_TAG } from '../const.js';
import { groupAccounts, type AccountGroup } from '../grouping.js';
import { hasHassChanged } from '../has-changed.js';
import type { LinkTask } from '../dialog/dialog-flow.js';
import { languageOf, loadCardStrings, makeLocalize, stringsLanguage } from '../localize.js';
import { cardStyles } from './card-styles.js';
import { totalsByCurrency } from '../account-totals.js';
import { TrendController } from './trend-controller.js';
import { withUserNames } from '../user-names.js';
import { accountTrend, currencyTrends } from '../trend/trend-view.js';
import { duePayments, haTimeZone, todayIn } from '../due-payments.js';
import { recentTransactions } from '../recent-transactions.js';
import { spendingByCurrency } from '../spending.js';
import { spendingSection, transactionSection } from './transaction-rows.js';

/** How long amounts stay visible after a tap in privacy mode. */
const REVEAL_MS = 30_000;
/** Staleness badges depend on the clock, not only on state changes. */
const CLOCK_MS = 60_000;

/** The last good refresh: the Item's last-refreshed sensor, or a companion older than 0.1.0's own attribute. */
function lastRefreshedOf(hass: HomeAssistant, account: Account): string | undefined {
  if (account.lastRefreshedEntity) return hass.states[account.lastRefreshedEntity]?.state;
  return account.lastRefreshed ?? undefined;
}

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
  /** What the last render showed: updated() and getCardSize() read it instead of building the accounts again. */
  #accounts: readonly Account[] = [];
  #accountsOf: { states: unknown; ids: readonly string[] } = { states: null, ids: [] };
  /** The month and recent sensors (AccountDiscovery.money) and the due sensors (.dues) the last render read. */
  #money: readonly string[] = [];
  #dues: readonly string[] = [];
  /** The spending lines and transaction rows (with their header) the last render showed, for getCardSize. */
  #moneyLines = 0;
  /** What the last render read, for shouldUpdate: built once per accounts list. */
  #watched: { accounts: unknown; balanceIds: unknown; money: unknown; dues: unknown; ids: readonly string[] } = {
    accounts: null,
    balanceIds: null,
    money: null,
    dues: null,
    ids: [],
  };
  #revealTimer: ReturnType<typeof setTimeout> | undefined;
  #clock: ReturnType<typeof setInterval> | undefined;
  #discoveryTimer: ReturnType<typeof setTimeout> | undefined;
  #trends = new TrendController(this);

  static getStubConfig(): LovelaceCardConfig {
    return { type: `custom:${CARD_TAG}` };
  }

  /**
   * HA's card editor draws this with its own ha-form (see card-config-form.ts) and awaits it: the form and its
   * strings are a chunk of their own, so dashboards that are only looked at do not load them.
   */
  static async getConfigForm(): Promise<CardConfigForm> {
    const { cardConfigForm } = await import('../card-config-form.js');
    return cardConfigForm(document.documentElement.lang || 'en');
  }

  setConfig(config: LovelaceCardConfig): void {
    this._config = parseCardConfig(config).resolved;
  }

  getCardSize(): number {
    if (this.hasUpdated) return 2 + Math.max(1, this.#accounts.length) + this.#moneyLines;
    if (!this.hass || !this._config) return 3;
    // HA's masonry view may ask before the first render: the accounts built here are the ones that render then uses.
    this.#ids = this.#entityIds();
    return 2 + Math.max(1, this.#accountsNow().length);
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
    // With configured entities too: discovery finds their accounts' month and recent sensors.
    const discovered = this.#discovery.resolve(this.hass.states);
    return this._config.entities ?? discovered;
  }

  /** Discovery put off looking for added sensors (a big house): look a little later. */
  #scheduleDiscoveryCheck(): void {
    if (!this.#discovery.pending || this.#discoveryTimer !== undefined || !this.isConnected) return;
    this.#discoveryTimer = setTimeout(() => {
      this.#discoveryTimer = undefined;
      const ids = this.#discovery.check();
      if ((this._config?.entities ?? ids) !== this.#ids || this.#discoveredChanged()) this.requestUpdate();
    }, this.#discovery.retryInMs);
  }

  protected override shouldUpdate(changed: PropertyValues<this>): boolean {
    const hass = this.hass;
    if (!this._config || !hass) return false;
    const ids = this.#entityIds();
    this.#scheduleDiscoveryCheck();
    const idsChanged = ids !== this.#ids;
    this.#ids = ids;
    if (!this.hasUpdated) return !this.#trends.holdFirstRender(hass, this.#accountsNow(), this._config.trend);
    if (idsChanged || changed.size > 1 || !changed.has('hass') || this.#discoveredChanged()) return true;
    return hasHassChanged(changed.get('hass'), hass, this.#watchedIds());
  }

  #discoveredChanged(): boolean {
    return this.#discovery.money !== this.#money || this.#discovery.dues !== this.#dues;
  }

  /**
   * The rendered accounts stand for the current ones here: an account's
   * last-refreshed sensor is named by its balance sensors, and a change of
   * those renders anyway. Every due sensor discovery found is watched: one
   * published later changes discovery's list, which renders too.
   */
  #watchedIds(): readonly string[] {
    const { accounts, balanceIds, money, dues } = this.#watched;
    if (accounts !== this.#accounts || balanceIds !== this.#ids || money !== this.#money || dues !== this.#dues) {
      this.#watched = {
        accounts: this.#accounts,
        balanceIds: this.#ids,
        money: this.#money,
        dues: this.#dues,
        ids: [...entitiesReadByRows(this.#ids, this.#accounts), ...this.#money, ...this.#dues],
      };
    }
    return this.#watched.ids;
  }

  /**
   * An update waits for the strings of the user's language (a chunk per
   * language): the first render, and the first after the language changed in
   * the user's profile, show no keys and no other language meanwhile.
   */
  protected override scheduleUpdate(): ReturnType<LitElement['scheduleUpdate']> {
    const arrival = loadCardStrings(languageOf(this.hass));
    return arrival ? arrival.then(() => super.scheduleUpdate()) : super.scheduleUpdate();
  }

  /** While the first render waits for the trends, so do those who await it (HA's card size, tests). */
  protected override async getUpdateComplete(): Promise<boolean> {
    let done = await super.getUpdateComplete();
    const held = this.#trends.held;
    if (!this.hasUpdated && held) {
      await held;
      done = await super.getUpdateComplete();
    }
    return done;
  }

  /** Only after renders shouldUpdate let through (see TrendController). */
  protected override updated(): void {
    if (this._config) this.#trends.request(this.#hass(), this.#accounts, this._config.trend);
  }

  /** HA sets `hass` before it lets a card render; anything else is a bug worth a clear message. */
  #hass(): HomeAssistant {
    if (!this.hass) throw new Error(`${CARD_TAG}: hass is not set`);
    return this.hass;
  }

  /** The accounts of the current states and ids, built once for both shouldUpdate and render. */
  #accountsNow(): readonly Account[] {
    const states = this.#hass().states;
    if (this.#accountsOf.states !== states || this.#accountsOf.ids !== this.#ids) {
      this.#accountsOf = { states, ids: this.#ids };
      this.#accounts = buildAccounts(states, this.#ids);
    }
    return this.#accounts;
  }

  // Only admins open the dialog: even the code that opens it loads with the dialog's chunk, not with the card.
  #open = (task: LinkTask): void => {
    const hass = this.hass;
    if (hass) void import('../dialog/show-link-dialog.js').then((m) => m.showLinkDialog({ hass, task }, this));
  };

  #reveal = (): void => {
    this._revealed = true;
    clearTimeout(this.#revealTimer);
    this.#revealTimer = setTimeout(() => (this._revealed = false), REVEAL_MS);
  };

  /** Balance rows and transaction rows alike name the sensor they open in `data-entity-id`. */
  #onRowClick(e: Event): void {
    const row = (e.target as Element).closest<HTMLElement>('[data-entity-id]');
    if (row) this.#activateRow(row);
  }

  #onRowKey(e: KeyboardEvent): void {
    if (e.key !== 'Enter' && e.key !== ' ') return;
    const row = (e.target as Element).closest<HTMLElement>('[data-entity-id]');
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
    this.dispatchEvent(
      new CustomEvent('hass-more-info', { detail: { entityId: row.dataset.entityId }, bubbles: true, composed: true }),
    );
  }

  protected override render(): TemplateResult | typeof nothing {
    const config = this._config;
    const hass = this.hass;
    if (!config || !hass) return nothing;
    const language = languageOf(hass);
    const localize = makeLocalize(language);
    const numberLocale = { language, number_format: hass.locale?.number_format };
    const registries = hass as Registries;
    const concealed = config.privacy && !this._revealed;
    const accounts = withUserNames(this.#accountsNow(), registries.entities, registries.devices);
    const ctx: RenderContext = {
      config,
      localize,
      numberLocale,
      entities: registries.entities,
      admin: hass.user?.is_admin === true,
      concealed,
      companionAway: !config.entities && this.#discovery.companionAway(registries),
      trend:
        config.trend === 'none'
          ? null
          : {
              trend: config.trend,
              series: this.#trends.series,
              localize,
              numberLocale,
              entities: registries.entities,
              concealed,
              nowMs: this._now,
            },
      dues: duePayments(
        hass.states,
        (this.#dues = this.#discovery.dues),
        accounts,
        todayIn(haTimeZone(hass), this._now),
      ),
      dateFormat: (hass.locale as { date_format?: string } | undefined)?.date_format,
      open: this.#open,
      reveal: this.#reveal,
    };
    const title = config.title ?? localize('card.default_title');
    return html`
      <ha-card lang=${stringsLanguage(language)} dir="ltr" @click=${this.#onRowClick} @keydown=${this.#onRowKey}>
        ${title ? html`<h1 class="title">${title}</h1>` : nothing}
        ${accounts.length ? this.#renderAccounts(accounts, ctx) : emptyState(ctx)}
      </ha-card>
    `;
  }

  #renderAccounts(accounts: readonly Account[], ctx: RenderContext): TemplateResult {
    const { config, localize, admin, concealed } = ctx;
    const groups = groupAccounts(accounts, config.groupBy, {
      type: (t) => localize(`card.type_${t}`),
      unknownInstitution: localize('card.institution_unknown'),
    });
    const totals = config.total ? totalsByCurrency(accounts, config.show) : [];
    const precisions = precisionsByCurrency(ctx.entities, accounts);
    const totalTrends = ctx.trend && totals.length ? currencyTrends(accounts, ctx.trend, precisions) : null;
    const states = this.#hass().states;
    const money = (this.#money = this.#discovery.money);
    const spending = spendingByCurrency(states, money, accounts);
    const recent = recentTransactions(states, money, accounts, config.transactions);
    this.#moneyLines = spending.length + (recent.length && recent.length + 1);
    return html`
      ${
        concealed
          ? html`<button class="reveal" @click=${this.#reveal}>${localize('card.tap_to_reveal')}</button>`
          : nothing
      }
      ${groups.map((group) => this.#renderGroup(group, ctx))} ${totalsSection(totals, totalTrends, precisions, ctx)}
      ${spendingSection(spending, precisions, ctx)} ${transactionSection(recent, ctx)}
      ${admin ? footer(accounts, ctx) : adminHint(accounts, ctx)}
    `;
  }

  #renderGroup(group: AccountGroup, ctx: RenderContext): TemplateResult {
    const { config, localize, numberLocale, entities, concealed, trend, dues, dateFormat } = ctx;
    const byInstitution = config.groupBy === 'institution';
    return html`
      <section class="group">
        ${groupHeader(group, ctx)}
        ${group.accounts.map((account) => {
          const precision = sharedPrecision(entities, [account]);
          return balanceRow({
            account,
            show: config.show,
            numberLocale,
            precision,
            localize,
            badges: rowBadges(
              account,
              lastRefreshedOf(this.#hass(), account),
              config.staleAfterMs,
              this._now,
              localize,
              !byInstitution,
            ),
            institution: byInstitution ? null : account.institutionName,
            concealed,
            due: dues.get(account.key) ?? null,
            dateFormat,
            trend: trend
              ? accountTrend(account, account.accountName ?? account.primaryEntityId, trend, precision)
              : undefined,
          });
        })}
      </section>
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
