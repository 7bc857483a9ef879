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
