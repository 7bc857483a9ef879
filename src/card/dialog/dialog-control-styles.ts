import { css } from 'lit';

/*
 * The dialog's controls beyond the card's (control-styles.ts): here, they come
 * with the dialog's chunk instead of weighing on every dashboard.
 */

/** Buttons only the dialog has: a filled danger button (confirming a removal), a disabled one. */
export const dialogButtonStyles = css`
  .btn.danger.filled {
    color: #fff;
    background: var(--error-color, #db4437);
  }
  .btn.danger.filled:hover {
    background: color-mix(in srgb, var(--error-color, #db4437) 85%, #000);
  }
  .btn[disabled] {
    opacity: 0.5;
    cursor: default;
  }
`;

/** Native form controls in HA's colours (HA's own inputs are internal). */
export const formStyles = css`
  input[type='text'],
  textarea,
  select {
    font: inherit;
    font-size: 15px;
    padding: 8px 10px;
    color: var(--primary-text-color, #212121);
    background: var(--input-fill-color, color-mix(in srgb, var(--primary-text-color, #212121) 5%, transparent));
    border: 1px solid var(--divider-color, #e0e0e0);
    border-radius: 6px;
  }
  input[type='text']:focus,
  textarea:focus,
  select:focus {
    outline: 2px solid var(--primary-color, #03a9f4);
    outline-offset: -1px;
  }
  input[type='checkbox'],
  input[type='radio'] {
    width: 18px;
    height: 18px;
    margin: 0;
    accent-color: var(--primary-color, #03a9f4);
  }
`;
