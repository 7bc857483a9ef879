import type { HassEntities, HassEntity } from 'home-assistant-js-websocket';
import {
  BALANCE_KINDS,
  isBalanceAttributes,
  ITEM_STATUSES,
  isLiabilityType,
  type BalanceKind,
  type ItemError,
  type ItemStatus,
} from '../protocol/attributes.js';

/** One bank account: its current and available sensors collapse into one. */
export interface Account {
  key: string;
  entityIds: Partial<Record<BalanceKind, string>>;
  /** What a tap opens in more-info. */
  primaryEntityId: string;
  itemId: string | null;
  institutionName: string | null;
  accountName: string | null;
  mask: string | null;
  type: string;
  currency: string | null;
  current: number | null;
  available: number | null;
  limit: number | null;
  /** The Item's `sensor.plaid_<institution>_last_refreshed`, whose state is the last good refresh. */
  lastRefreshedEntity: string | null;
  /** The last good refresh itself, from a companion older than 0.1.0 (no last-refreshed sensor). */
  lastRefreshed: string | null;
  itemStatus: ItemStatus | null;
  itemError: ItemError | null;
  /** Every sensor of the account is `unavailable`/`unknown`, or missing from HA. */
  unavailable: boolean;
  /** At least one sensor's attributes do not match the protocol's schema. */
  malformed: boolean;
  missing: boolean;
}

function numericState(entity: HassEntity | undefined): number | null {
  if (!entity || typeof entity.state !== 'string' || entity.state.trim() === '') return null;
  const n = Number(entity.state);
  return Number.isFinite(n) ? n : null;
}

const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

interface SensorReading {
  entityId: string;
  entity: HassEntity | undefined;
  kind: BalanceKind;
  accountKey: string;
  attrs: Record<string, unknown>;
  valid: boolean;
}

/**
 * HA keeps the identity of entity objects that did not change, and readings
 * and accounts are pure functions of them: cache both, so an update of one
 * sensor validates one sensor and hands every other row the same Account
 * object (which lets those rows skip their update).
 */
const readings = new WeakMap<HassEntity, SensorReading>();
const accounts = new WeakMap<SensorReading, { parts: SensorReading[]; account: Account }>();

function read(entityId: string, entity: HassEntity | undefined): SensorReading {
  if (!entity || typeof entity !== 'object') return readUncached(entityId, entity);
  const hit = readings.get(entity);
  if (hit && hit.entityId === entityId) return hit;
  const r = readUncached(entityId, entity);
  readings.set(entity, r);
  return r;
}

function readUncached(entityId: string, entity: HassEntity | undefined): SensorReading {
  const raw: Record<string, unknown> =
    entity && typeof entity.attributes === 'object' && entity.attributes ? entity.attributes : {};
  // HA or other tools may add attributes; only the protocol's block matters.
  const valid = isBalanceAttributes(raw);
  const kindAttr = raw.balance_kind;
  const kind: BalanceKind = (BALANCE_KINDS as readonly unknown[]).includes(kindAttr)
    ? (kindAttr as BalanceKind)
    : entityId.endsWith('_available')
      ? 'available'
      : 'current';
  const accountKey = text(raw.plaid_account_id) ?? entityId.replace(/_(current|available)$/, '');
  // An unavailable entity carries only HA's own attributes: nothing to validate.
  return {
    entityId,
    entity,
    kind,
    accountKey,
    attrs: raw,
    valid: (valid || entity?.state === 'unavailable') && !!entity,
  };
}

function isUnavailable(entity: HassEntity | undefined): boolean {
  return !entity || entity.state === 'unavailable' || entity.state === 'unknown';
}

function merge(readings: SensorReading[]): Account {
  const byKind: Partial<Record<BalanceKind, SensorReading>> = {};
  for (const r of readings) byKind[r.kind] ??= r;
  // Attributes are the same block on both sensors; prefer a valid one.
  const best = readings.find((r) => r.valid) ?? readings[0];
  const a = best.attrs;
  const status = a.item_status;
  const fromState = (kind: BalanceKind): number | null => numericState(byKind[kind]?.entity) ?? num(a[kind]);
  const itemError = a.item_error;
  return {
    key: best.accountKey,
    entityIds: Object.fromEntries(readings.map((r) => [r.kind, r.entityId])),
    primaryEntityId: (byKind.current ?? byKind.available ?? best).entityId,
    itemId: text(a.plaid_item_id),
    institutionName: text(a.institution_name),
    accountName: text(a.account_name) ?? text(a.friendly_name),
    mask: text(a.mask),
    type: text(a.account_type) ?? 'other',
    currency: text(a.unit_of_measurement),
    current: fromState('current'),
    available: fromState('available'),
    limit: num(a.limit),
    lastRefreshedEntity: text(a.last_refreshed_entity),
    lastRefreshed: text(a.last_refreshed),
    itemStatus: (ITEM_STATUSES as readonly unknown[]).includes(status) ? (status as ItemStatus) : null,
    itemError:
      itemError && typeof itemError === 'object' && typeof (itemError as ItemError).error_code === 'string'
        ? (itemError as ItemError)
        : null,
    unavailable: readings.every((r) => isUnavailable(r.entity)),
    malformed: readings.some((r) => r.entity && !r.valid),
    missing: readings.every((r) => !r.entity),
  };
}

/**
 * Builds accounts in the order their first sensor appears in `entityIds`.
 * Never throws: a sensor with missing or odd attributes still becomes a row.
 */
export function buildAccounts(states: HassEntities, entityIds: readonly string[]): Account[] {
  const groups = new Map<string, SensorReading[]>();
  for (const id of entityIds) {
    const r = read(id, states[id]);
    const list = groups.get(r.accountKey);
    if (list) list.push(r);
    else groups.set(r.accountKey, [r]);
  }
  return [...groups.values()].map(mergeCached);
}

function mergeCached(parts: SensorReading[]): Account {
  const hit = accounts.get(parts[0]);
  if (hit && hit.parts.length === parts.length && hit.parts.every((p, i) => p === parts[i])) return hit.account;
  const account = merge(parts);
  accounts.set(parts[0], { parts, account });
  return account;
}

/**
 * Every entity a row reads: the balance sensors and each Item's last-refreshed
 * sensor, which the companion may write after the balances (a freshly linked
 * bank's rows would keep "Never updated" until something else re-rendered them).
 */
export function entitiesReadByRows(balanceIds: readonly string[], accounts: readonly Account[]): readonly string[] {
  const lastRefreshed = new Set<string>();
  for (const a of accounts) if (a.lastRefreshedEntity) lastRefreshed.add(a.lastRefreshedEntity);
  return lastRefreshed.size ? [...balanceIds, ...lastRefreshed] : balanceIds;
}

export function isLiability(account: Pick<Account, 'type'>): boolean {
  return isLiabilityType(account.type);
}

export function needsReconnect(status: ItemStatus | null): boolean {
  return status === 'login_required' || status === 'pending_expiration';
}
