/**
 * The card's visual editor as HA draws its own: `static getConfigForm()`
 * returns this, and HA's card editor renders it with `ha-form` and HA's
 * selectors (frontend `hui-form-editor`). Labels and helpers come from the
 * card's translations; whether a config is valid is still decided by the
 * card's one schema (`assertConfig` → parseCardConfig), so a config the form
 * cannot hold sends HA's editor to YAML mode with the card's own message.
 */
import { TREND_OPTIONS } from './trend/period.js';
import { GROUP_BY_OPTIONS, SHOW_OPTIONS, parseCardConfig } from './card-config.js';
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

/** `language`: HA's UI language, which HA writes into `<html lang>`. */
export function cardConfigForm(language: string): CardConfigForm {
  const t = makeLocalize(language);
  const options = (name: 'show' | 'group_by', values: readonly string[]) =>
    values.map((value) => ({ value, label: t(`editor.${name}_${value}` as TranslationKey) }));
  return {
    schema: [
      { name: 'title', selector: { text: {} } },
      // The companion's balance sensors: monetary sensors (their binary_sensor problems are not offered).
      { name: 'entities', selector: { entity: { multiple: true, filter: { domain: 'sensor', device_class: 'monetary' } } } },
      { name: 'show', selector: { select: { mode: 'dropdown', options: options('show', SHOW_OPTIONS) } } },
      { name: 'group_by', selector: { select: { mode: 'dropdown', options: options('group_by', GROUP_BY_OPTIONS) } } },
      { name: 'total', default: true, selector: { boolean: {} } },
      { name: 'privacy', selector: { boolean: {} } },
      // Text, not HA's duration selector: the config keeps the short form ("6h") users write in YAML.
      { name: 'stale_after', selector: { text: {} } },
      {
        name: 'trend',
        selector: {
          select: {
            mode: 'dropdown',
            options: TREND_OPTIONS.map((value) => ({ value, label: t(value === 'none' ? 'editor.trend_none' : (`card.trend_${value}` as TranslationKey)) })),
          },
        },
      },
    ],
    computeLabel: (field) => t(`editor.${field.name}` as TranslationKey),
    computeHelper: (field) => (HELPERS[field.name] ? t(HELPERS[field.name]!) : undefined),
    assertConfig: (config) => void parseCardConfig(config),
  };
}
