import { css } from 'lit';
import { buttonStyles } from '../control-styles.js';
import { trendStyles } from '../trend/trend-line.js';
import { rowStyles } from './balance-row.js';
import { transactionStyles } from './transaction-rows.js';

/**
 * The card's look: its rows', the shared buttons', the trend lines', and its own frame, headers, totals and notices.
 */
export const cardStyles = [
  ...rowStyles,
  buttonStyles,
  trendStyles,
  transactionStyles,
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
  /* On a phone the actions wrap under the bank's name rather than cut it. */
  .group-header,
  .section-header {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 4px 8px;
    min-height: 32px;
    padding: 4px 16px 0;
  }
  .group-title,
  .section-title {
    font-size: 13px;
    font-weight: 500;
    letter-spacing: 0.04em;
    text-transform: uppercase;
    color: var(--secondary-text-color, #727272);
  }
  .actions {
    display: flex;
    gap: 4px;
    margin-inline-start: auto;
  }
  .row,
  .tx {
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
  /* Label | sums in two columns; each currency's line spans both, under its own sum. */
  .totals {
    display: grid;
    grid-template-columns: auto 1fr;
    column-gap: 12px;
    row-gap: 2px;
    align-items: start;
    margin-top: 4px;
    padding: 10px 16px 4px;
    border-top: 1px solid var(--divider-color, #e0e0e0);
  }
  .totals .label {
    font-weight: 500;
    color: var(--primary-text-color, #212121);
  }
  .sums {
    grid-column: 2;
    display: flex;
    flex-direction: column;
    align-items: flex-end;
    gap: 2px;
  }
  .sums + .sums,
  .totals .trend + .sums {
    margin-top: 6px;
  }
  /* Under every currency's sum: each line names its own currency in its amount. */
  .upcoming {
    grid-column: 1 / -1;
    margin-top: 6px;
    text-align: end;
  }
  .split,
  .upcoming,
  .hint {
    font-size: 13px;
    color: var(--secondary-text-color, #727272);
  }
  .hint {
    margin: 8px 16px 0;
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
