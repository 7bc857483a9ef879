import type { BalanceKind } from './attributes.js';

/** HA object ids allow only lower-case a-z, 0-9 and single underscores. */
export function slugify(text: string): string {
  const slug = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return slug || 'unknown';
}

/** `sensor.plaid_<institution>_<mask>_<kind>`; no mask → first 6 characters of the account id. */
export function balanceSensorId(institutionName: string, mask: string | null, accountId: string, kind: BalanceKind): string {
  const tail = mask && mask.trim() ? mask : accountId.slice(0, 6);
  return `sensor.plaid_${slugify(institutionName)}_${slugify(tail)}_${kind}`;
}

export function problemSensorId(institutionName: string): string {
  return `binary_sensor.plaid_${slugify(institutionName)}_problem`;
}

/** The MQTT transport's per-Item diagnostics and control (REST mode has only the problem sensor). */
export function lastRefreshedSensorId(institutionName: string): string {
  return `sensor.plaid_${slugify(institutionName)}_last_refreshed`;
}

export function refreshButtonId(institutionName: string): string {
  return `button.plaid_${slugify(institutionName)}_refresh`;
}

export type TotalKind = 'net_worth' | 'assets' | 'liabilities';

/** The companion device's sensors: `sensor.plaid_net_worth_usd` and so on. */
export function totalSensorId(kind: TotalKind, currency: string): string {
  return `sensor.plaid_${kind}_${slugify(currency)}`;
}

export const CONNECTIVITY_SENSOR_ID = 'binary_sensor.plaid_connectivity';
