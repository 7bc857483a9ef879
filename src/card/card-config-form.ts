/**
 * The card's visual editor as HA draws its own: `static getConfigForm()`
 * returns this, and HA's card editor renders it with `ha-form` and HA's
 * selectors (frontend `hui-form-editor`). Labels and helpers come from the
 * card's translations; whether a config is valid is still decided by the
 * card's one schema (`assertConfig` → parseCardConfig), so a config the form
 * cannot hold sends HA's editor to YAML mode with the card's own message.
 */
import { RELEASE } from '../protocol/release.js';
import { TREND_OPTIONS } from './trend/period.js';
import { CARD_DEFAULTS, GROUP_BY_OPTIONS, SHOW_OPTIONS, parseCardConfig } from './card-config.js';
import { makeLocalize, type TranslationKey } from './localize.js';

interface FormField {
  name: string;
  selector: Record<string, unknown>;
  /** What HA's form shows while the key is unset: the card's own default. */
  default?: unknown;
}

export interface CardConfigForm {
  schema: FormField[];
  computeLabel: (field: { name: string }) => string | undefined;
  computeHelper: (field: { name: string }) => string | undefined;
  assertConfig: (config: unknown) => void;
}

const HELPERS: Record<string, TranslationKey> = {
  entities: 'editor.entities_helper',
  stale_after: 'editor.stale_after_helper',
};

interface SelectOption {
  value: string;
  label: string;
}

/** `language`: HA's UI language, which HA writes into `<html lang>`. */
export function cardConfigForm(language: string): CardConfigForm {
  const t = makeLocalize(language);
  const helpers: Record<string, string> = Object.fromEntries(
    Object.entries(HELPERS).map(([name, key]) => [name, t(key)]),
  );
  // HA's card editor has no place for a custom card's release: it follows what the card reads, under the accounts.
  helpers.entities = `${helpers.entities} ${t('editor.card_release', { version: RELEASE })}`;
  const labelled = (name: 'show' | 'group_by', values: readonly string[]): SelectOption[] =>
    values.map((value) => ({ value, label: t(`editor.${name}_${value}` as TranslationKey) }));
  const select = (name: 'show' | 'group_by' | 'trend', options: SelectOption[]): FormField => {
    // HA's drop-down shows nothing while its key is unset, so its helper names what the card does then.
    const option = options.find((o) => o.value === CARD_DEFAULTS[name])?.label ?? '';
    helpers[name] = t('editor.default_option', { option });
    return { name, default: CARD_DEFAULTS[name], selector: { select: { mode: 'dropdown', options } } };
  };
  // `default`: HA's form shows it while the key is unset (a switch's state, a text field's placeholder).
  return {
    schema: [
      { name: 'title', selector: { text: {} } },
      // The companion's balance sensors: monetary sensors (their binary_sensor problems are not offered).
      {
        name: 'entities',
        selector: { entity: { multiple: true, filter: { domain: 'sensor', device_class: 'monetary' } } },
      },
      select('show', labelled('show', SHOW_OPTIONS)),
      select('group_by', labelled('group_by', GROUP_BY_OPTIONS)),
      { name: 'total', default: CARD_DEFAULTS.total, selector: { boolean: {} } },
      { name: 'privacy', default: CARD_DEFAULTS.privacy, selector: { boolean: {} } },
      // Text, not HA's duration selector: the config keeps the short form ("6h") users write in YAML.
      { name: 'stale_after', default: CARD_DEFAULTS.stale_after, selector: { text: {} } },
      // Its own labels, not the card's "in 30 days" words: German says "30 Tage" alone but "in 30 Tagen".
      select(
        'trend',
        TREND_OPTIONS.map((value) => ({ value, label: t(`editor.trend_${value}`) })),
      ),
    ],
    computeLabel: (field) => t(`editor.${field.name}` as TranslationKey),
    computeHelper: (field) => helpers[field.name],
    assertConfig: (config) => void parseCardConfig(config),
  };
}
