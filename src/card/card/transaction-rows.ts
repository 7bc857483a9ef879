import { css, html, nothing, type TemplateResult } from 'lit';
import { categoryIcon } from '../category-icons.js';
import { formatMoney } from '../currency-format.js';
import { formatTransactionDate, type ShownTransaction } from '../recent-transactions.js';
import type { MonthSpending } from '../spending.js';
import { CONCEALED } from './balance-row.js';
import type { RenderContext } from './card-sections.js';

/**
 * "Spent $1,234 this month · $1,100 by this day last month", one line per
 * currency. Concealed, the comparison goes too: it would tell the amount's size.
 */
export function spendingSection(
  sums: readonly MonthSpending[],
  precisions: ReadonlyMap<string, number | undefined>,
  { localize, numberLocale, concealed }: RenderContext,
): TemplateResult | typeof nothing {
  if (!sums.length) return nothing;
  return html`<div class="spending">
    ${sums.map((s) => {
      const money = (n: number) => formatMoney(n, s.currency, numberLocale, precisions.get(s.currency));
      const spent = localize('card.spent_this_month', { amount: concealed ? CONCEALED : money(s.amount) });
      if (concealed) return html`<p><span>${spent}</span></p>`;
      return html`<p class="compared">
        <span>${spent}<span class="sep"> · </span></span>
        <span>${localize('card.spent_by_this_day', { amount: money(s.previousToDate) })}</span>
      </p>`;
    })}
  </div>`;
}

/**
 * The recent transactions, newest first. Each row is a button (the card's
 * delegated listener opens its account's more-info, or reveals in privacy
 * mode) whose accessible name reads the whole row in words: a screen reader
 * hears "spent"/"received", where the eye sees the sign, colour and icon.
 */
export function transactionSection(
  transactions: readonly ShownTransaction[],
  ctx: RenderContext,
): TemplateResult | typeof nothing {
  if (!transactions.length) return nothing;
  const title = ctx.localize('card.transactions');
  return html`<section class="transactions" aria-label=${title}>
    <div class="section-header"><span class="section-title">${title}</span></div>
    ${transactions.map((t) => transactionRow(t, ctx))}
  </section>`;
}

function transactionRow(t: ShownTransaction, { localize, numberLocale, concealed }: RenderContext): TemplateResult {
  const incoming = t.direction === 'in';
  const money = formatMoney(t.amount, t.currency, numberLocale);
  // Signed as the card's other amounts are (Intl's minus); money in gets its plus.
  const shown = incoming ? `+${money}` : formatMoney(-t.amount, t.currency, numberLocale);
  const date = formatTransactionDate(t.date, numberLocale.language);
  const mask = t.mask ? `••${t.mask}` : '';
  const pending = t.pending ? localize('card.pending') : '';
  const tag = pending ? html`<span class="badge pending">${pending}</span>` : nothing;
  const label = [
    date,
    t.name,
    [t.accountName, mask].filter(Boolean).join(' '),
    concealed ? localize('card.amount_hidden') : localize(incoming ? 'card.tx_in' : 'card.tx_out', { amount: money }),
    pending,
  ]
    .filter(Boolean)
    .join(', ');
  // A balance row's look (balance-row.ts styles .tx with .row; .account, .mask, .amount) in a grid of its own.
  // Not `.row` itself: that names an account's row, for tests and for users' own card styles.
  return html`<div
    class="tx ${t.direction}"
    role="button"
    tabindex="0"
    data-entity-id=${t.entityId}
    aria-label=${label}
  >
    <span class="tx-icon" aria-hidden="true"><ha-icon icon=${categoryIcon(t.category, t.event_type)}></ha-icon></span>
    <span class="account" title=${t.name}>${t.name}</span>
    <span class="amount">${concealed ? CONCEALED : shown}</span>
    <span class="tx-meta">${date}<span class="mask">${mask}</span>${tag}</span>
  </div>`;
}

/** Part of the card's styles. Money in reads in HA's success colour, mixed toward the text colour for contrast. */
export const transactionStyles = css`
  /*
   * Where a line is too narrow, the comparison wraps under the spending without a dangling dot: each line
   * reaches 1em past the clipped edge, so the dot ending a wrapped first part is cut off, while the second
   * part's margin keeps it inside.
   */
  .spending {
    margin: 6px 16px 4px;
    overflow: hidden;
    font-size: 13px;
    color: var(--secondary-text-color, #727272);
    font-variant-numeric: tabular-nums;
  }
  .spending p {
    display: flex;
    flex-wrap: wrap;
    justify-content: flex-end;
    text-align: end;
    margin: 4px 0;
  }
  .spending .compared {
    margin-inline-end: -1em;
  }
  .compared > span + span {
    margin-inline-end: 1em;
  }
  .sep {
    display: inline-block;
    width: 1em;
    white-space: pre;
    text-align: center;
  }
  .transactions {
    margin-top: 4px;
    padding: 4px 0;
    border-top: 1px solid var(--divider-color, #e0e0e0);
  }
  .tx {
    grid-template-columns: 32px minmax(0, 1fr) auto;
    column-gap: 12px;
    align-items: center;
  }
  .tx .amount {
    grid-column: 3;
    font-size: 15px;
  }
  .tx-icon {
    grid-row: span 2;
    display: flex;
    align-items: center;
    justify-content: center;
    height: 32px;
    border-radius: 50%;
    --mdc-icon-size: 18px;
    color: var(--secondary-text-color, #727272);
    background: color-mix(in srgb, currentColor 15%, transparent);
  }
  .in > .tx-icon,
  .in > .amount {
    color: color-mix(in srgb, var(--success-color, #43a047) 75%, var(--primary-text-color, #212121));
  }
  .tx-meta {
    grid-column: 2 / 4;
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 2px 8px;
    font-size: 13px;
    color: var(--secondary-text-color, #727272);
  }
  .tx .mask {
    margin: 0;
  }
  .badge.pending {
    --badge-color: var(--info-color, #039be5);
  }
`;
