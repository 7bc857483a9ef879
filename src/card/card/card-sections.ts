import { html, nothing, type TemplateResult } from 'lit';
import { STATUS_SENSORS_PER_ITEM } from '../../protocol/entity-id.js';
import { needsReconnect, type Account } from '../accounts.js';
import type { ResolvedConfig } from '../card-config.js';
import { formatMoney, type NumberLocale } from '../currency-format.js';
import type { LinkTask } from '../dialog/dialog-flow.js';
import { upcomingTotals, type DuePayment } from '../due-payments.js';
import type { AccountGroup } from '../grouping.js';
import { itemStatusBadge } from '../item-status-badge.js';
import type { Localize } from '../localize.js';
import type { EntityDisplays } from '../registries.js';
import type { CurrencyTotal } from '../account-totals.js';
import { trendLine, type TrendLineProps } from '../trend/trend-line.js';
import type { TrendContext } from '../trend/trend-view.js';
import { CONCEALED } from './balance-row.js';

/** What every part of one render needs, worked out once per render (card.ts). */
export interface RenderContext {
  config: ResolvedConfig;
  localize: Localize;
  numberLocale: NumberLocale;
  /** `hass.entities`: the sensors' display precisions (registries.ts). */
  entities?: EntityDisplays;
  admin: boolean;
  /** Privacy mode and not tapped to reveal: amounts are hidden. */
  concealed: boolean;
  /** No accounts because the companion is away (AccountDiscovery.companionAway), not because none is linked. */
  companionAway: boolean;
  /** Null with `trend: none`. */
  trend: TrendContext | null;
  /** The shown credit cards' and loans' next payments by account key (due-payments.ts). */
  dues: ReadonlyMap<string, DuePayment>;
  /** HA's `locale.date_format`. */
  dateFormat?: string;
  /** What the card's buttons do. */
  open: (task: LinkTask) => void;
  reveal: () => void;
}

// The card's parts other than the rows, as template functions of the render context.

export function emptyState({ localize, admin, open, companionAway }: RenderContext): TemplateResult {
  // Linking needs the companion too, so there is nothing to offer but patience.
  if (companionAway) return html`<div class="empty" role="status"><p>${localize('card.companion_away')}</p></div>`;
  return html`
    <div class="empty">
      <p>${localize(admin ? 'card.empty_admin' : 'card.empty_user')}</p>
      ${
        admin
          ? html`<button class="btn filled" @click=${() => open({ mode: 'link' })}
            >${localize('card.link_bank')}</button>`
          : nothing
      }
    </div>
  `;
}

/** Grouped by bank, the header names the bank and carries its connection's badge and buttons, once. */
export function groupHeader(
  group: AccountGroup,
  { config, localize, admin, open }: RenderContext,
): TemplateResult | typeof nothing {
  if (group.title === null) return nothing;
  const byInstitution = config.groupBy === 'institution';
  const itemId = group.itemId;
  const institution = group.title;
  const badge = byInstitution ? itemStatusBadge(group.accounts[0]?.itemStatus ?? null, localize) : null;
  const sensors = () => ({
    balances: group.accounts.reduce((n, a) => n + Object.keys(a.entityIds).length, 0),
    statuses: STATUS_SENSORS_PER_ITEM,
  });
  return html`<div class="group-header">
    <span class="group-title">${institution}</span>
    ${badge ? html`<span class="badge ${badge.kind}">${badge.text}</span>` : nothing}
    ${
      admin && byInstitution && itemId
        ? html`<span class="actions">
          ${
            group.needsReconnect
              ? html`<button class="btn small filled reconnect"
                @click=${() => open({ mode: 'reconnect', itemId, institution })}>
                ${localize('card.reconnect')}
              </button>`
              : nothing
          }
          <button class="btn small danger remove"
              @click=${() => open({ mode: 'remove', itemId, institution, sensors: sensors() })}>
            ${localize('card.remove')}
          </button>
        </span>`
        : nothing
    }
  </div>`;
}

/**
 * `precisions`: each currency's display precision, shared by its accounts (registries.ts).
 * Each currency's net-worth line sits under its own sum: with two currencies,
 * lines gathered below both sums read as if they belonged to the last one.
 */
export function totalsSection(
  totals: readonly CurrencyTotal[],
  totalTrends: ReadonlyMap<string, TrendLineProps> | null,
  precisions: ReadonlyMap<string, number | undefined>,
  ctx: RenderContext,
): TemplateResult | typeof nothing {
  if (!totals.length) return nothing;
  const { localize, numberLocale, concealed, reveal } = ctx;
  const upcoming = upcomingTotals(ctx.dues.values());
  // Keyboard users reveal through the rows, which are buttons; a tap anywhere on the totals is a shortcut.
  // eslint-disable-next-line lit-a11y/click-events-have-key-events
  return html`<div class="totals" @click=${concealed ? reveal : nothing}>
    <span class="label">${localize('card.total')}</span>
    ${totals.map((t) => {
      const money = (n: number) => formatMoney(n, t.currency, numberLocale, precisions.get(t.currency));
      const line = totalTrends?.get(t.currency);
      // Concealed, the assets/owed line goes, as a row's second line does: its dots would only tell that there are
      // debts.
      return html`<span class="sums"
          ><span class="sum">${concealed ? CONCEALED : money(t.amount)}</span>${
            t.liabilities && !concealed
              ? html`<span class="split"
                  >${localize('card.assets_debts', { assets: money(t.assets), debts: money(t.liabilities) })}</span
                >`
              : nothing
          }</span
        >${line ? trendLine(line) : nothing}`;
    })}
    ${upcoming.map(
      (u) =>
        html`<span class="upcoming"
          >${localize('card.due_upcoming', {
            amount: concealed ? CONCEALED : formatMoney(u.amount, u.currency, numberLocale, precisions.get(u.currency)),
          })}</span
        >`,
    )}
  </div>`;
}

/** A non-admin cannot reconnect a bank: say who can, once per bank. */
export function adminHint(accounts: readonly Account[], { localize }: RenderContext): TemplateResult[] {
  const banks = new Set(
    accounts
      .filter((a) => needsReconnect(a.itemStatus))
      .map((a) => a.institutionName ?? localize('card.institution_unknown')),
  );
  return [...banks].map(
    (institution) => html`<p class="hint">${localize('card.admin_reconnect', { institution })}</p>`,
  );
}

export function footer(accounts: readonly Account[], { config, localize, open }: RenderContext): TemplateResult {
  // Grouped by institution, the headers carry Reconnect/Remove; otherwise the footer does.
  const reconnects =
    config.groupBy === 'institution'
      ? []
      : [
          ...new Map(
            accounts
              .filter((a) => a.itemId && needsReconnect(a.itemStatus))
              .map((a) => [a.itemId ?? '', a.institutionName ?? localize('card.institution_unknown')]),
          ),
        ];
  return html`
    <div class="footer">
      ${reconnects.map(
        ([itemId, institution]) =>
          html`<button class="btn filled reconnect" @click=${() => open({ mode: 'reconnect', itemId, institution })}>
            ${localize('card.reconnect')} ${institution}
          </button>`,
      )}
      ${
        config.groupBy === 'institution'
          ? nothing
          : html`<button class="btn manage" @click=${() => open({ mode: 'manage' })}
              >${localize('card.manage')}</button
            >`
      }
      <button class="btn link" @click=${() => open({ mode: 'link' })}>${localize('card.link_bank')}</button>
    </div>
  `;
}
