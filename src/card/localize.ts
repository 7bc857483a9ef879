import en from './translations/en.json' with { type: 'json' };
import de from './translations/de.json' with { type: 'json' };

/**
 * The dialog's strings (dialog/translations) and the visual editor's (editor-translations) are in those chunks,
 * added when they load: see addTranslations.
 */
type Table = typeof en &
  typeof import('./dialog/translations/en.json', { with: { type: 'json' } }) &
  typeof import('./editor-translations/en.json', { with: { type: 'json' } });
/** `section.key` for every English string, the card's and the dialog's, so a typo is a type error. */
export type TranslationKey = { [S in keyof Table]: `${S & string}.${keyof Table[S] & string}` }[keyof Table];
export type Localize = (key: TranslationKey, vars?: Record<string, string | number>) => string;

type Tables = Record<string, Record<string, Record<string, string>>>;
const tables: Tables = { en, de };

/** Sections of strings that load later, with the chunk that shows them, by language. */
export function addTranslations(more: Tables): void {
  for (const [language, sections] of Object.entries(more)) tables[language] = { ...tables[language], ...sections };
}

export interface LanguageSource {
  locale?: { language?: string };
  language?: string;
}

/** HA keeps the user's choice in `locale.language`; `language` is the older field. */
export function languageOf(hass: LanguageSource | undefined): string {
  return hass?.locale?.language || hass?.language || 'en';
}

/** The tables to look in for a language, the most specific first: `de-ch`, then `de`. */
function candidates(language: string): [string, string] {
  const lower = language.toLowerCase();
  return [lower, lower.split(/[-_]/)[0]];
}

function lookup(language: string, section: string, name: string): string | undefined {
  const [specific, base] = candidates(language);
  return tables[specific]?.[section]?.[name] ?? tables[base]?.[section]?.[name];
}

/**
 * The language the strings are in for this user's language: theirs where the
 * card has it, else English (the fallback). The card and the dialog say so
 * with `lang`, and lay out left to right as both of their languages read:
 * in a right-to-left dashboard (Hebrew, Arabic) English texts that mix in
 * amounts and signs scramble otherwise ("in 30 days $4.12+").
 */
export function stringsLanguage(language: string): string {
  return candidates(language).find((l) => tables[l]) ?? 'en';
}

const made = new Map<string, Localize>();

/** One function per language, made once rather than on every render. */
export function makeLocalize(language: string): Localize {
  let fn = made.get(language);
  if (!fn) made.set(language, (fn = createLocalize(language)));
  return fn;
}

function createLocalize(language: string): Localize {
  // A render asks for the same few strings once per row: look each up once.
  const found = new Map<string, string>();
  return (key, vars) => {
    let text = found.get(key);
    if (text === undefined) {
      const [section, name] = key.split('.') as [string, string];
      text = lookup(language, section, name) ?? tables.en[section]?.[name];
      // A miss is not kept: its section may be one that has not loaded yet.
      if (text === undefined) return key;
      found.set(key, text);
    }
    return vars ? text.replace(/\{(\w+)\}/g, (whole, v: string) => (v in vars ? String(vars[v]) : whole)) : text;
  };
}
