/**
 * The parsers of the settings table (config.ts): each takes a setting's raw
 * text and the name the user set it by, and returns its value or throws a
 * one-line ConfigError naming the setting that way.
 */
import { parseDuration } from '../../protocol/duration.js';
import { ConfigError } from '../errors.js';
import { KEY_BYTES, parseKeyText } from '../store/store-key.js';

export type SettingParser<T> = (raw: string, name: string) => T;

export const MIN_POLL_INTERVAL_S = 60;
/** With PLAID_BASE_URL (a simulator or proxy) shorter polls are allowed, for tests and the demo. */
export const MIN_POLL_INTERVAL_SIMULATED_S = 1;

export function oneOf<T extends string>(values: readonly T[]): SettingParser<T> {
  return (raw, name) => {
    const v = raw.trim().toLowerCase();
    if ((values as readonly string[]).includes(v)) return v as T;
    throw new ConfigError(name, `${name} must be one of ${values.join(', ')} (got "${raw}")`);
  };
}

export function listOf<T extends string>(values: readonly T[], upper: boolean): SettingParser<T[]> {
  return (raw, name) => {
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

export function httpUrl(raw: string, name: string): string {
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

/** HA's base URL: the companion adds `/api/...` itself, so a URL already ending in /api would ask for /api/api/... */
export function haBaseUrl(raw: string, name: string): string {
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

export function mqttUrl(raw: string, name: string): string {
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
export function discoveryPrefix(raw: string, name: string): string {
  const v = raw.trim();
  if (!/^[^#+/\s]+(\/[^#+/\s]+)*$/.test(v))
    throw new ConfigError(
      name,
      `${name} must be an MQTT topic without wildcards or a trailing slash, e.g. homeassistant (got "${raw}")`,
    );
  return v;
}

export function nonEmpty(raw: string, name: string): string {
  const v = raw.trim();
  // The value itself is never echoed: these settings are credentials.
  if (!v) throw new ConfigError(name, `${name} is empty; set it to the value from your account`);
  return v;
}

export function pollIntervalError(raw: string, name: string): ConfigError {
  return new ConfigError(
    name,
    `${name} must be a duration of at least ${MIN_POLL_INTERVAL_S} seconds, in seconds or like 30m, 1h (got "${raw}")`,
  );
}

/** In milliseconds. Checked again once PLAID_BASE_URL is known: below MIN_POLL_INTERVAL_S only with it. */
export function pollInterval(raw: string, name: string): number {
  const ms = parseDuration(raw);
  if (ms === null || ms < MIN_POLL_INTERVAL_SIMULATED_S * 1000) throw pollIntervalError(raw, name);
  return ms;
}

export function storeKey(raw: string, name: string): Buffer {
  const key = parseKeyText(raw);
  // Never echo the value: it is a key.
  const format = `a ${KEY_BYTES}-byte key, base64 (44 characters) or hex (64 characters)`;
  if (!key) throw new ConfigError(name, `${name} must be ${format}; create one with: openssl rand -base64 32`);
  return key;
}
