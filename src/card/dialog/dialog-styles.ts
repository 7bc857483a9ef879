import { css } from 'lit';
import { badgeStyles, buttonStyles } from '../control-styles.js';
import { dialogButtonStyles, formStyles } from './dialog-control-styles.js';

/** The dialog's look, shared by every step's template (they render in the dialog's shadow root). */
export const dialogStyles = [
  buttonStyles,
  dialogButtonStyles,
  formStyles,
  badgeStyles,
  css`
    dialog {
      box-sizing: border-box;
      width: min(520px, calc(100vw - 24px));
      max-height: calc(100vh - 48px);
      padding: 0;
      border: none;
      border-radius: var(--ha-dialog-border-radius, 24px);
      color: var(--primary-text-color, #212121);
      background: var(--ha-dialog-surface-background, var(--mdc-theme-surface, var(--card-background-color, #fff)));
      box-shadow: 0 12px 40px #0006;
      font: 15px/1.5 var(--ha-font-family-body, Roboto, sans-serif);
      outline: none;
    }
    dialog[open] {
      display: flex;
      flex-direction: column;
    }
    dialog::backdrop {
      background: #0007;
    }
    /* Full-screen on a phone, as HA's own dialogs are. */
    @media (max-width: 450px), (max-height: 500px) {
      dialog {
        width: 100vw;
        max-width: none;
        height: 100%;
        max-height: none;
        border-radius: 0;
      }
      .content {
        flex: 1;
      }
    }
    header,
    footer,
    .spinner-row,
    li,
    .kind,
    .item-actions {
      display: flex;
      align-items: center;
      gap: 8px;
    }
    header {
      padding: 16px 12px 4px 24px;
    }
    h2 {
      flex: 1;
      margin: 0;
      font-size: 22px;
      font-weight: 400;
      overflow-wrap: anywhere;
    }
    h3 {
      margin: 8px 0 4px;
      font-size: 17px;
      font-weight: 500;
    }
    .close {
      flex: none;
      width: 40px;
      height: 40px;
      padding: 8px;
      border: none;
      border-radius: 50%;
      background: none;
      color: var(--secondary-text-color, #727272);
      cursor: pointer;
      outline-offset: -2px;
    }
    .close:hover {
      background: color-mix(in srgb, currentColor 12%, transparent);
    }
    .close:focus:not(:focus-visible) {
      outline: none;
    }
    .close svg {
      fill: currentColor;
    }
    .content {
      padding: 4px 24px 8px;
      overflow-y: auto;
    }
    p {
      margin: 8px 0;
    }
    footer {
      justify-content: flex-end;
      flex-wrap: wrap;
      padding: 12px 16px 16px;
    }
    .hint,
    .detail,
    .mask,
    .entity-id,
    dd {
      color: var(--secondary-text-color, #727272);
      font-size: 14px;
    }
    .error-text {
      color: var(--error-color, #db4437);
      font-size: 14px;
    }
    code {
      font: 13px var(--ha-font-family-code, monospace);
    }
    dd code {
      display: inline-block;
      padding: 2px 8px;
      border-radius: 6px;
      color: var(--primary-text-color, #212121);
      background: color-mix(in srgb, currentColor 8%, transparent);
      user-select: all;
    }
    .spinner-row {
      gap: 16px;
      padding: 16px 0 8px;
    }
    .spinner {
      flex: none;
      width: 28px;
      height: 28px;
      box-sizing: border-box;
      border-radius: 50%;
      border: 3px solid color-mix(in srgb, var(--primary-color, #03a9f4) 25%, transparent);
      border-top-color: var(--primary-color, #03a9f4);
      animation: spin 0.9s linear infinite;
    }
    @keyframes spin {
      to {
        transform: rotate(1turn);
      }
    }
    @media (prefers-reduced-motion: reduce) {
      .spinner {
        animation-duration: 3s;
      }
    }
    ul {
      list-style: none;
      margin: 8px 0;
      padding: 0;
      border-bottom: 1px solid var(--divider-color, #e0e0e0);
    }
    li {
      gap: 12px;
      padding: 8px 0;
      border-top: 1px solid var(--divider-color, #e0e0e0);
    }
    li > :first-child {
      flex: 1;
      min-width: 0;
    }
    .select {
      text-align: end;
      margin-bottom: -8px;
    }
    .account {
      display: grid;
      grid-template-columns: 18px minmax(0, 1fr) auto;
      column-gap: 12px;
      padding: 6px 0;
    }
    .excluded > :not(.include) {
      opacity: 0.5;
    }
    .account-name {
      display: flex;
      align-items: baseline;
      min-width: 0;
    }
    /* As wide as the name, but giving way to the mask on a phone: a long name ends in an ellipsis (the field's
       border shows on hover and focus, so its box keeps a gap to the mask too). */
    .account-name input {
      field-sizing: content;
      flex: 0 1 auto;
      min-width: 4em;
      text-overflow: ellipsis;
      padding: 4px 6px;
      margin-inline-start: -7px;
      font-weight: 500;
      background: none;
      border-color: transparent;
    }
    .account-name .mask {
      flex: none;
      margin-inline-start: 6px;
    }
    .account-name input:hover {
      border-color: var(--divider-color, #e0e0e0);
    }
    .amount {
      font-variant-numeric: tabular-nums;
      white-space: nowrap;
    }
    .kind,
    .account .error-text {
      grid-column: 2 / 4;
    }
    .kind {
      flex-wrap: wrap;
      font-size: 14px;
    }
    .kind input {
      width: 16px;
      height: 16px;
    }
    .entity-id {
      font-size: 12px;
      margin-inline-start: auto;
    }
    dt {
      font-weight: 500;
      margin-top: 8px;
    }
    dd {
      margin: 0;
    }
    .entity-main {
      display: grid;
    }
    .duplicate {
      margin: 4px 0 12px;
      padding: 4px 16px 12px;
      border-radius: 12px;
      --c: var(--warning-color, #ffa600);
      background: color-mix(in srgb, var(--c) 14%, transparent);
      border: 1px solid color-mix(in srgb, var(--c) 50%, transparent);
    }
    .choice {
      display: flex;
      gap: 10px;
      padding: 4px 0;
    }
    .kind,
    .choice {
      cursor: pointer;
    }
    .choice:has(input:disabled) {
      cursor: default;
      opacity: 0.6;
    }
    .items li {
      flex-wrap: wrap;
    }
    .due-note {
      flex-basis: 100%;
      margin: 0;
      color: var(--secondary-text-color, #727272);
      font-size: 14px;
    }
    .due-note .detail {
      display: block;
    }
  `,
];
