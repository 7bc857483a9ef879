import type { CompanionErrorCode } from '../companion-client.js';
import type { Localize, TranslationKey } from '../localize.js';
import type { UpdateAdvice } from './release-advice.js';

/** Codes with a sentence of their own (`dialog.error_<code>`); any other shows the message the companion or HA gave. */
const OWN_TEXT: readonly CompanionErrorCode[] = [
  'unauthorized',
  'connection_lost',
  'answer_timeout',
  'companion_outdated',
];

/**
 * The error view's sentence: never "[object Object]" or a bare number from
 * home-assistant-js-websocket, and which part to update rather than a schema
 * message when card and companion are of releases that do not understand each other.
 */
export function errorText(
  code: CompanionErrorCode,
  message: string,
  t: Localize,
  update?: UpdateAdvice | null,
): string {
  if (update) return t(`dialog.update_${update.part}`, { release: update.release });
  return OWN_TEXT.includes(code) ? t(`dialog.error_${code}` as TranslationKey) : message;
}
