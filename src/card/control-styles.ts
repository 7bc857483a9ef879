import { css } from 'lit';

/**
 * Buttons in HA's look, with fallbacks: the card and its dialog also run where
 * HA's theme variables are not set (the editor preview of another dashboard,
 * tests), and HA's own button elements are not a stable API. The states only
 * the dialog shows are in dialog/dialog-control-styles.ts, in its chunk.
 */
export const buttonStyles = css`
  .btn {
    font: inherit;
    font-size: 14px;
    font-weight: 500;
    line-height: 20px;
    min-height: 36px;
    padding: 8px 14px;
    border-radius: 18px;
    border: none;
    cursor: pointer;
    color: var(--primary-color, #03a9f4);
    background: transparent;
    white-space: nowrap;
  }
  .btn:hover,
  .btn:focus-visible {
    background: color-mix(in srgb, var(--primary-color, #03a9f4) 12%, transparent);
    outline: none;
  }
  .btn.filled {
    color: var(--text-primary-color, #fff);
    background: var(--primary-color, #03a9f4);
  }
  .btn.filled:hover,
  .btn.filled:focus-visible {
    background: color-mix(in srgb, var(--primary-color, #03a9f4) 85%, #000);
  }
  .btn.danger {
    color: var(--error-color, #db4437);
  }
  .btn.danger:hover {
    background: color-mix(in srgb, var(--error-color, #db4437) 12%, transparent);
  }
  .btn.small {
    min-height: 28px;
    padding: 4px 10px;
    font-size: 13px;
  }
`;

export const badgeStyles = css`
  .badge {
    display: inline-flex;
    align-items: center;
    gap: 4px;
    font-size: 12px;
    font-weight: 500;
    line-height: 16px;
    padding: 1px 8px;
    border-radius: 10px;
    white-space: nowrap;
    color: var(--primary-text-color, #212121);
    background: color-mix(in srgb, var(--badge-color) 18%, transparent);
    border: 1px solid color-mix(in srgb, var(--badge-color) 55%, transparent);
  }
  .badge::before {
    content: '';
    width: 6px;
    height: 6px;
    border-radius: 50%;
    background: var(--badge-color);
  }
  .badge.warning {
    --badge-color: var(--warning-color, #ffa600);
  }
  .badge.error {
    --badge-color: var(--error-color, #db4437);
  }
`;
