import type { HassTransport } from '../companion-client.js';
import { DIALOG_TAG } from '../const.js';
import type { ThemeSource } from '../dark-mode.js';
import type { LinkTask } from './dialog-flow.js';
import type { LanguageSource } from '../localize.js';

/**
 * Defines the element. Only admins ever open the dialog, so it is a chunk of
 * its own (rollup.config.mjs), loaded the first time it opens: the card's own
 * bundle stays small for everyone who only reads balances.
 */
const defineDialog = (): Promise<unknown> => import('./link-dialog.js');

export interface LinkDialogParams {
  hass: HassTransport & LanguageSource & ThemeSource;
  task: LinkTask;
  /** Defaults to the protocol's RESPONSE_TIMEOUT_MS. */
  responseTimeoutMs?: number;
  /** How often an open flow asks for its step; defaults to the protocol's FLOW_POLL_MS. */
  pollMs?: number;
  /** Where Plaid returns the user; defaults to the done page beside the card's files (link-done.ts). */
  redirectUri?: string;
}

export interface LinkDialogElement extends HTMLElement {
  showDialog(params: LinkDialogParams): void;
  closeDialog(): Promise<void>;
  /** Set by the fallback: the element was appended here and leaves the page when closed. */
  removeOnClose: boolean;
}

/**
 * Inside Home Assistant the dialog opens through HA's dialog manager: the
 * `show-dialog` event (`dialogTag`, `dialogImport`, `dialogParams`) that
 * `<home-assistant>` listens for (frontend `make-dialog-manager.ts`). HA then
 * creates the element once in its own root, keeps `hass` on it up to date,
 * adds a history entry so Back closes it (by calling `closeDialog()`), and
 * shows it again for the next task; it awaits `dialogImport` before creating
 * the element, which loads the dialog's chunk. Where no HA root is on the
 * page (tests, other hosts), the chunk is loaded here, and the dialog appends
 * itself to document.body and leaves when closed. Resolves to the element
 * only in that fallback.
 */
export async function showLinkDialog(
  params: LinkDialogParams,
  origin: HTMLElement = document.body,
): Promise<LinkDialogElement | null> {
  if (document.querySelector('home-assistant')) {
    origin.dispatchEvent(
      new CustomEvent('show-dialog', {
        bubbles: true,
        composed: true,
        detail: { dialogTag: DIALOG_TAG, dialogImport: defineDialog, dialogParams: params },
      }),
    );
    return null;
  }
  await defineDialog();
  const dialog = document.createElement(DIALOG_TAG) as LinkDialogElement;
  dialog.removeOnClose = true;
  document.body.append(dialog);
  dialog.showDialog(params);
  return dialog;
}
