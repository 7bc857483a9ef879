import type { CompanionErrorCode } from './companion-client.js';
import type { Localize, TranslationKey } from './localize.js';

/** Codes with a sentence of their own; any other shows the message the companion or HA gave. */
const TEXT: Partial<Record<CompanionErrorCode, TranslationKey>> = {
  unauthorized: 'dialog.error_unauthorized',
  connection_lost: 'dialog.error_connection_lost',
  answer_timeout: 'dialog.error_answer_timeout',
};

/** The error view's sentence: never "[object Object]" or a bare number from home-assistant-js-websocket. */
export function errorText(code: CompanionErrorCode, message: string, t: Localize): string {
  const key = TEXT[code];
  return key ? t(key) : message;
}
