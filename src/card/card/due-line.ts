import { css, html, type TemplateResult } from 'lit';
import type { DueLine } from '../due-payments.js';

/**
 * A credit card's or loan's due line in its row. The visible line's
 * abbreviations and dots are no text alternative: the row, a button, is read
 * out with the spoken one, which only screen readers get.
 */
export function dueLineTemplate(due: DueLine): TemplateResult {
  return html`<span class="due ${due.severity}"
    ><span aria-hidden="true">${due.text}</span><span class="spoken">${due.spoken}</span></span
  >`;
}

/** Part of the rows' styles. */
export const dueLineStyles = css`
  /* A line of its own under everything else: at 390 px it shares no width with the amounts. */
  .due {
    grid-column: 1 / -1;
    margin-top: 2px;
    font-size: 13px;
    color: var(--secondary-text-color, #727272);
    font-variant-numeric: tabular-nums;
  }
  /* Mixed with the text colour: HA's orange and red on white are below 4.5:1 as 13 px text. */
  .due.soon {
    color: color-mix(in srgb, var(--warning-color, #ffa600) 55%, var(--primary-text-color, #212121));
  }
  .due.overdue {
    font-weight: 500;
    color: color-mix(in srgb, var(--error-color, #db4437) 80%, var(--primary-text-color, #212121));
  }
  .spoken {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
`;
