/**
 * The `hass` a dashboard hands a card, built in the page: 5 000 ordinary
 * entities plus the companion's balance sensors, with attributes exactly as
 * src/protocol/attributes.ts (BalanceAttributesSchema) describes them, their
 * banks' last-refreshed sensors; and HA's
 * registries as its frontend keeps them (`hass.entities`, `hass.devices`),
 * which the card reads on every render (display precision, the user's names).
 */
import type { HassEntities, HassEntity } from 'home-assistant-js-websocket';
import {
  ATTRIBUTION,
  balanceEntityName,
  balanceSensorId,
  DEVICE_IDENTIFIER_PREFIX,
  type BalanceAttributes,
} from '../../src/protocol/index.js';

export const INSTITUTIONS = ['Chase', 'Bank of America', 'Wells Fargo', 'Deutsche Bank', 'First Platypus Bank'];
const TYPES: Array<[type: string, subtype: string]> = [
  ['depository', 'checking'],
  ['depository', 'savings'],
  ['credit', 'credit card'],
  ['loan', 'mortgage'],
  ['investment', 'brokerage'],
];
const FRESH = new Date(Date.now() - 10 * 60_000).toISOString();

export interface Hass {
  states: HassEntities;
  language: string;
  locale: { language: string; number_format: string; time_format: string };
  themes: unknown;
  selectedTheme: unknown;
  user: { id: string; name: string; is_admin: boolean };
  entities?: unknown;
  devices?: unknown;
  [key: string]: unknown;
}

function ctx(id: string) {
  return { id: `ctx_${id}`, parent_id: null, user_id: null };
}

/** Ordinary HA entities (lights, sensors, switches) with a handful of attributes each. */
export function noiseEntity(i: number, state?: string): HassEntity {
  const domain = ['light', 'sensor', 'switch', 'binary_sensor', 'climate'][i % 5]!;
  const entity_id = `${domain}.noise_${i}`;
  return {
    entity_id,
    state: state ?? (domain === 'sensor' ? String(i % 37) : i % 2 ? 'on' : 'off'),
    attributes: {
      friendly_name: `Noise ${i}`,
      icon: 'mdi:lightbulb',
      supported_features: 0,
      ...(domain === 'sensor' ? { unit_of_measurement: '°C', device_class: 'temperature' } : {}),
    },
    last_changed: FRESH,
    last_updated: FRESH,
    context: ctx(entity_id),
  };
}

export interface BalanceSpec {
  institution: number;
  account: number;
  current: number;
}

export function balanceEntity(spec: BalanceSpec): HassEntity {
  const institution = INSTITUTIONS[spec.institution]!;
  const [type, subtype] = TYPES[spec.account % TYPES.length]!;
  const mask = String(1000 + spec.institution * 100 + spec.account);
  const accountId = `acc_${spec.institution}_${spec.account}_xxxxxxxxxxxxxxxxxxxxxxxx`;
  const entity_id = balanceSensorId(institution, mask, accountId, 'current');
  const available = type === 'depository' ? spec.current - 25 : type === 'credit' ? 5000 - spec.current : null;
  const attributes: BalanceAttributes = {
    friendly_name: `${institution} Account ${spec.account} balance`,
    device_class: 'monetary',
    state_class: 'total',
    unit_of_measurement: spec.institution === 3 ? 'EUR' : 'USD',
    icon: 'mdi:bank',
    attribution: ATTRIBUTION,
    plaid_balance: 1,
    plaid_item_id: `item_${spec.institution}_xxxxxxxxxxxxxxxxxxxxxxxxxxxx`,
    plaid_account_id: accountId,
    institution_id: `ins_${100 + spec.institution}`,
    institution_name: institution,
    account_name: `Account ${spec.account} (${subtype})`,
    official_name: `Plaid ${subtype} account ${spec.account}`,
    mask,
    account_type: type,
    account_subtype: subtype,
    balance_kind: 'current',
    current: spec.current,
    available,
    limit: type === 'credit' ? 5000 : null,
    last_refreshed_entity: `sensor.plaid_${institution.toLowerCase().replace(/[^a-z0-9]+/g, '_')}_last_refreshed`,
    item_status: 'ok',
    item_error: null,
  };
  return {
    entity_id,
    state: String(spec.current),
    attributes,
    last_changed: FRESH,
    last_updated: FRESH,
    context: ctx(entity_id),
  };
}

/** `accounts` balance sensors spread evenly over the five institutions. */
export function balanceSpecs(accounts: number): BalanceSpec[] {
  return Array.from({ length: accounts }, (_, i) => ({
    institution: i % INSTITUTIONS.length,
    account: Math.floor(i / INSTITUTIONS.length),
    current: 100 + i * 37.25,
  }));
}

/** Counts `recorder/statistics_during_period` requests, to prove unrelated updates send none. */
export const statisticsRequests = { count: 0 };

/** HA's answer shape: 30 daily rows per sensor, start/end in ms, only `state`. */
function statisticsAnswer(
  msg: { statistic_ids?: string[]; start_time?: string },
  states: HassEntities,
): Record<string, { start: number; end: number; state: number }[]> {
  statisticsRequests.count++;
  const day = 86_400_000;
  const start = Math.floor(Date.parse(msg.start_time ?? '') / day) * day;
  return Object.fromEntries(
    (msg.statistic_ids ?? []).map((id) => {
      const now = Number(states[id]?.state ?? 0);
      // Each sensor's own slope, whatever the order of the request's ids (HA's answer does not depend on it).
      const k = [...id].reduce((n, c) => n + c.charCodeAt(0), 0);
      return [
        id,
        Array.from({ length: 30 }, (_, i) => ({
          start: start + i * day,
          end: start + (i + 1) * day,
          state: now + (29 - i) * ((k % 5) - 2) * 7.5,
        })),
      ];
    }),
  );
}

export function buildHass(noise: number, accounts: number): { hass: Hass; balanceIds: string[]; specs: BalanceSpec[] } {
  const states: HassEntities = {};
  for (let i = 0; i < noise; i++) {
    const e = noiseEntity(i);
    states[e.entity_id] = e;
  }
  const specs = balanceSpecs(accounts);
  const balanceIds: string[] = [];
  for (const spec of specs) {
    const e = balanceEntity(spec);
    states[e.entity_id] = e;
    balanceIds.push(e.entity_id);
    // Each institution's last-refreshed sensor, so no row shows a staleness badge.
    const refreshed = String(e.attributes.last_refreshed_entity);
    states[refreshed] = { ...noiseEntity(0, FRESH), entity_id: refreshed };
  }
  const hass: Hass = {
    states,
    ...registries(states),
    language: 'en',
    locale: { language: 'en', number_format: 'language', time_format: 'language' },
    themes: { default_theme: 'default', themes: {}, darkMode: false },
    selectedTheme: null,
    user: { id: 'u_admin', name: 'Admin', is_admin: true },
    callWS: (msg: { type?: string; statistic_ids?: string[]; start_time?: string }) =>
      msg.type === 'recorder/statistics_during_period'
        ? Promise.resolve(statisticsAnswer(msg, states))
        : Promise.reject(new Error('no companion in the bench')),
    callService: () => Promise.resolve(),
    connection: { subscribeEvents: () => Promise.reject(new Error('no companion in the bench')) },
  };
  return { hass, balanceIds, specs };
}

/**
 * HA's `list_for_display` entries for every entity (an ordinary one on a
 * device of its own for every ten, as integrations do) and the device
 * registry. The balance sensors are the companion's MQTT entities as HA
 * registers them: one device per bank, the announced name, the suggested
 * precision. Built once: HA keeps both objects while the registries do not change.
 */
function registries(states: HassEntities): Pick<Hass, 'entities' | 'devices'> {
  const entities: Record<string, unknown> = {};
  const devices: Record<string, unknown> = {};
  let i = 0;
  for (const [entityId, e] of Object.entries(states)) {
    const a = e.attributes;
    if (a.plaid_balance === 1) {
      const device = `dev_${String(a.plaid_item_id)}`;
      devices[device] ??= {
        id: device,
        identifiers: [['mqtt', `${DEVICE_IDENTIFIER_PREFIX}${String(a.plaid_item_id)}`]],
        name: a.institution_name,
        name_by_user: null,
      };
      entities[entityId] = {
        entity_id: entityId,
        platform: 'mqtt',
        device_id: device,
        has_entity_name: true,
        name: balanceEntityName(String(a.account_name), 'current'),
        display_precision: 2,
        labels: [],
      };
    } else {
      const device = `dev_noise_${Math.floor(i++ / 10)}`;
      devices[device] ??= { id: device, identifiers: [['demo', device]], name: `Device ${device}`, name_by_user: null };
      entities[entityId] = {
        entity_id: entityId,
        platform: 'demo',
        device_id: device,
        has_entity_name: true,
        name: String(a.friendly_name ?? ''),
        labels: [],
      };
    }
  }
  return { entities, devices };
}

/** What HA does on a state change: a new `hass` and `states`; unchanged entities keep identity. */
export function nextHass(hass: Hass, changes: HassEntities): Hass {
  return { ...hass, states: { ...hass.states, ...changes } };
}
