/**
 * What both cards with the card's output (naive-trend-card.ts,
 * tuned-trend-card.ts) share, so they differ only in how they build it.
 */
import type { Entity } from './naive-sensors.js';

/** One row of HA's `recorder/statistics_during_period` answer, as the bench's page gives it. */
export interface StatisticsRow {
  start: number;
  state: number;
}

export interface TrendHass {
  states: Record<string, Entity>;
  locale?: { language?: string };
  callWS(msg: Record<string, unknown>): Promise<Record<string, StatisticsRow[]>>;
}

export const DAY = 86_400_000;

/** A debt: shown negative, and counted against the total. */
export const owed = (e: Entity) => e.attributes.account_type === 'credit' || e.attributes.account_type === 'loan';

/** The same styles, so neither pays for more CSS than the other. */
export const TREND_CARD_CSS = `
  ha-card { display: block; padding: 8px 0; }
  .title { margin: 0; padding: 12px 16px 4px; font-size: 20px; font-weight: 400; }
  .group-header { display: flex; padding: 4px 16px; font-size: 13px; }
  .row { display: grid; grid-template-columns: 1fr auto auto; padding: 6px 16px; }
  .trend { grid-column: 1 / -1; display: flex; gap: 8px; font-size: 12px; }
  svg { flex: 1; height: 18px; }
  .large svg { height: 32px; }
  path { fill: none; stroke: currentColor; stroke-width: 1.5; vector-effect: non-scaling-stroke; }
  .good { color: green; }
  .bad { color: red; }
`;
