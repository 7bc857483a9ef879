// The companion's settings as one table (SETTING_ROWS). A setting's flag,
// environment variable and add-on option follow from its key, the way
// zigbee2mqtt derives its variables from its schema: `plaidEnv` is
// --plaid-env, PLAID_ENV and plaid_env. Its value is checked by a parser of
// setting-parsers.ts; load-config.ts reads the settings from where they are set.
import { join } from 'node:path';
import { CountryCode, Products } from 'plaid';
import { addonEnvironment, type AddonEnvironment } from './addon-environment.js';
import {
  MIN_POLL_INTERVAL_S,
  discoveryPrefix,
  haBaseUrl,
  httpUrl,
  listOf,
  mqttUrl,
  nonEmpty,
  oneOf,
  pollInterval,
  storeKey,
  type SettingParser,
} from './setting-parsers.js';
import type { StoreKeyOptions } from '../store/store-key.js';

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export const PLAID_ENVS = ['sandbox', 'production'] as const;
export type PlaidEnv = (typeof PLAID_ENVS)[number];
export const BALANCE_ENDPOINTS = ['accounts_get', 'balance_get'] as const;
export type BalanceEndpoint = (typeof BALANCE_ENDPOINTS)[number];
export const SENSOR_TRANSPORTS = ['auto', 'mqtt', 'rest'] as const;
export type SensorTransport = (typeof SENSOR_TRANSPORTS)[number];
export const ON_OFF = ['on', 'off'] as const;
export type OnOff = (typeof ON_OFF)[number];

/** What the store-only commands (`list`, `rotate-key`) read. A setting left unset is null. */
export interface StoreConfig {
  dataDir: string;
  logLevel: LogLevel;
  /** The 32-byte key for the token store's encryption; null = use the key file. */
  storeKey: Buffer | null;
  /** Where the key file lives; null = `DATA_DIR/store.key`. */
  storeKeyFile: string | null;
}

/** What the service and the commands that talk to HA or Plaid read. A setting left unset is null. */
export interface ServiceConfig extends StoreConfig {
  haUrl: string;
  haToken: string;
  plaidClientId: string;
  plaidSecret: string;
  plaidEnv: PlaidEnv;
  /** Overrides the environment's base URL (a simulator, a proxy); null = Plaid's own. */
  plaidBaseUrl: string | null;
  plaidCountryCodes: CountryCode[];
  plaidProducts: Products[];
  pollIntervalMs: number;
  balanceEndpoint: BalanceEndpoint;
  /** Sync each Item's transactions (events, month figures, recent list); off: no calls, their entities removed. */
  transactions: OnOff;
  /** Exists while connected to HA, for a container's HEALTHCHECK; null = none. */
  healthFile: string | null;
  sensorTransport: SensorTransport;
  /** null = none configured (the add-on may still get one from the Supervisor). */
  mqttUrl: string | null;
  mqttUsername: string | null;
  mqttPassword: string | null;
  mqttDiscoveryPrefix: string;
  /** Running as a Home Assistant add-on (SUPERVISOR_TOKEN present). */
  addon: boolean;
  /** The add-on's token for the Supervisor API (its `mqtt` service); null outside an add-on. */
  supervisorToken: string | null;
}

/** What a user sets; `addon` and `supervisorToken` follow from the environment the Supervisor gives. */
type Settings = Omit<ServiceConfig, 'addon' | 'supervisorToken'>;

/** What a default may depend on: the add-on's environment, the user's home. */
export interface DefaultContext {
  addon: boolean;
  supervisorToken: string | undefined;
  home: string;
  addonEnv: AddonEnvironment;
}

interface SettingRow<T> {
  parse: SettingParser<NonNullable<T>>;
  /** Text for docs and error messages: what values are allowed. */
  allowed: string;
  /** Raw text used when the user sets nothing; none = null, or an error for a required setting. */
  default?: string | ((ctx: DefaultContext) => string | undefined);
  /** Needed by the commands that talk to HA or Plaid, which stop when it is missing. */
  required?: true;
  /** The name users know the setting by, when the key's own differs (it names the unit). */
  name?: string;
}

const COUNTRY_CODES = Object.values(CountryCode);
const PRODUCTS = Object.values(Products);
const PLAID_KEYS = 'from dashboard.plaid.com/developers/keys';

/** The one schema of the companion's settings, in `--help` order; the README's settings table lists the same. */
const SETTING_ROWS = {
  haUrl: {
    parse: haBaseUrl,
    allowed: 'an http:// or https:// URL',
    default: (c) => (c.addon ? c.addonEnv.haUrl : undefined),
    required: true,
  },
  haToken: {
    parse: nonEmpty,
    allowed: 'a long-lived access token of an HA administrator',
    default: (c) => c.supervisorToken,
    required: true,
  },
  plaidClientId: { parse: nonEmpty, allowed: `the client_id ${PLAID_KEYS}`, required: true },
  plaidSecret: { parse: nonEmpty, allowed: `the secret for PLAID_ENV ${PLAID_KEYS}`, required: true },
  plaidEnv: { parse: oneOf(PLAID_ENVS), allowed: PLAID_ENVS.join(' | '), default: 'sandbox' },
  plaidBaseUrl: { parse: httpUrl, allowed: 'an http:// or https:// URL' },
  plaidCountryCodes: {
    parse: listOf(COUNTRY_CODES, true),
    allowed: `comma-separated ${COUNTRY_CODES.join(', ')}`,
    default: 'US',
  },
  plaidProducts: { parse: listOf(PRODUCTS, false), allowed: 'comma-separated Plaid products', default: 'transactions' },
  pollIntervalMs: {
    name: 'pollInterval',
    parse: pollInterval,
    allowed: `seconds or 30m / 1h, at least ${MIN_POLL_INTERVAL_S} s`,
    default: '1h',
  },
  dataDir: {
    parse: nonEmpty,
    allowed: 'a directory path',
    default: (c) => (c.addon ? c.addonEnv.dataDir : join(c.home, '.plaid-balance-companion')),
  },
  logLevel: { parse: oneOf(LOG_LEVELS), allowed: LOG_LEVELS.join(' | '), default: 'info' },
  balanceEndpoint: { parse: oneOf(BALANCE_ENDPOINTS), allowed: BALANCE_ENDPOINTS.join(' | '), default: 'accounts_get' },
  transactions: { parse: oneOf(ON_OFF), allowed: ON_OFF.join(' | '), default: 'on' },
  storeKey: { parse: storeKey, allowed: 'a 32-byte key, base64 or hex (openssl rand -base64 32)' },
  storeKeyFile: { parse: nonEmpty, allowed: 'a file path (default DATA_DIR/store.key, created on first start)' },
  healthFile: {
    parse: nonEmpty,
    allowed: 'a file path that exists while connected to Home Assistant (for a container HEALTHCHECK)',
  },
  sensorTransport: { parse: oneOf(SENSOR_TRANSPORTS), allowed: SENSOR_TRANSPORTS.join(' | '), default: 'auto' },
  mqttUrl: { parse: mqttUrl, allowed: 'an mqtt:// or mqtts:// URL of the broker' },
  mqttUsername: { parse: nonEmpty, allowed: "the broker account's user name" },
  mqttPassword: { parse: nonEmpty, allowed: "the broker account's password" },
  mqttDiscoveryPrefix: {
    parse: discoveryPrefix,
    allowed: "an MQTT topic, the discovery prefix set in HA's MQTT integration",
    default: 'homeassistant',
  },
} satisfies { [K in keyof Settings]: SettingRow<Settings[K]> };

/** The settings the store-only commands read: exactly StoreConfig's keys. */
const STORE_SETTINGS: Record<keyof StoreConfig, true> = {
  dataDir: true,
  logLevel: true,
  storeKey: true,
  storeKeyFile: true,
};

/** A row of the table with the names it follows from its key. */
export interface Setting extends SettingRow<unknown> {
  key: keyof Settings;
  flag: string;
  env: string;
  option: string;
  /** Read by the store-only commands too: a key of StoreConfig. */
  inStoreConfig: boolean;
}

/** `pollInterval` → --poll-interval, POLL_INTERVAL, poll_interval. */
export function settingNames(name: string): Pick<Setting, 'flag' | 'env' | 'option'> {
  const words = name.split(/(?=[A-Z])/).map((w) => w.toLowerCase());
  return { flag: words.join('-'), env: words.join('_').toUpperCase(), option: words.join('_') };
}

export const SETTINGS: readonly Setting[] = Object.entries(SETTING_ROWS).map(
  ([key, row]: [string, SettingRow<unknown>]) => ({
    ...row,
    ...settingNames(row.name ?? key),
    key: key as keyof Settings,
    inStoreConfig: key in STORE_SETTINGS,
  }),
);

export const CONFIG_FLAGS: readonly string[] = SETTINGS.map((s) => s.flag);

/** The store key settings as TokenStore and loadStoreKey take them. */
export function storeKeyOptions(config: Pick<StoreConfig, 'storeKey' | 'storeKeyFile'>): StoreKeyOptions {
  return { envKey: config.storeKey, keyFile: config.storeKeyFile };
}

export function defaultOf(setting: Setting, ctx: DefaultContext): string | undefined {
  return typeof setting.default === 'function' ? setting.default(ctx) : setting.default;
}

/** The settings part of `--help`, one line per setting, from the table itself. */
export function settingsHelp(): string {
  const ctx: DefaultContext = { addon: false, supervisorToken: undefined, home: '~', addonEnv: addonEnvironment({}) };
  const rows = SETTINGS.map((s) => {
    const fallback = defaultOf(s, ctx);
    return {
      left: `--${s.flag} ${s.env}`,
      right: fallback === undefined ? s.allowed : `${s.allowed} (default ${fallback})`,
    };
  });
  const width = Math.max(...rows.map((r) => r.left.length)) + 2;
  return rows.map((r) => `  ${r.left.padEnd(width)}${r.right}`).join('\n');
}
