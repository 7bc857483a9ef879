import { addTranslations, makeLocalize, type Localize } from '../localize.js';
import de from './translations/de.json' with { type: 'json' };
import en from './translations/en.json' with { type: 'json' };

let added = false;

/**
 * The dialog's strings, in the dialog's chunk: a dashboard that never opens
 * the dialog does not download them in every language.
 */
export function dialogLocalize(language: string): Localize {
  if (!added) {
    addTranslations({ en, de });
    added = true;
  }
  return makeLocalize(language);
}
