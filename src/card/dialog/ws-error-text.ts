import type { CompanionErrorCode } from '../companion-client.js';
import type { Localize, TranslationKey } from '../localize.js';

/** Codes with a sentence of their own (`dialog.error_<code>`); any other shows the message the companion or HA gave. */
const OWN_TEXT: readonly CompanionErrorCode[] = [
  'unauthorized',
  'connection_lost',
  'answer_timeout',
  'companion_outdated',
];

/** The error view's sentence: never "[object Object]" or a bare number from home-assistant-js-websocket. */
export function errorText(code: CompanionErrorCode, message: string, t: Localize): string {
  return OWN_TEXT.includes(code) ? t(`dialog.error_${code}` as TranslationKey) : message;
}
