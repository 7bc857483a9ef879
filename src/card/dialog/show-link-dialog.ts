import type { HassTransport } from '../companion-client.js';
import { DIALOG_TAG } from '../const.js';
import type { ThemeSource } from '../dark-mode.js';
import type { LinkTask } from './link-flow.js';
import type { LanguageSource } from '../localize.js';
// Defines the element this function creates.
import './link-dialog.js';

export interface LinkDialogParams {
  hass: HassTransport & LanguageSource & ThemeSource;
  task: LinkTask;
  /** Defaults to the protocol's RESPONSE_TIMEOUT_MS. */
  responseTimeoutMs?: number;
  /** How often an open flow asks for its step; defaults to the protocol's FLOW_POLL_MS. */
  pollMs?: number;
  /** Where Plaid returns the user; defaults to the current page flagged as the Plaid tab's ending (link-done.ts). */
  redirectUri?: string;
}

export interface LinkDialogElement extends HTMLElement {
  showDialog(params: LinkDialogParams): void;
  closeDialog(): Promise<void>;
}

/**
 * The card's own dialog, appended to document.body: HA's dialog manager and
 * ha-dialog are internal APIs, and a body-level element escapes the card's
 * overflow and stacking. The element removes itself when closed.
 */
export function showLinkDialog(params: LinkDialogParams): LinkDialogElement {
  const dialog = document.createElement(DIALOG_TAG) as LinkDialogElement;
  document.body.append(dialog);
  dialog.showDialog(params);
  return dialog;
}
