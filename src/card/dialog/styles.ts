import { css } from 'lit';
import { badgeStyles, buttonStyles, formStyles } from '../shared-styles.js';

/** The dialog's look, shared by every step's template (they render in the dialog's shadow root). */
export const dialogStyles = [
  buttonStyles,
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
        box-shadow: 0 12px 40px rgba(0, 0, 0, 0.35);
        font-family: var(--ha-font-family-body, Roboto, 'Noto Sans', sans-serif);
        font-size: 15px;
        line-height: 1.5;
      }
      dialog[open] {
        display: flex;
        flex-direction: column;
      }
      dialog::backdrop {
        background: rgba(0, 0, 0, 0.45);
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
      header {
        display: flex;
        align-items: center;
        gap: 8px;
        padding: 16px 12px 4px 24px;
      }
      h2 {
        flex: 1;
        margin: 0;
        font-size: 22px;
        font-weight: 400;
        line-height: 32px;
        overflow-wrap: anywhere;
      }
      h3 {
        margin: 8px 0 4px;
        font-size: 17px;
        font-weight: 500;
      }
      .icon-btn {
        flex: none;
        width: 40px;
        height: 40px;
        padding: 8px;
        border: none;
        border-radius: 50%;
        background: transparent;
        color: var(--secondary-text-color, #727272);
        cursor: pointer;
      }
      .icon-btn:hover {
        background: color-mix(in srgb, var(--primary-text-color, #212121) 8%, transparent);
      }
      dialog:focus,
      .icon-btn:focus {
        outline: none;
      }
      .icon-btn:focus-visible {
        outline: 2px solid color-mix(in srgb, var(--primary-color, #03a9f4) 60%, transparent);
      }
      .icon-btn svg {
        width: 24px;
        height: 24px;
        fill: currentColor;
      }
      .content {
        padding: 4px 24px 8px;
        overflow-y: auto;
      }
      .content p {
        margin: 8px 0;
      }
      footer {
        display: flex;
        justify-content: flex-end;
        flex-wrap: wrap;
        gap: 8px;
        padding: 12px 16px 16px;
      }
      .hint,
      .detail {
        color: var(--secondary-text-color, #727272);
        font-size: 14px;
      }
      .error-text {
        color: var(--error-color, #db4437);
        font-size: 14px;
      }
      .command {
        border-radius: 8px;
        overflow-x: auto;
        font-size: 13px;
        background: color-mix(in srgb, var(--primary-text-color, #212121) 8%, transparent);
        user-select: all;
      }
      code,
      .command {
        font-family: var(--ha-font-family-code, ui-monospace, 'Roboto Mono', Menlo, monospace);
      }
      .spinner-row {
        display: flex;
        align-items: center;
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
          transform: rotate(360deg);
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
      }
      .entities li,
      .items li {
        display: flex;
        align-items: center;
        justify-content: space-between;
        gap: 12px;
      }
      .select {
        display: flex;
        justify-content: flex-end;
        margin: -4px 0 -8px;
      }
      .accounts > li {
        display: grid;
        grid-template-columns: 18px minmax(0, 1fr) auto;
        align-items: center;
        column-gap: 12px;
        padding: 6px 0;
        border-top: 1px solid var(--divider-color, #e0e0e0);
      }
      .accounts > li:last-child {
        border-bottom: 1px solid var(--divider-color, #e0e0e0);
      }
      .excluded > :not(.include) {
        opacity: 0.5;
      }
      .account-name {
        display: flex;
        align-items: baseline;
        min-width: 0;
      }
      .account-name input {
        flex: 0 1 auto;
        field-sizing: content;
        min-width: 4em;
        padding: 4px 6px;
        margin-inline-start: -7px;
        font-weight: 500;
        background: none;
        border-color: transparent;
      }
      .account-name input:hover {
        border-color: var(--divider-color, #e0e0e0);
      }
      .mask,
      .entity-id {
        color: var(--secondary-text-color, #727272);
        font-size: 13px;
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
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        column-gap: 8px;
        font-size: 14px;
        cursor: pointer;
      }
      .kind input {
        width: 16px;
        height: 16px;
      }
      .entity-id {
        font-size: 12px;
        margin-inline-start: auto;
      }
      .installs {
        margin: 8px 0;
        font-size: 14px;
      }
      .installs dt {
        font-weight: 500;
        margin-top: 8px;
      }
      .installs dd {
        margin: 0;
        color: var(--secondary-text-color, #727272);
      }
      .installs .command {
        display: block;
        margin: 2px 0;
        padding: 4px 10px;
        width: fit-content;
        max-width: 100%;
        box-sizing: border-box;
        color: var(--primary-text-color, #212121);
      }
      .duplicate {
        margin: 4px 0 12px;
        padding: 4px 16px 12px;
        border-radius: 12px;
        background: color-mix(in srgb, var(--warning-color, #ffa600) 14%, transparent);
        border: 1px solid color-mix(in srgb, var(--warning-color, #ffa600) 50%, transparent);
      }
      .choice {
        display: flex;
        align-items: center;
        gap: 10px;
        padding: 4px 0;
        cursor: pointer;
      }
      .entities li {
        padding: 8px 0;
        border-top: 1px solid var(--divider-color, #e0e0e0);
      }
      .entity-main {
        display: flex;
        flex-direction: column;
        min-width: 0;
      }
      .items li {
        padding: 8px 0;
        border-top: 1px solid var(--divider-color, #e0e0e0);
      }
      .item-name {
        flex: 1;
        font-weight: 500;
      }
      .item-actions {
        display: flex;
        gap: 4px;
      }
  `,
];
