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
/** Keyed on the props object, which trend-view keeps while a trend is unchanged. */
const paths = new WeakMap<TrendLineProps, string>();

/** A sparkline the card draws itself (no chart library): a path in a stretched viewBox, stroke kept at 1.5 px. */
export function trendLine(p: TrendLineProps): TemplateResult | typeof nothing {
  const h = p.large ? 32 : 18;
  let d = paths.get(p);
  if (d === undefined) paths.set(p, (d = sparklinePath(p.points, W, h)));
  if (!d) return nothing;
  const tone = p.change?.good === true ? 'good' : p.change?.good === false ? 'bad' : 'flat';
  return html`<div class="trend ${tone} ${p.large ? 'large' : ''}">
    <svg viewBox="-1 -2 ${W + 2} ${h + 4}" preserveAspectRatio="none" role="img" aria-label=${p.label}>
      ${svg`<path d=${d} />`}
    </svg>
    ${p.text ? html`<span aria-hidden="true">${p.text}</span>` : nothing}
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
  path {
    fill: none;
    stroke: currentColor;
    stroke-width: 1.5;
    vector-effect: non-scaling-stroke;
  }
`;
