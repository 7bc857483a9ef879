// The companion's settings as one table (SETTINGS) plus its parsers: over
// 300 lines because each setting is a dozen declarative lines, and splitting
// the table would give it two homes.
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { CountryCode, Products } from 'plaid';
import { addonEnvironment, type AddonEnvironment } from './addon-environment.js';
import { parseDuration } from '../../protocol/duration.js';
import { ConfigError } from '../errors.js';
import { KEY_BYTES, parseKeyText, type StoreKeyOptions } from '../store/store-key.js';

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export const PLAID_ENVS = ['sandbox', 'production'] as const;
export type PlaidEnv = (typeof PLAID_ENVS)[number];
export const BALANCE_ENDPOINTS = ['accounts_get', 'balance_get'] as const;
export type BalanceEndpoint = (typeof BALANCE_ENDPOINTS)[number];
export const SENSOR_TRANSPORTS = ['auto', 'mqtt', 'rest'] as const;
export type SensorTransport = (typeof SENSOR_TRANSPORTS)[number];
export const DEFAULT_DISCOVERY_PREFIX = 'homeassistant';

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
  /** HEALTH_FILE: exists while connected to HA, for a container's HEALTHCHECK; null = none. */
  healthFile?: string | null;
  /** Running as a Home Assistant add-on (SUPERVISOR_TOKEN present). */
  addon: boolean;
  /** The add-on's token for the Supervisor API (its `mqtt` service); null outside an add-on. */
  supervisorToken?: string | null;
  /** SENSOR_TRANSPORT: how entities reach HA; absent = auto. */
  sensorTransport?: SensorTransport | null;
  /** MQTT_URL; null = none configured (the add-on may still get one from the Supervisor). */
  mqttUrl?: string | null;
  mqttUsername?: string | null;
  mqttPassword?: string | null;
  mqttDiscoveryPrefix?: string | null;
}

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
  addonEnv: AddonEnvironment;
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

function mqttUrl(raw: string, name: string): string {
  let url: URL | undefined;
  try {
    url = new URL(raw.trim());
  } catch {
    // reported below
  }
  if (!url || (url.protocol !== 'mqtt:' && url.protocol !== 'mqtts:') || !url.hostname) {
    // Not echoed: a URL may carry a password.
    throw new ConfigError(
      name,
      `${name} must be an mqtt:// or mqtts:// URL with a host, e.g. mqtt://192.168.1.10:1883`,
    );
  }
  if (url.username || url.password)
    throw new ConfigError(name, `${name} must not hold credentials: set MQTT_USERNAME and MQTT_PASSWORD instead`);
  return url.toString().replace(/\/+$/, '');
}

/** HA's discovery prefix: one or more topic levels without wildcards. */
function discoveryPrefix(raw: string, name: string): string {
  const v = raw.trim();
  if (!/^[^#+/\s]+(\/[^#+/\s]+)*$/.test(v))
    throw new ConfigError(
      name,
      `${name} must be an MQTT topic without wildcards or a trailing slash, e.g. homeassistant (got "${raw}")`,
    );
  return v;
}

/** HA's base URL: the companion adds `/api/...` itself, so a URL already ending in /api would ask for /api/api/... */
function haBaseUrl(raw: string, name: string): string {
  const url = httpUrl(raw, name);
  const path = new URL(url).pathname.replace(/\/+$/, '');
  if (/\/api(\/websocket)?$/.test(path)) {
    const base = url.replace(/\/api(\/websocket)?$/, '');
    throw new ConfigError(
      name,
      `${name} must be Home Assistant's base URL without ${path.slice(path.lastIndexOf('/api'))}: set it to ${base}`,
    );
  }
  return url;
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
      throw new ConfigError(name, `${name} must be a comma-separated list of ${values.join(', ')} (got "${raw}")`);
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
  if (!key)
    throw new ConfigError(
      name,
      `${name} must be a ${KEY_BYTES}-byte key, base64 (44 characters) or hex (64 characters); create one with: openssl rand -base64 32`,
    );
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
    defaultValue: (c) => (c.addon ? c.addonEnv.haUrl : undefined),
    parse: haBaseUrl,
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
    defaultValue: (c) => (c.addon ? c.addonEnv.dataDir : join(c.home, '.plaid-balance-companion')),
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
  healthFile: {
    key: 'healthFile',
    flag: 'health-file',
    env: 'HEALTH_FILE',
    option: 'health_file',
    group: 'general',
    defaultValue: () => undefined,
    parse: nonEmpty,
    allowed: 'a file path that exists while connected to Home Assistant (for a container HEALTHCHECK)',
  },
  sensorTransport: {
    key: 'sensorTransport',
    flag: 'sensor-transport',
    env: 'SENSOR_TRANSPORT',
    option: 'sensor_transport',
    group: 'general',
    defaultValue: () => 'auto',
    parse: oneOf(SENSOR_TRANSPORTS),
    allowed: SENSOR_TRANSPORTS.join(' | '),
  },
  mqttUrl: {
    key: 'mqttUrl',
    flag: 'mqtt-url',
    env: 'MQTT_URL',
    option: 'mqtt_url',
    group: 'general',
    defaultValue: () => undefined,
    parse: mqttUrl,
    allowed: 'an mqtt:// or mqtts:// URL of the broker',
  },
  mqttUsername: {
    key: 'mqttUsername',
    flag: 'mqtt-username',
    env: 'MQTT_USERNAME',
    option: 'mqtt_username',
    group: 'general',
    defaultValue: () => undefined,
    parse: nonEmpty,
    allowed: "the broker account's user name",
  },
  mqttPassword: {
    key: 'mqttPassword',
    flag: 'mqtt-password',
    env: 'MQTT_PASSWORD',
    option: 'mqtt_password',
    group: 'general',
    defaultValue: () => undefined,
    parse: nonEmpty,
    allowed: "the broker account's password",
  },
  mqttDiscoveryPrefix: {
    key: 'mqttDiscoveryPrefix',
    flag: 'mqtt-discovery-prefix',
    env: 'MQTT_DISCOVERY_PREFIX',
    option: 'mqtt_discovery_prefix',
    group: 'general',
    defaultValue: () => DEFAULT_DISCOVERY_PREFIX,
    parse: discoveryPrefix,
    allowed: `an MQTT topic (default ${DEFAULT_DISCOVERY_PREFIX}), the discovery prefix set in HA's MQTT integration`,
  },
};

/** The store key settings as TokenStore and loadStoreKey take them. */
export function storeKeyOptions(config: Pick<Config, 'storeKey' | 'storeKeyFile'>): StoreKeyOptions {
  return { envKey: config.storeKey ?? null, keyFile: config.storeKeyFile ?? null };
}

export const CONFIG_FLAGS: readonly string[] = Object.values(SETTINGS).map((s) => s.flag);

/** The settings part of `--help`, one line per setting, from the table itself. */
export function settingsHelp(): string {
  const ctx: DefaultContext = { addon: false, supervisorToken: undefined, home: '~', addonEnv: addonEnvironment({}) };
  const rows = (Object.values(SETTINGS) as Setting<keyof Config>[]).map((s) => {
    const fallback = s.defaultValue(ctx);
    return {
      left: `--${s.flag} ${s.env}`,
      right: fallback === undefined ? s.allowed : `${s.allowed} (default ${fallback})`,
    };
  });
  const width = Math.max(...rows.map((r) => r.left.length)) + 2;
  return rows.map((r) => `  ${r.left.padEnd(width)}${r.right}`).join('\n');
}

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

function readAddonOptions(sources: ConfigSources, optionsPath: string): Record<string, unknown> {
  const read = sources.readOptions ?? (() => readFileSync(optionsPath, 'utf8'));
  let text: string;
  try {
    text = read();
  } catch (err) {
    // An add-on without options is fine: every setting may come from the environment.
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new ConfigError(optionsPath, `${optionsPath} cannot be read: ${(err as Error).message}`);
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed))
      return parsed as Record<string, unknown>;
  } catch {
    // reported below
  }
  throw new ConfigError(optionsPath, `${optionsPath} must hold a JSON object of add-on options`);
}

/**
 * Resolves every setting (first match wins: CLI flag, environment, add-on
 * options, default) and validates it. Throws a ConfigError naming the first
 * bad or missing setting the way the user spelled it.
 */
export function loadConfig(sources: ConfigSources, options: LoadOptions): Config {
  const { config, errors } = checkConfig(sources, options);
  if (errors[0]) throw errors[0].error;
  return config as Config;
}

export interface SettingError {
  key: keyof Config;
  error: ConfigError;
}

/**
 * Every setting checked, for `doctor`: the good ones resolved, and one error
 * per missing or bad setting (not only the first), so one run lists them all.
 */
export function checkConfig(
  sources: ConfigSources,
  options: LoadOptions,
): { config: Partial<Config>; errors: SettingError[] } {
  const supervisorToken = sources.env.SUPERVISOR_TOKEN?.trim() || undefined;
  const addon = supervisorToken !== undefined;
  const addonEnv = addonEnvironment(sources.env);
  const addonOptions = addon ? readAddonOptions(sources, addonEnv.optionsPath) : {};
  const ctx: DefaultContext = { addon, supervisorToken, home: sources.home ?? homedir(), addonEnv };
  const out: Partial<Record<keyof Config, unknown>> = { addon, supervisorToken: supervisorToken ?? null };
  const errors: SettingError[] = [];
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
        // In the add-on the user sets options, not environment variables: name the option.
        const where = addon
          ? `the add-on option ${setting.option}`
          : `the environment variable ${setting.env} or --${setting.flag}`;
        const message = `${setting.env} is not set: set ${where} to ${setting.allowed}`;
        errors.push({ key: setting.key, error: new ConfigError(setting.env, message) });
        continue;
      }
      out[setting.key] = setting.group === 'general' ? null : '';
      continue;
    }
    try {
      out[setting.key] = setting.parse(raw, name);
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      errors.push({ key: setting.key, error: err });
      continue;
    }
    if (setting.key === 'pollIntervalMs') poll = { raw, name };
  }
  // Plaid's real API is not polled more than once a minute; a simulator (PLAID_BASE_URL) may be.
  if (
    poll &&
    (out.pollIntervalMs as number) < MIN_POLL_INTERVAL_S * 1000 &&
    !out.plaidBaseUrl &&
    !errors.some((e) => e.key === 'plaidBaseUrl')
  ) {
    delete out.pollIntervalMs;
    errors.push({ key: 'pollIntervalMs', error: pollIntervalError(poll.raw, poll.name) });
  }
  return { config: out as Partial<Config>, errors };
}
