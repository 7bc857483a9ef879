import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { CountryCode, Products } from 'plaid';
import { parseDuration } from '../protocol/duration.js';
import { ConfigError } from './errors.js';
import { KEY_BYTES, parseKeyText } from './store-key.js';

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export const PLAID_ENVS = ['sandbox', 'production'] as const;
export type PlaidEnv = (typeof PLAID_ENVS)[number];
export const BALANCE_ENDPOINTS = ['accounts_get', 'balance_get'] as const;
export type BalanceEndpoint = (typeof BALANCE_ENDPOINTS)[number];

export interface Config {
  haUrl: string;
  haToken: string;
  plaidClientId: string;
  plaidSecret: string;
  plaidEnv: PlaidEnv;
  /** Overrides the environment's base URL (a simulator, a proxy). */
  plaidBaseUrl: string | null;
  plaidCountryCodes: CountryCode[];
  plaidProducts: Products[];
  pollIntervalMs: number;
  dataDir: string;
  logLevel: LogLevel;
  balanceEndpoint: BalanceEndpoint;
  /** STORE_KEY: the 32-byte key for the token store's encryption; null = use the key file. */
  storeKey?: Buffer | null;
  /** STORE_KEY_FILE: where the key file lives; null = `DATA_DIR/store.key`. */
  storeKeyFile?: string | null;
  /** Running as a Home Assistant add-on (SUPERVISOR_TOKEN present). */
  addon: boolean;
}

export const ADDON_OPTIONS_PATH = '/data/options.json';
export const ADDON_HA_URL = 'http://supervisor/core';
export const MIN_POLL_INTERVAL_S = 60;
/** With PLAID_BASE_URL (a simulator or proxy) shorter polls are allowed, for tests and the demo. */
export const MIN_POLL_INTERVAL_SIMULATED_S = 1;

/** Where one setting can come from, first match wins: flag, environment, add-on options, default. */
interface Setting<K extends keyof Config> {
  key: K;
  flag: string;
  env: string;
  option: string;
  /** Needed by the commands that talk to HA or Plaid; the store-only commands skip it. */
  group: 'ha' | 'plaid' | 'general';
  defaultValue: (ctx: DefaultContext) => string | undefined;
  parse: (raw: string, name: string) => Config[K];
  /** Text for docs and error messages: what values are allowed. */
  allowed: string;
}

interface DefaultContext {
  addon: boolean;
  supervisorToken: string | undefined;
  home: string;
}

function oneOf<T extends string>(values: readonly T[]) {
  return (raw: string, name: string): T => {
    const v = raw.trim().toLowerCase();
    if ((values as readonly string[]).includes(v)) return v as T;
    throw new ConfigError(name, `${name} must be one of ${values.join(', ')} (got "${raw}")`);
  };
}

function httpUrl(raw: string, name: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new ConfigError(name, `${name} must be an http:// or https:// URL (got "${raw}")`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(name, `${name} must be an http:// or https:// URL (got "${raw}")`);
  }
  return url.toString().replace(/\/+$/, '');
}

function nonEmpty(raw: string, name: string): string {
  const v = raw.trim();
  // The value itself is never echoed: these settings are credentials.
  if (!v) throw new ConfigError(name, `${name} is empty; set it to the value from your account`);
  return v;
}

function listOf<T extends string>(values: readonly T[], upper: boolean) {
  return (raw: string, name: string): T[] => {
    const parts = raw
      .split(',')
      .map((p) => (upper ? p.trim().toUpperCase() : p.trim().toLowerCase()))
      .filter(Boolean);
    const bad = parts.filter((p) => !(values as readonly string[]).includes(p));
    if (parts.length === 0 || bad.length > 0) {
      throw new ConfigError(
        name,
        `${name} must be a comma-separated list of ${values.join(', ')} (got "${raw}")`,
      );
    }
    return [...new Set(parts)] as T[];
  };
}

function pollIntervalError(raw: string, name: string): ConfigError {
  return new ConfigError(
    name,
    `${name} must be a duration of at least ${MIN_POLL_INTERVAL_S} seconds, in seconds or like 30m, 1h (got "${raw}")`,
  );
}

/** Checked again in loadConfig: below MIN_POLL_INTERVAL_S only with PLAID_BASE_URL. */
function pollInterval(raw: string, name: string): number {
  const ms = parseDuration(raw);
  if (ms === null || ms < MIN_POLL_INTERVAL_SIMULATED_S * 1000) throw pollIntervalError(raw, name);
  return ms;
}

function storeKey(raw: string, name: string): Buffer {
  const key = parseKeyText(raw);
  // Never echo the value: it is a key.
  if (!key) throw new ConfigError(name, `${name} must be a ${KEY_BYTES}-byte key, base64 (44 characters) or hex (64 characters); create one with: openssl rand -base64 32`);
  return key;
}

const COUNTRY_CODES = Object.values(CountryCode);
const PRODUCTS = Object.values(Products);

/** The one schema of the companion's settings; the README's companion settings table describes the same table. */
export const SETTINGS: { [K in keyof Config]?: Setting<K> } = {
  haUrl: {
    key: 'haUrl',
    flag: 'ha-url',
    env: 'HA_URL',
    option: 'ha_url',
    group: 'ha',
    defaultValue: (c) => (c.addon ? ADDON_HA_URL : undefined),
    parse: httpUrl,
    allowed: 'an http:// or https:// URL',
  },
  haToken: {
    key: 'haToken',
    flag: 'ha-token',
    env: 'HA_TOKEN',
    option: 'ha_token',
    group: 'ha',
    defaultValue: (c) => c.supervisorToken,
    parse: nonEmpty,
    allowed: 'a long-lived access token of an HA administrator',
  },
  plaidClientId: {
    key: 'plaidClientId',
    flag: 'plaid-client-id',
    env: 'PLAID_CLIENT_ID',
    option: 'plaid_client_id',
    group: 'plaid',
    defaultValue: () => undefined,
    parse: nonEmpty,
    allowed: 'the client_id from dashboard.plaid.com/developers/keys',
  },
  plaidSecret: {
    key: 'plaidSecret',
    flag: 'plaid-secret',
    env: 'PLAID_SECRET',
    option: 'plaid_secret',
    group: 'plaid',
    defaultValue: () => undefined,
    parse: nonEmpty,
    allowed: 'the secret for PLAID_ENV from dashboard.plaid.com/developers/keys',
  },
  plaidEnv: {
    key: 'plaidEnv',
    flag: 'plaid-env',
    env: 'PLAID_ENV',
    option: 'plaid_env',
    group: 'general',
    defaultValue: () => 'sandbox',
    parse: oneOf(PLAID_ENVS),
    allowed: PLAID_ENVS.join(' | '),
  },
  plaidBaseUrl: {
    key: 'plaidBaseUrl',
    flag: 'plaid-base-url',
    env: 'PLAID_BASE_URL',
    option: 'plaid_base_url',
    group: 'general',
    defaultValue: () => undefined,
    parse: httpUrl,
    allowed: 'an http:// or https:// URL',
  },
  plaidCountryCodes: {
    key: 'plaidCountryCodes',
    flag: 'plaid-country-codes',
    env: 'PLAID_COUNTRY_CODES',
    option: 'plaid_country_codes',
    group: 'general',
    defaultValue: () => 'US',
    parse: listOf(COUNTRY_CODES, true),
    allowed: `comma-separated ${COUNTRY_CODES.join(', ')}`,
  },
  plaidProducts: {
    key: 'plaidProducts',
    flag: 'plaid-products',
    env: 'PLAID_PRODUCTS',
    option: 'plaid_products',
    group: 'general',
    defaultValue: () => 'transactions',
    parse: listOf(PRODUCTS, false),
    allowed: 'comma-separated Plaid products',
  },
  pollIntervalMs: {
    key: 'pollIntervalMs',
    flag: 'poll-interval',
    env: 'POLL_INTERVAL',
    option: 'poll_interval',
    group: 'general',
    defaultValue: () => '1h',
    parse: pollInterval,
    allowed: `seconds or 30m / 1h, at least ${MIN_POLL_INTERVAL_S} s`,
  },
  dataDir: {
    key: 'dataDir',
    flag: 'data-dir',
    env: 'DATA_DIR',
    option: 'data_dir',
    group: 'general',
    defaultValue: (c) => (c.addon ? '/data' : join(c.home, '.plaid-balance-companion')),
    parse: nonEmpty,
    allowed: 'a directory path',
  },
  logLevel: {
    key: 'logLevel',
    flag: 'log-level',
    env: 'LOG_LEVEL',
    option: 'log_level',
    group: 'general',
    defaultValue: () => 'info',
    parse: oneOf(LOG_LEVELS),
    allowed: LOG_LEVELS.join(' | '),
  },
  balanceEndpoint: {
    key: 'balanceEndpoint',
    flag: 'balance-endpoint',
    env: 'BALANCE_ENDPOINT',
    option: 'balance_endpoint',
    group: 'general',
    defaultValue: () => 'accounts_get',
    parse: oneOf(BALANCE_ENDPOINTS),
    allowed: BALANCE_ENDPOINTS.join(' | '),
  },
  storeKey: {
    key: 'storeKey',
    flag: 'store-key',
    env: 'STORE_KEY',
    option: 'store_key',
    group: 'general',
    defaultValue: () => undefined,
    parse: storeKey,
    allowed: 'a 32-byte key, base64 or hex (openssl rand -base64 32)',
  },
  storeKeyFile: {
    key: 'storeKeyFile',
    flag: 'store-key-file',
    env: 'STORE_KEY_FILE',
    option: 'store_key_file',
    group: 'general',
    defaultValue: () => undefined,
    parse: nonEmpty,
    allowed: 'a file path (default DATA_DIR/store.key, created on first start)',
  },
};

export const CONFIG_FLAGS: readonly string[] = Object.values(SETTINGS).map((s) => s.flag);

export interface ConfigSources {
  flags: Readonly<Record<string, string>>;
  env: Readonly<Record<string, string | undefined>>;
  /** Reads the add-on options file; injectable for tests. */
  readOptions?: () => string;
  home?: string;
}

export interface LoadOptions {
  /** Which groups of settings must be present (the store-only commands need neither). */
  require: ReadonlyArray<'ha' | 'plaid'>;
}

function readAddonOptions(sources: ConfigSources): Record<string, unknown> {
  const read = sources.readOptions ?? (() => readFileSync(ADDON_OPTIONS_PATH, 'utf8'));
  let text: string;
  try {
    text = read();
  } catch (err) {
    // An add-on without options is fine: every setting may come from the environment.
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new ConfigError(ADDON_OPTIONS_PATH, `${ADDON_OPTIONS_PATH} cannot be read: ${(err as Error).message}`);
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // reported below
  }
  throw new ConfigError(ADDON_OPTIONS_PATH, `${ADDON_OPTIONS_PATH} must hold a JSON object of add-on options`);
}

/**
 * Resolves every setting (first match wins: CLI flag, environment, add-on
 * options, default) and validates it. Throws a ConfigError naming the first
 * bad or missing setting the way the user spelled it.
 */
export function loadConfig(sources: ConfigSources, options: LoadOptions): Config {
  const supervisorToken = sources.env.SUPERVISOR_TOKEN?.trim() || undefined;
  const addon = supervisorToken !== undefined;
  const addonOptions = addon ? readAddonOptions(sources) : {};
  const ctx: DefaultContext = { addon, supervisorToken, home: sources.home ?? homedir() };
  const out: Partial<Record<keyof Config, unknown>> = { addon };
  let poll: { raw: string; name: string } | undefined;

  for (const setting of Object.values(SETTINGS) as Setting<keyof Config>[]) {
    let raw: string | undefined;
    let name: string;
    const optionValue = addonOptions[setting.option];
    if (sources.flags[setting.flag] !== undefined) {
      raw = sources.flags[setting.flag];
      name = `--${setting.flag}`;
    } else if (sources.env[setting.env] !== undefined && sources.env[setting.env] !== '') {
      raw = sources.env[setting.env];
      name = setting.env;
    } else if (optionValue !== undefined && optionValue !== null && optionValue !== '') {
      raw = Array.isArray(optionValue) ? optionValue.join(',') : String(optionValue);
      name = `${setting.option} (add-on option)`;
    } else {
      raw = setting.defaultValue(ctx);
      name = setting.env;
    }
    if (raw === undefined) {
      if (setting.group !== 'general' && options.require.includes(setting.group)) {
        throw new ConfigError(
          setting.env,
          `${setting.env} is not set: set the environment variable ${setting.env} or --${setting.flag} to ${setting.allowed}`,
        );
      }
      out[setting.key] = setting.group === 'general' ? null : '';
      continue;
    }
    out[setting.key] = setting.parse(raw, name);
    if (setting.key === 'pollIntervalMs') poll = { raw, name };
  }
  // Plaid's real API is not polled more than once a minute; a simulator (PLAID_BASE_URL) may be.
  if (poll && (out.pollIntervalMs as number) < MIN_POLL_INTERVAL_S * 1000 && !out.plaidBaseUrl) {
    throw pollIntervalError(poll.raw, poll.name);
  }
  return out as Config;
}
