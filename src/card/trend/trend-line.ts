import { css, html, nothing, type TemplateResult } from 'lit';
import { sparklinePath } from './sparkline-path.js';
import type { TrendChange, TrendPoint } from './series.js';

export interface TrendLineProps {
  points: readonly TrendPoint[];
  change: TrendChange | null;
  /** "+$120.50 in 30 days"; in privacy mode (shape, no amounts) null on a row and the currency code on a total. */
  text: string | null;
  /** The text names only the currency (a concealed total), so it needs no change's width. */
  currencyOnly?: boolean;
  /** The text alternative: the change in words, or in privacy mode only what the line is. */
  label: string;
  large?: boolean;
}

/** The lines' boxes, ten units per CSS pixel of their height (18 and 32 px). */
const W = 1000;
/** Keyed on the props object, which trend-view keeps while a trend is unchanged. */
const paths = new WeakMap<TrendLineProps, string>();

/** Holds a line's place until HA's first statistics answer, so the card does not grow when the lines arrive. */
export const PENDING_LINE: TrendLineProps = { points: [], change: null, text: null, label: '' };
export const PENDING_TOTAL_LINE: TrendLineProps = { ...PENDING_LINE, large: true };

/** What a line's template binds; an absent line (no statistics) is one hidden, empty line. */
export interface TrendParts {
  tone: string;
  hidden: 'true' | typeof nothing;
  label: string;
  d: string;
  text: string;
}

/**
 * A sparkline the card draws itself (no chart library): a path in a stretched
 * viewBox, stroke kept at 1.5 px. The path and the text are always there: a
 * pending line and the drawn one are the same elements, so the statistics
 * answer only sets attributes and text (no new DOM per row).
 */
export function trendParts(p: TrendLineProps | null): TrendParts {
  if (!p) return ABSENT;
  let d = paths.get(p);
  if (d === undefined) paths.set(p, (d = sparklinePath(p.points, W, p.large ? 320 : 180)));
  const pending = p === PENDING_LINE || p === PENDING_TOTAL_LINE;
  if (!d && !pending) return ABSENT;
  const tone = p.change?.good === true ? 'good' : p.change?.good === false ? 'bad' : 'flat';
  return { tone, hidden: pending ? 'true' : nothing, label: p.label, d, text: p.text ?? '' };
}

const ABSENT: TrendParts = { tone: 'absent', hidden: 'true', label: '', d: '', text: '' };

/** The larger line under a currency's total. */
export function trendLine(p: TrendLineProps): TemplateResult | typeof nothing {
  const t = trendParts(p);
  if (t === ABSENT) return nothing;
  return html`<div class="trend large ${t.tone} ${p.currencyOnly ? 'currency-only' : ''}" aria-hidden=${t.hidden}>
    <svg viewBox="-10 -20 1020 360" preserveAspectRatio="none" role="img" aria-label=${t.label}
      ><path d=${t.d}></path></svg>
    <span aria-hidden="true">${t.text}</span>
  </div>`;
}

export const trendStyles = css`
  .trend {
    grid-column: 1/-1;
    display: flex;
    align-items: center;
    gap: 8px;
    color: var(--secondary-text-color, #727272);
    font-size: 12px;
  }
  .good {
    color: var(--success-color, #43a047);
  }
  .bad {
    color: var(--error-color, #db4437);
  }
  svg {
    flex: 1;
    height: 18px;
    overflow: visible;
  }
  .large svg {
    height: 32px;
  }
  /*
   * One width for every change, so every line ends at the same x and a day
   * (a salary, a card payment) sits at the same x in every row. 12em holds
   * "+14.500,00 € in 30 Tagen"; a longer change still shows whole and only
   * its own line ends earlier.
   */
  .trend span {
    min-width: 12em;
    text-align: end;
    font-variant-numeric: tabular-nums;
  }
  .trend.currency-only span {
    min-width: 0;
  }
  .trend span:empty,
  .trend.absent {
    display: none;
  }
  path {
    fill: none;
    stroke: currentColor;
    stroke-width: 1.5;
    vector-effect: non-scaling-stroke;
  }
`;
