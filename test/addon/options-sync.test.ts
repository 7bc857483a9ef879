/**
 * The add-on's options, its schema and its translations follow the
 * companion's settings table (src/companion/config/config.ts): a setting added there
 * fails here until the add-on offers it, or it is excluded below with a reason.
 * The Supervisor shows translations/<language>.yaml in the user's language and
 * falls back to the option's bare key, so every language names every option.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { CountryCode } from 'plaid';
import { parse } from 'yaml';
import {
  BALANCE_ENDPOINTS,
  LOG_LEVELS,
  PLAID_ENVS,
  ON_OFF,
  SENSOR_TRANSPORTS,
  SETTINGS,
  type ServiceConfig as Config,
} from '../../src/companion/config/config.js';
import { loadConfig } from '../../src/companion/config/load-config.js';

const read = (path: string) =>
  parse(readFileSync(new URL(`../../plaid-balance-companion/${path}`, import.meta.url), 'utf8'));
const manifest = read('config.yaml') as { options: Record<string, unknown>; schema: Record<string, string | string[]> };
type Translation = { configuration: Record<string, { name?: string; description?: string }> };
const translations = read('translations/en.yaml') as Translation;
const languages = readdirSync(new URL('../../plaid-balance-companion/translations/', import.meta.url)).filter((f) =>
  f.endsWith('.yaml'),
);

/** Settings an add-on user never sets, and why. */
const NOT_ADDON_OPTIONS: Partial<Record<keyof Config, string>> = {
  haUrl: 'the Supervisor proxies Core at http://supervisor/core',
  haToken: 'the Supervisor hands the add-on SUPERVISOR_TOKEN',
  dataDir: '/data is the one folder the Supervisor keeps (and backs up) for an add-on',
  storeKeyFile: 'an add-on sees only /data and the folders it maps; a key file elsewhere cannot be mounted into it',
  healthFile: 'the image sets it (Dockerfile ENV) for its HEALTHCHECK',
};

const settings = Object.values(SETTINGS);
const addonSettings = settings.filter((s) => !(s.key in NOT_ADDON_OPTIONS));
const credentials = { plaid_client_id: 'cid', plaid_secret: 'sec-123456' };
const loadWithOptions = (options: Record<string, unknown>) =>
  loadConfig(
    { env: { SUPERVISOR_TOKEN: 'token' }, flags: {}, readOptions: () => JSON.stringify(options) },
    { require: ['ha', 'plaid'] },
  );

describe('add-on options follow the settings table', () => {
  it('every setting an add-on user sets is in the schema and has a label and a description', () => {
    for (const s of addonSettings) {
      assert.ok(
        s.option in manifest.schema,
        `config.yaml schema lacks ${s.option} (${s.env}); add it, or exclude it in NOT_ADDON_OPTIONS with a reason`,
      );
      const text = translations.configuration[s.option];
      assert.ok(text?.name && text.description, `translations/en.yaml lacks a name and description for ${s.option}`);
    }
  });

  it('the schema, the options and the translations name nothing the companion does not read', () => {
    const known = new Set(addonSettings.map((s) => s.option));
    for (const key of Object.keys(manifest.schema))
      assert.ok(known.has(key), `schema option ${key} is no companion setting`);
    for (const key of Object.keys(manifest.options)) assert.ok(key in manifest.schema, `option ${key} has no schema`);
    for (const key of Object.keys(translations.configuration))
      assert.ok(key in manifest.schema, `translation for unknown option ${key}`);
  });

  it('every translation names and describes the same options as translations/en.yaml', () => {
    assert.ok(languages.includes('de.yaml'), `the card speaks German, so the add-on does too: ${languages.join(', ')}`);
    for (const file of languages) {
      const other = read(`translations/${file}`) as Translation;
      assert.deepEqual(Object.keys(other.configuration), Object.keys(translations.configuration), `${file}: options`);
      for (const [option, text] of Object.entries(other.configuration)) {
        assert.ok(text.name && text.description, `${file} lacks a name and description for ${option}`);
        if (file !== 'en.yaml')
          assert.notEqual(
            text.description,
            translations.configuration[option]!.description,
            `${file}: ${option} left in English`,
          );
      }
    }
  });

  it('the defaults in config.yaml are the companion’s own', () => {
    assert.deepEqual(loadWithOptions({ ...credentials, ...manifest.options }), loadWithOptions(credentials));
  });

  it('every value a list() offers is one the companion accepts, and the lists are complete', () => {
    const lists: Record<string, readonly string[]> = {
      plaid_env: PLAID_ENVS,
      log_level: LOG_LEVELS,
      balance_endpoint: BALANCE_ENDPOINTS,
      plaid_country_codes: Object.values(CountryCode),
      sensor_transport: SENSOR_TRANSPORTS,
      transactions: ON_OFF,
    };
    for (const [option, type] of Object.entries(manifest.schema)) {
      const single = Array.isArray(type) ? type[0]! : type;
      const m = /^list\((.+)\)\??$/.exec(single);
      if (!m) continue;
      const values = m[1]!.split('|');
      assert.deepEqual(
        [...values].sort(),
        [...(lists[option] ?? [])].sort(),
        `${option}: the list and the companion's allowed values`,
      );
      for (const value of values)
        assert.doesNotThrow(
          () => loadWithOptions({ ...credentials, [option]: Array.isArray(type) ? [value] : value }),
          `${option}=${value}`,
        );
    }
  });

  it('the Plaid keys have no default, so the Supervisor asks for them; secrets are password fields', () => {
    for (const option of ['plaid_client_id', 'plaid_secret']) assert.ok(!(option in manifest.options), option);
    assert.equal(manifest.schema.plaid_secret, 'password');
    assert.equal(manifest.schema.store_key, 'password?');
  });
});
