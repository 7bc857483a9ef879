/**
 * The companion's settings resolved from where the user set them: a CLI flag,
 * else the environment, else the add-on options, else the table's default
 * (config.ts), each checked by its parser.
 */
import { homedir } from 'node:os';
import { addonEnvironment, readAddonOptions } from './addon-environment.js';
import {
  SETTINGS,
  defaultOf,
  type DefaultContext,
  type ServiceConfig,
  type Setting,
  type StoreConfig,
} from './config.js';
import { MIN_POLL_INTERVAL_S, pollIntervalError } from './setting-parsers.js';
import { ConfigError } from '../errors.js';

export interface ConfigSources {
  flags: Readonly<Record<string, string>>;
  env: Readonly<Record<string, string | undefined>>;
  /** Reads the add-on options file; injectable for tests. */
  readOptions?: () => string;
  home?: string;
}

/** `require: []` loads what the store-only commands read; `['ha', 'plaid']` loads every setting and needs both. */
export interface LoadOptions {
  require: readonly [] | readonly ['ha', 'plaid'];
}

/** The raw text the user gave a setting and the name they gave it by: flag, else environment, else add-on option. */
function given(setting: Setting, sources: ConfigSources, options: Record<string, unknown>) {
  const flag = sources.flags[setting.flag];
  if (flag !== undefined) return { raw: flag, name: `--${setting.flag}` };
  const env = sources.env[setting.env];
  if (env) return { raw: env, name: setting.env };
  const option = options[setting.option];
  if (option === undefined || option === null || option === '') return undefined;
  return { raw: Array.isArray(option) ? option.join(',') : String(option), name: `${setting.option} (add-on option)` };
}

/**
 * Resolves every setting (first match wins: CLI flag, environment, add-on
 * options, default) and validates it. Throws a ConfigError naming the first
 * bad or missing setting the way the user spelled it.
 */
export function loadConfig(sources: ConfigSources, options: { require: readonly [] }): StoreConfig;
export function loadConfig(sources: ConfigSources, options: { require: readonly ['ha', 'plaid'] }): ServiceConfig;
export function loadConfig(sources: ConfigSources, options: LoadOptions): StoreConfig | ServiceConfig {
  const { config, errors } = resolveSettings(sources, options.require.length > 0);
  if (errors[0]) throw errors[0].error;
  return config as StoreConfig;
}

export interface SettingError {
  key: keyof ServiceConfig;
  error: ConfigError;
}

/**
 * Every setting checked, for `doctor`: the good ones resolved, and one error
 * per missing or bad setting (not only the first), so one run lists them all.
 */
export function checkConfig(sources: ConfigSources): { config: Partial<ServiceConfig>; errors: SettingError[] } {
  return resolveSettings(sources, true);
}

function resolveSettings(sources: ConfigSources, service: boolean) {
  const supervisorToken = sources.env.SUPERVISOR_TOKEN?.trim() || undefined;
  const addon = supervisorToken !== undefined;
  const addonEnv = addonEnvironment(sources.env);
  const addonOptions = addon ? readAddonOptions(addonEnv.optionsPath, sources.readOptions) : {};
  const ctx: DefaultContext = { addon, supervisorToken, home: sources.home ?? homedir(), addonEnv };
  const config: Partial<Record<keyof ServiceConfig, unknown>> = service
    ? { addon, supervisorToken: supervisorToken ?? null }
    : {};
  const errors: SettingError[] = [];
  let poll: { raw: string; name: string } | undefined;

  for (const setting of SETTINGS.filter((s) => service || s.inStoreConfig)) {
    const defaultRaw = defaultOf(setting, ctx);
    const fallback = defaultRaw === undefined ? undefined : { raw: defaultRaw, name: setting.env };
    const found = given(setting, sources, addonOptions) ?? fallback;
    if (!found && setting.required) {
      // In the add-on the user sets options, not environment variables: name the option.
      const where = addon
        ? `the add-on option ${setting.option}`
        : `the environment variable ${setting.env} or --${setting.flag}`;
      const message = `${setting.env} is not set: set ${where} to ${setting.allowed}`;
      errors.push({ key: setting.key, error: new ConfigError(setting.env, message) });
      continue;
    }
    try {
      config[setting.key] = found ? setting.parse(found.raw, found.name) : null;
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      errors.push({ key: setting.key, error: err });
      continue;
    }
    if (setting.key === 'pollIntervalMs') poll = found;
  }
  // Plaid's real API is not polled more than once a minute; a simulator (PLAID_BASE_URL) may be.
  const simulated = config.plaidBaseUrl || errors.some((e) => e.key === 'plaidBaseUrl');
  if (poll && (config.pollIntervalMs as number) < MIN_POLL_INTERVAL_S * 1000 && !simulated) {
    delete config.pollIntervalMs;
    errors.push({ key: 'pollIntervalMs', error: pollIntervalError(poll.raw, poll.name) });
  }
  return { config: config as Partial<ServiceConfig>, errors };
}
