/**
 * The card's strings are a chunk per language, loaded by loadCardStrings before the card's first render; the
 * dialog's (dialog/translations) and the visual editor's (editor-translations) are in those chunks, added when
 * they load: see addTranslations.
 */
type Table = typeof import('./translations/en.json', { with: { type: 'json' } }) &
  typeof import('./dialog/translations/en.json', { with: { type: 'json' } }) &
  typeof import('./editor-translations/en.json', { with: { type: 'json' } });
/** `section.key` for every English string, the card's and the dialog's, so a typo is a type error. */
export type TranslationKey = { [S in keyof Table]: `${S & string}.${keyof Table[S] & string}` }[keyof Table];
export type Localize = (key: TranslationKey, vars?: Record<string, string | number>) => string;

type Sections = Record<string, Record<string, string>>;
type Tables = Record<string, Sections>;
const tables: Tables = {};

/**
 * The card's languages, each one's strings a chunk of its own: a dashboard
 * loads only its user's. German has every English key (test/card/localize.test.ts
 * holds that), so English is not loaded beside it as the fallback for misses.
 */
const CARD_STRINGS = {
  en: () => import('./translations/en.json', { with: { type: 'json' } }),
  de: () => import('./translations/de.json', { with: { type: 'json' } }),
} satisfies Record<string, () => Promise<{ default: Sections }>>;
type CardLanguage = keyof typeof CARD_STRINGS;
/** Null once a language's strings are here. */
const arrivals = new Map<CardLanguage, Promise<void> | null>();

/**
 * Undefined once the card's strings for `language` are here; else the
 * promise of their arrival, which the card's update awaits so it never shows
 * keys or another language's strings. A failed fetch resolves too (the card
 * then shows keys) and is tried again on the next update.
 */
export function loadCardStrings(language: string): Promise<void> | undefined {
  const strings = stringsLanguage(language);
  let arrival = arrivals.get(strings);
  if (arrival === undefined) {
    arrival = CARD_STRINGS[strings]().then(
      (table) => {
        addTranslations({ [strings]: table.default });
        arrivals.set(strings, null);
      },
      (error: unknown) => {
        arrivals.delete(strings);
        // The browser's message names the chunk that did not load.
        console.error(error);
      },
    );
    arrivals.set(strings, arrival);
  }
  return arrival ?? undefined;
}

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
export function stringsLanguage(language: string): CardLanguage {
  return candidates(language).find((l): l is CardLanguage => Object.hasOwn(CARD_STRINGS, l)) ?? 'en';
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
      text = lookup(language, section, name) ?? tables.en?.[section]?.[name];
      // A miss is not kept: its section may be one that has not loaded yet.
      if (text === undefined) return key;
      found.set(key, text);
    }
    return vars ? text.replace(/\{(\w+)\}/g, (whole, v: string) => (v in vars ? String(vars[v]) : whole)) : text;
  };
}
