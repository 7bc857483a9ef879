import { css, html, nothing, type TemplateResult } from 'lit';
import { isLiability, type Account } from '../accounts.js';
import type { Show } from '../card-config.js';
import { formatMoney, type NumberLocale } from '../currency-format.js';
import type { Localize } from '../localize.js';
import { itemStatusBadge, type Badge } from '../item-status-badge.js';
import { badgeStyles } from '../control-styles.js';
import { dueLine, type DueLine, type DuePayment } from '../due-payments.js';
import { dueLineStyles, dueLineTemplate } from './due-line.js';
import { formatAge, staleness } from '../staleness.js';
import { trendParts, type TrendLineProps } from '../trend/trend-line.js';

export const CONCEALED = '••••••';

/**
 * Badges in order of urgency; a login problem outranks plain staleness. The
 * connection's status is left out where a group header already names the
 * bank and carries it (`itemStatus: false`), so it shows once per bank.
 * `lastRefreshed` is the state of the Item's last-refreshed sensor (undefined when HA has none).
 */
export function rowBadges(
  account: Account,
  lastRefreshed: string | undefined,
  staleAfterMs: number,
  now: number,
  localize: Localize,
  itemStatus: boolean,
): Badge[] {
  if (account.missing) return [{ kind: 'error', text: localize('card.badge_missing') }];
  const badges: Badge[] = [];
  const status = itemStatus ? itemStatusBadge(account.itemStatus, localize) : null;
  if (status) badges.push(status);
  if (account.malformed) badges.push({ kind: 'error', text: localize('card.badge_malformed') });
  else if (!account.unavailable) {
    const age = staleness(lastRefreshed ?? null, staleAfterMs, now);
    if (age.stale) {
      badges.push({
        kind: 'warning',
        text:
          age.ageMs === null
            ? localize('card.badge_stale_unknown')
            : localize('card.badge_stale', { age: formatAge(age.ageMs, localize) }),
      });
    }
  }
  return badges;
}

export interface RowProps {
  account: Account;
  show: Show;
  numberLocale: NumberLocale;
  /** Decimals from the sensor's display precision in HA (registries.ts); undefined: the currency's own. */
  precision: number | undefined;
  localize: Localize;
  badges: Badge[];
  /** Shown under the name when the group header does not already say it. */
  institution: string | null;
  concealed: boolean;
  /**
   * The row's sparkline (trend/trend-line.ts), spanning the row's width under
   * everything else; null: trends on, but none for this account; undefined: `trend: none`.
   */
  trend?: TrendLineProps | null;
  /** A credit card's or loan's next payment (due-payments.ts); null for other accounts or without one. */
  due?: DuePayment | null;
  /** HA's `locale.date_format`, for the due date. */
  dateFormat?: string;
}

function primaryText(p: RowProps, money: (n: number) => string): { text: string; muted: boolean } {
  const a = p.account;
  if (a.unavailable) return { text: p.localize('card.unavailable'), muted: true };
  // A debt reads as the positive amount owed, as Plaid reports it, its sensor holds it and HA shows it.
  if (isLiability(a) && a.current !== null) {
    return {
      text: p.concealed ? CONCEALED : p.localize('card.owed_amount', { amount: money(a.current) }),
      muted: false,
    };
  }
  const wanted = p.show === 'available' ? a.available : a.current;
  // Plaid has no available balance for some accounts: the current one beats a dash.
  const value = wanted ?? (p.show === 'available' ? a.current : a.available);
  if (value === null) return { text: '—', muted: true };
  return { text: p.concealed ? CONCEALED : money(value), muted: false };
}

function secondaryText(p: RowProps, money: (n: number) => string): string | null {
  const a = p.account;
  if (p.concealed || a.unavailable) return null;
  const parts: string[] = [];
  const liability = isLiability(a);
  if (a.available !== null && a.current !== null) {
    if (liability ? p.show !== 'current' : p.show === 'both' || (p.show === 'current' && a.available !== a.current)) {
      parts.push(p.localize('card.available_amount', { amount: money(a.available) }));
    } else if (!liability && p.show === 'available' && a.available !== a.current) {
      parts.push(p.localize('card.current_amount', { amount: money(a.current) }));
    }
  }
  if (liability && a.limit !== null) parts.push(p.localize('card.limit_amount', { amount: money(a.limit) }));
  return parts.length ? parts.join(' · ') : null;
}

interface RowTexts {
  primary: { text: string; muted: boolean };
  secondary: string | null;
  name: string;
  due: DueLine | null;
}

/**
 * Per Account object (accounts.ts keeps it while its sensors do not change):
 * a render for something else (the trends' answer, another row's balance)
 * formats no amounts for this row again.
 */
const texts = new WeakMap<
  Account,
  { sig: string; localize: Localize; due: DuePayment | null | undefined; texts: RowTexts }
>();

function rowTexts(p: RowProps): RowTexts {
  const a = p.account;
  const { language, number_format } = p.numberLocale;
  const sig = `${p.show}|${p.concealed}|${language}|${number_format}|${p.precision}|${p.dateFormat}`;
  const hit = texts.get(a);
  if (hit && hit.sig === sig && hit.localize === p.localize && hit.due === p.due) return hit.texts;
  const money = (amount: number) => formatMoney(amount, a.currency, p.numberLocale, p.precision);
  const result = {
    primary: primaryText(p, money),
    secondary: secondaryText(p, money),
    name: a.accountName ?? (a.missing ? a.primaryEntityId : p.localize('card.account_unknown')),
    due: p.due
      ? dueLine(p.due, {
          localize: p.localize,
          language: p.numberLocale.language,
          dateFormat: p.dateFormat,
          money: (amount) => formatMoney(amount, p.due?.currency ?? a.currency, p.numberLocale, p.precision),
          concealed: p.concealed,
          concealedText: CONCEALED,
        })
      : null,
  };
  texts.set(a, { sig, localize: p.localize, due: p.due, texts: result });
  return result;
}

/**
 * One account's row, rendered inside the card's own shadow root. The card
 * handles row clicks and keys with one delegated listener (`data-entity-id`
 * says which row), and the optional parts are always-present elements hidden
 * when `:empty`: on a first render of 50 rows that spares 100 listeners and
 * 100 nested template instances. The parts sit directly in one CSS grid (see
 * rowStyles) rather than in left/right wrappers: three elements fewer per row
 * made the first render ~12 % faster in A/B runs.
 */
export function balanceRow(p: RowProps): TemplateResult {
  const a = p.account;
  const { primary, secondary, name, due } = rowTexts(p);
  const meta =
    p.institution || p.badges.length
      ? html`<div class="meta">
          ${p.institution ? html`<span class="institution">${p.institution}</span>` : nothing}
          ${p.badges.map((b) => html`<span class="badge ${b.kind}">${b.text}</span>`)}
        </div>`
      : nothing;
  const dueSpan = due ? dueLineTemplate(due) : nothing;
  if (p.trend === undefined) {
    return html`
      <div class="row" role="button" tabindex="0" data-entity-id=${a.primaryEntityId}>
        <span class="account" title=${name}>${name}</span>
        <span class="mask">${a.mask ? `••${a.mask}` : nothing}</span>
        <span class="amount ${primary.muted ? 'muted' : ''}" title=${primary.text}>${primary.text}</span>
        ${meta}
        <span class="secondary">${secondary ?? nothing}</span>
        ${dueSpan}
      </div>
    `;
  }
  // The sparkline is part of the row's own template rather than a nested one: one template instance per row, not two.
  const t = trendParts(p.trend);
  return html`
    <div class="row" role="button" tabindex="0" data-entity-id=${a.primaryEntityId}>
      <span class="account" title=${name}>${name}</span>
      <span class="mask">${a.mask ? `••${a.mask}` : nothing}</span>
      <span class="amount ${primary.muted ? 'muted' : ''}" title=${primary.text}>${primary.text}</span>
      ${meta}
      <span class="secondary">${secondary ?? nothing}</span>
      ${dueSpan}
      <div class="trend ${t.tone}" aria-hidden=${t.hidden}>
        <svg viewBox="-10 -20 1020 220" preserveAspectRatio="none" role="img" aria-label=${t.label}
          ><path d=${t.d}></path></svg>
        <span aria-hidden="true">${t.text}</span>
      </div>
    </div>
  `;
}

/** The rows' styles, part of the card's. */
export const rowStyles = [
  badgeStyles,
  css`
      .row,
      .tx {
        display: grid;
        /* name | mask | free space | amount; on a second line, meta under the first three and secondary
       under the amount */
        grid-template-columns: minmax(0, max-content) auto 1fr fit-content(60%);
        align-items: baseline;
        align-content: center;
        /* Two lines' height for every row, so one-line and two-line rows keep one rhythm. */
        padding: 4px 12px;
        min-height: 48px;
        box-sizing: border-box;
        cursor: pointer;
        outline: none;
        border-radius: 8px;
      }
      .row:hover,
      .row:focus-visible,
      .tx:hover,
      .tx:focus-visible {
        background: color-mix(in srgb, var(--primary-text-color, #212121) 6%, transparent);
      }
      .account {
        font-size: 15px;
        line-height: 20px;
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
        margin-inline-start: 6px;
        font-variant-numeric: tabular-nums;
      }
      .mask:empty,
      .secondary:empty {
        display: none;
      }
      .meta {
        grid-column: 1 / 4;
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 6px;
        margin-top: 3px;
      }
      .amount,
      .secondary {
        grid-column: 4;
      }
      .amount {
        min-width: 0;
        padding-inline-start: 12px;
        text-align: end;
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
        padding-inline-start: 12px;
        margin-top: 2px;
        text-align: end;
        font-variant-numeric: tabular-nums;
        white-space: normal;
      }
  `,
  dueLineStyles,
];
