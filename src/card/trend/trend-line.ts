import { css, html, nothing, svg, type TemplateResult } from 'lit';
import { sparklinePath } from './sparkline-path.js';
import type { TrendChange, TrendPoint } from './series.js';

export interface TrendLineProps {
  points: readonly TrendPoint[];
  change: TrendChange | null;
  /** "+$120.50 in 30 days", or null in privacy mode (shape, no amounts). */
  text: string | null;
  /** The text alternative: the change in words, or in privacy mode only what the line is. */
  label: string;
  large?: boolean;
}

const W = 100;

/** A sparkline the card draws itself (no chart library): a path in a stretched viewBox, stroke kept at 1.5 px. */
export function trendLine(p: TrendLineProps): TemplateResult | typeof nothing {
  const h = p.large ? 32 : 18;
  const d = sparklinePath(p.points, W, h);
  if (!d) return nothing;
  const tone = p.change?.good === true ? 'good' : p.change?.good === false ? 'bad' : 'flat';
  return html`<div class="trend ${tone} ${p.large ? 'large' : ''}">
    <svg viewBox="-1 -2 ${W + 2} ${h + 4}" preserveAspectRatio="none" role="img" aria-label=${p.label}>
      ${svg`<path d=${d} />`}
    </svg>
    <span class="change" aria-hidden="true">${p.text ?? nothing}</span>
  </div>`;
}

export const trendStyles = css`
  .trend {
    grid-column: 1 / -1;
    display: flex;
    align-items: center;
    gap: 8px;
    margin-top: 2px;
    color: var(--secondary-text-color, #727272);
  }
  .trend.good {
    color: var(--success-color, #43a047);
  }
  .trend.bad {
    color: var(--error-color, #db4437);
  }
  .trend svg {
    flex: 1;
    min-width: 0;
    height: 18px;
    overflow: visible;
  }
  .trend.large svg {
    height: 32px;
  }
  .trend path {
    fill: none;
    stroke: currentColor;
    stroke-width: 1.5;
    stroke-linejoin: round;
    vector-effect: non-scaling-stroke;
  }
  .trend .change {
    font-size: 12px;
    font-variant-numeric: tabular-nums;
    white-space: nowrap;
  }
  .trend .change:empty {
    display: none;
  }
`;
