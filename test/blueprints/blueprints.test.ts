/**
 * The automation blueprints in blueprints/ against what HA accepts and what
 * the companion publishes. HA's side: the blueprint schema
 * (components/blueprint/schemas.py), the selectors (helpers/selector.py) and
 * the automation syntax of 2024.10+ (components/automation/config.py:
 * `triggers:` with `trigger:`, `conditions:`, `actions:`). The companion's
 * side: real states, from sensor-states.ts as the REST transport writes them
 * and from discovery.ts's messages as HA's MQTT integration (the simulator's,
 * on Debian's Mosquitto) turns them into entities. A renamed attribute, entity
 * domain or device class fails here instead of in a user's automation.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import mqtt from 'mqtt';
import { parseDocument, type ScalarTag } from 'yaml';
import {
  balanceEntityId,
  itemStates,
  problemEntityId,
  type EntityState,
} from '../../src/companion/entities/sensor-states.js';
import { dueEntities } from '../../src/companion/entities/due-states.js';
import { companionMessages, itemMessages } from '../../src/companion/entities/mqtt/discovery.js';
import { ONLINE, STATUS_TOPIC } from '../../src/companion/entities/mqtt/topics.js';
import type { StoredItem } from '../../src/companion/store/token-store.js';
import {
  ACCOUNT_TYPES,
  BALANCE_KINDS,
  DueAttributesSchema,
  ITEM_STATUSES,
  LIABILITY_TYPES,
  PROJECT_URL,
} from '../../src/protocol/index.js';
import { startHaSim, type HaSim } from '../../simulators/ha/ha-server.js';
import { HA_RELEASE } from '../../simulators/ha/ha-release.js';
import { attachMqtt, type MqttIntegration } from '../../simulators/ha/mqtt/mqtt-integration.js';
import { Mosquitto } from '../../simulators/mosquitto/mosquitto.js';
import { storedItem } from '../companion/helpers/fixtures.js';
import { waitUntil } from '../companion/helpers/harness.js';

const ROOT = new URL('../../', import.meta.url);
const BLUEPRINT_DIR = 'blueprints/automation/plaid_balance';

// ---------------------------------------------------------------- reading

/** HA's `!input name` tag: the value of the named input, substituted when an automation uses the blueprint. */
class InputRef {
  constructor(readonly name: string) {}
}

const inputTag: ScalarTag = {
  tag: '!input',
  identify: (value) => value instanceof InputRef,
  resolve: (text) => new InputRef(text),
  stringify: (item) => String((item.value as InputRef).name),
};

type Obj = Record<string, unknown>;

interface Blueprint {
  path: string;
  file: string;
  doc: Obj;
}

function loadBlueprints(): Blueprint[] {
  const files = readdirSync(new URL(BLUEPRINT_DIR, ROOT)).filter((f) => f.endsWith('.yaml'));
  return files.sort().map((file) => {
    const path = `${BLUEPRINT_DIR}/${file}`;
    const parsed = parseDocument(readFileSync(new URL(path, ROOT), 'utf8'), { customTags: [inputTag] });
    assert.deepEqual([...parsed.errors, ...parsed.warnings], [], `${path} parses without errors or warnings`);
    return { path, file, doc: parsed.toJS() as Obj };
  });
}

const isObj = (v: unknown): v is Obj =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof InputRef);
const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);

/** Keys of `o` outside `allowed`, as problems. */
function extraKeys(where: string, o: Obj, allowed: readonly string[]): string[] {
  return Object.keys(o)
    .filter((k) => !allowed.includes(k))
    .map((k) => `${where}: extra key '${k}' not allowed`);
}

function requireKeys(where: string, o: Obj, required: readonly string[]): string[] {
  return required.filter((k) => !(k in o)).map((k) => `${where}: required key '${k}' missing`);
}

// ---------------------------------------------------------------- HA's blueprint schema

/** schemas.py's version_validator: `{major}.{minor}.{patch}`, each an integer. */
function versionProblems(where: string, v: unknown): string[] {
  if (typeof v !== 'string') return [`${where}: Version needs to be a string`];
  const parts = v.split('.');
  if (parts.length !== 3) return [`${where}: Version needs to be formatted as {major}.{minor}.{patch}`];
  return parts.every((p) => /^[+-]?\d+$/.test(p.trim())) ? [] : [`${where}: parts need to be integers`];
}

/**
 * Every selector type registered in HA's helpers/selector.py (plus the device
 * and state class selectors of 2026.9). Only the option keys of the types the
 * blueprints use are checked; a blueprint using another one fails until its
 * options are written down in SELECTOR_OPTIONS.
 */
const SELECTOR_TYPES = new Set([
  'action',
  'addon',
  'area',
  'assist_pipeline',
  'attribute',
  'backup_location',
  'boolean',
  'color_rgb',
  'color_temp',
  'condition',
  'config_entry',
  'constant',
  'conversation_agent',
  'country',
  'date',
  'datetime',
  'device',
  'device_class',
  'duration',
  'entity',
  'file',
  'floor',
  'icon',
  'label',
  'language',
  'location',
  'media',
  'number',
  'object',
  'qr_code',
  'select',
  'state',
  'state_class',
  'statistic',
  'target',
  'template',
  'text',
  'theme',
  'time',
  'trigger',
]);

const ENTITY_FILTER_KEYS = ['integration', 'domain', 'device_class', 'supported_features'];
const DEVICE_FILTER_KEYS = ['integration', 'manufacturer', 'model', 'model_id'];
const TEXT_TYPES = [
  'color',
  'date',
  'datetime-local',
  'email',
  'month',
  'number',
  'password',
  'search',
  'tel',
  'text',
].concat(['time', 'url', 'week']);

const NUMBER_KEYS = ['read_only', 'min', 'max', 'step', 'unit_of_measurement', 'mode', 'translation_key'];
const ENTITY_KEYS = [
  'read_only',
  'integration',
  'domain',
  'device_class',
  'exclude_entities',
  'include_entities',
].concat(['multiple', 'reorder', 'filter']);
const stringOrList = (v: unknown) =>
  typeof v === 'string' || (Array.isArray(v) && v.every((x) => typeof x === 'string'));

function filterProblems(where: string, value: unknown, keys: readonly string[]): string[] {
  return asList(value).flatMap((f, i) => {
    if (!isObj(f)) return [`${where}[${i}]: expected a dictionary`];
    const bad = Object.entries(f)
      .filter(([k, v]) => k !== 'integration' && k !== 'supported_features' && !stringOrList(v))
      .map(([k]) => `${where}[${i}].${k}: expected a string or a list of strings`);
    return [...extraKeys(`${where}[${i}]`, f, keys), ...bad];
  });
}

/** Option keys and their checks for the selectors the blueprints use (selector.py's CONFIG_SCHEMAs). */
const SELECTOR_OPTIONS: Record<string, (where: string, o: Obj) => string[]> = {
  entity: (where, o) => [
    ...extraKeys(where, o, ENTITY_KEYS),
    ...filterProblems(`${where}.filter`, o.filter, ENTITY_FILTER_KEYS),
    ...(['multiple', 'reorder', 'read_only'] as const)
      .filter((k) => k in o && typeof o[k] !== 'boolean')
      .map((k) => `${where}.${k}: expected a boolean`),
  ],
  device: (where, o) => [
    ...extraKeys(where, o, ['read_only', 'integration', 'manufacturer', 'model', 'entity', 'multiple', 'filter']),
    ...filterProblems(`${where}.filter`, o.filter, DEVICE_FILTER_KEYS),
    ...filterProblems(`${where}.entity`, o.entity, ENTITY_FILTER_KEYS),
  ],
  number: (where, o) => {
    const problems = extraKeys(where, o, NUMBER_KEYS);
    for (const k of ['min', 'max'] as const)
      if (k in o && typeof o[k] !== 'number') problems.push(`${where}.${k}: expected a number`);
    if ('step' in o && o.step !== 'any' && !(typeof o.step === 'number' && o.step >= 1e-3))
      problems.push(`${where}.step: 'any' or a number of at least 0.001`);
    if ('mode' in o && o.mode !== 'box' && o.mode !== 'slider') problems.push(`${where}.mode: box or slider`);
    const mode = o.mode ?? ('min' in o && 'max' in o ? 'slider' : 'box');
    if (mode === 'slider' && !('min' in o && 'max' in o))
      problems.push(`${where}: min and max are required in slider mode`);
    return [...new Set(problems)];
  },
  text: (where, o) => [
    ...extraKeys(where, o, ['read_only', 'multiline', 'prefix', 'suffix', 'type', 'autocomplete', 'multiple']),
    ...('type' in o && !TEXT_TYPES.includes(String(o.type)) ? [`${where}.type: unknown text type`] : []),
  ],
  time: (where, o) => extraKeys(where, o, ['read_only']),
};

function selectorProblems(where: string, selector: unknown): string[] {
  if (!isObj(selector)) return [`${where}: Expected a dictionary`];
  const types = Object.keys(selector);
  if (types.length !== 1) return [`${where}: Only one type can be specified. Found ${types.join(', ')}`];
  const type = types[0]!;
  if (!SELECTOR_TYPES.has(type)) return [`${where}: Unknown selector type ${type} found`];
  const check = SELECTOR_OPTIONS[type];
  if (!check) return [`${where}: the test knows no options of the ${type} selector yet; add them to SELECTOR_OPTIONS`];
  const options = selector[type] ?? {};
  return isObj(options) ? check(`${where}.${type}`, options) : [`${where}.${type}: expected a dictionary`];
}

/** A default the input's selector would refuse. */
function defaultProblems(where: string, input: Obj): string[] {
  if (!('default' in input) || !isObj(input.selector)) return [];
  const [[type, raw]] = Object.entries(input.selector) as [[string, unknown]];
  const options = isObj(raw) ? raw : {};
  const value = input.default;
  if (type === 'number') {
    if (typeof value !== 'number') return [`${where}.default: not a number`];
    if (typeof options.min === 'number' && value < options.min) return [`${where}.default: below min`];
    if (typeof options.max === 'number' && value > options.max) return [`${where}.default: above max`];
  }
  if (type === 'text' && typeof value !== 'string') return [`${where}.default: not a string`];
  // cv.time: HH:MM or HH:MM:SS.
  if (type === 'time' && !(typeof value === 'string' && /^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/.test(value)))
    return [`${where}.default: not a time of day`];
  return [];
}

const BLUEPRINT_KEYS = ['name', 'description', 'domain', 'source_url', 'author', 'homeassistant', 'input', 'discovery'];
const INPUT_KEYS = ['name', 'description', 'default', 'selector'];
const SECTION_KEYS = ['name', 'icon', 'description', 'collapsed', 'input'];

function inputProblems(where: string, input: unknown): string[] {
  if (input === null) return [];
  if (!isObj(input)) return [`${where}: expected a dictionary`];
  const strings = ['name', 'description']
    .filter((k) => k in input && typeof input[k] !== 'string')
    .map((k) => `${where}.${k}: expected a string`);
  return [
    ...extraKeys(where, input, INPUT_KEYS),
    ...strings,
    ...('selector' in input ? selectorProblems(`${where}.selector`, input.selector) : []),
    ...defaultProblems(where, input),
  ];
}

/** Input name → its definition, sections flattened (HA's unique_input_validator refuses a name used twice). */
function declaredInputs(blueprint: Obj): Map<string, Obj | null> {
  const inputs = new Map<string, Obj | null>();
  for (const [key, value] of Object.entries(isObj(blueprint.input) ? blueprint.input : {})) {
    const entries = isObj(value) && 'input' in value ? Object.entries((value.input as Obj) ?? {}) : [[key, value]];
    for (const [name, def] of entries as [string, Obj | null][]) {
      assert.ok(!inputs.has(name), `Duplicate use of input key ${name} in blueprint.`);
      inputs.set(name, def);
    }
  }
  return inputs;
}

/** schemas.py's BLUEPRINT_SCHEMA, as problems (empty: HA would load it). */
function blueprintSchemaProblems(doc: Obj): string[] {
  const b = doc.blueprint;
  if (!isObj(b)) return ['blueprint: required key missing or not a dictionary'];
  const problems = [
    ...requireKeys('blueprint', b, ['name', 'domain']),
    ...extraKeys('blueprint', b, BLUEPRINT_KEYS),
    ...['name', 'description', 'domain', 'author']
      .filter((k) => k in b && typeof b[k] !== 'string')
      .map((k) => `blueprint.${k}: expected a string`),
  ];
  if ('source_url' in b && !(typeof b.source_url === 'string' && URL.canParse(b.source_url)))
    problems.push('blueprint.source_url: expected a URL');
  if ('homeassistant' in b) {
    const ha = b.homeassistant;
    if (!isObj(ha)) problems.push('blueprint.homeassistant: expected a dictionary');
    else {
      problems.push(...extraKeys('blueprint.homeassistant', ha, ['min_version']));
      if ('min_version' in ha) problems.push(...versionProblems('blueprint.homeassistant.min_version', ha.min_version));
    }
  }
  if ('input' in b) {
    if (!isObj(b.input)) problems.push('blueprint.input: expected a dictionary');
    else
      for (const [key, value] of Object.entries(b.input)) {
        const where = `blueprint.input.${key}`;
        if (isObj(value) && 'input' in value) {
          problems.push(...extraKeys(where, value, SECTION_KEYS));
          if ('collapsed' in value && typeof value.collapsed !== 'boolean') problems.push(`${where}.collapsed: bool`);
          if (!isObj(value.input)) problems.push(`${where}.input: expected a dictionary`);
          else
            for (const [k, v] of Object.entries(value.input)) problems.push(...inputProblems(`${where}.input.${k}`, v));
        } else problems.push(...inputProblems(where, value));
      }
  }
  return problems;
}

// ---------------------------------------------------------------- the automation

/** Keys of automation/config.py's PLATFORM_SCHEMA (with script's mode keys); the pre-2024.10 singulars are refused. */
const AUTOMATION_KEYS = ['blueprint', 'id', 'alias', 'description', 'trace', 'initial_state'].concat([
  'triggers',
  'conditions',
  'variables',
  'trigger_variables',
  'actions',
  'mode',
  'max',
  'max_exceeded',
]);
const MODES = ['single', 'restart', 'queued', 'parallel'];
const COMMON_TRIGGER_KEYS = ['trigger', 'id', 'alias', 'enabled', 'variables'];
/** The trigger platforms the blueprints use, with their keys (components/homeassistant/triggers/). */
const TRIGGER_KEYS: Record<string, { required: string[]; optional: string[] }> = {
  numeric_state: { required: ['entity_id'], optional: ['attribute', 'value_template', 'below', 'above', 'for'] },
  state: { required: ['entity_id'], optional: ['attribute', 'from', 'to', 'not_from', 'not_to', 'for', 'match'] },
  time: { required: ['at'], optional: [] },
};
const CONDITION_KEYS: Record<string, { required: string[]; optional: string[] }> = {
  template: { required: ['value_template'], optional: ['alias', 'enabled'] },
};
/**
 * The actions the blueprints use: mobile_app's device action `notify` (mobile_app/device_action.py), and
 * helpers/config_validation.py's `repeat` (one of count, while, until, for_each, with a sequence) and `variables`.
 */
const COMMON_ACTION_KEYS = ['alias', 'enabled', 'continue_on_error'];
const MOBILE_APP_NOTIFY_KEYS = ['domain', 'type', 'device_id', 'message', 'title', 'data'];
const REPEAT_KINDS = ['count', 'while', 'until', 'for_each'];

function actionProblems(where: string, a: unknown): string[] {
  if (!isObj(a)) return [`${where}: expected a dictionary`];
  if ('service' in a) return [`${where}: 'service' is the pre-2024.8 key; use 'action'`];
  if (a.domain === 'mobile_app' && a.type === 'notify')
    return [
      ...requireKeys(where, a, ['device_id', 'message']),
      ...extraKeys(where, a, [...COMMON_ACTION_KEYS, ...MOBILE_APP_NOTIFY_KEYS]),
    ];
  if ('variables' in a)
    return [
      ...extraKeys(where, a, [...COMMON_ACTION_KEYS, 'variables']),
      ...(isObj(a.variables) ? [] : [`${where}.variables: expected a dictionary`]),
    ];
  if ('repeat' in a) {
    const repeat = a.repeat;
    if (!isObj(repeat)) return [`${where}.repeat: expected a dictionary`];
    const kinds = REPEAT_KINDS.filter((k) => k in repeat);
    return [
      ...extraKeys(where, a, [...COMMON_ACTION_KEYS, 'repeat']),
      ...extraKeys(`${where}.repeat`, repeat, [...REPEAT_KINDS, 'sequence']),
      ...requireKeys(`${where}.repeat`, repeat, ['sequence']),
      ...(kinds.length === 1 ? [] : [`${where}.repeat: exactly one of ${REPEAT_KINDS.join(', ')}`]),
      ...asList(repeat.sequence).flatMap((s, i) => actionProblems(`${where}.repeat.sequence[${i}]`, s)),
    ];
  }
  return [`${where}: an action unknown to this test`];
}

function automationProblems(doc: Obj): string[] {
  const problems = extraKeys('automation', doc, AUTOMATION_KEYS);
  for (const legacy of ['trigger', 'condition', 'action'])
    if (legacy in doc) problems.push(`automation: '${legacy}' is the pre-2024.10 key; use '${legacy}s'`);
  problems.push(...requireKeys('automation', doc, ['triggers', 'conditions', 'actions']));
  if ('mode' in doc && !MODES.includes(String(doc.mode))) problems.push(`automation.mode: one of ${MODES.join(', ')}`);
  if ('variables' in doc && !isObj(doc.variables)) problems.push('automation.variables: expected a dictionary');

  asList(doc.triggers).forEach((t, i) => {
    const where = `triggers[${i}]`;
    if (!isObj(t)) return problems.push(`${where}: expected a dictionary`);
    if ('platform' in t) problems.push(`${where}: 'platform' is the pre-2024.10 key; use 'trigger'`);
    const spec = TRIGGER_KEYS[String(t.trigger)];
    if (!spec) return problems.push(`${where}: trigger '${String(t.trigger)}' unknown to this test`);
    problems.push(
      ...requireKeys(where, t, spec.required),
      ...extraKeys(where, t, [...COMMON_TRIGGER_KEYS, ...spec.required, ...spec.optional]),
    );
    if (t.trigger === 'numeric_state' && !('below' in t) && !('above' in t))
      problems.push(`${where}: numeric_state needs below or above`);
    if (t.trigger === 'state' && !['from', 'to', 'not_from', 'not_to', 'attribute'].some((k) => k in t))
      problems.push(`${where}: a state trigger without from/to fires on every attribute change`);
  });

  asList(doc.conditions).forEach((c, i) => {
    const where = `conditions[${i}]`;
    if (!isObj(c)) return problems.push(`${where}: expected a dictionary`);
    const spec = CONDITION_KEYS[String(c.condition)];
    if (!spec) return problems.push(`${where}: condition '${String(c.condition)}' unknown to this test`);
    problems.push(
      ...requireKeys(where, c, spec.required),
      ...extraKeys(where, c, ['condition', ...spec.required, ...spec.optional]),
    );
  });

  asList(doc.actions).forEach((a, i) => problems.push(...actionProblems(`actions[${i}]`, a)));
  return problems;
}

/** Every `!input` in the automation (not in `blueprint:`), in document order. */
function inputRefs(value: unknown): InputRef[] {
  if (value instanceof InputRef) return [value];
  if (Array.isArray(value)) return value.flatMap(inputRefs);
  if (isObj(value)) return Object.values(value).flatMap(inputRefs);
  return [];
}

function automationBody(doc: Obj): Obj {
  return Object.fromEntries(Object.entries(doc).filter(([key]) => key !== 'blueprint'));
}

/** Every string of the automation and of its inputs' defaults: what HA renders as templates. */
function templates(doc: Obj): string[] {
  const strings = (v: unknown): string[] =>
    typeof v === 'string'
      ? [v]
      : Array.isArray(v)
        ? v.flatMap(strings)
        : isObj(v)
          ? Object.values(v).flatMap(strings)
          : [];
  const defaults = [...declaredInputs(doc.blueprint as Obj).values()].map((i) => i?.default);
  return [...strings(automationBody(doc)), ...strings(defaults)].filter((s) => /{{|{%/.test(s));
}

/** Attribute paths the templates read: `trigger.to_state.attributes.a.b`, `state_attr(x, 'a')`, `attributes['a']`. */
function attributeReads(doc: Obj): string[][] {
  const paths: string[][] = [];
  for (const t of templates(doc)) {
    for (const m of t.matchAll(/\battributes((?:\.[A-Za-z_]\w*)+)/g)) paths.push(m[1]!.slice(1).split('.'));
    for (const m of t.matchAll(/\battributes\[\s*['"](\w+)['"]\s*\]/g)) paths.push([m[1]!]);
    for (const m of t.matchAll(/\bstate_attr\(\s*[^,]+,\s*['"](\w+)['"]\s*\)/g)) paths.push([m[1]!]);
  }
  const seen = new Set<string>();
  return paths.filter((p) => !seen.has(p.join('.')) && !!seen.add(p.join('.')));
}

/** Literals templates compare an attribute with: `attributes.x == 'v'`, `attributes.x (not) in ['v', …]`. */
function attributeLiterals(doc: Obj): { attribute: string; values: string[]; list: boolean }[] {
  const found: { attribute: string; values: string[]; list: boolean }[] = [];
  for (const t of templates(doc)) {
    for (const m of t.matchAll(/\battributes\.(\w+)\s*(?:==|!=)\s*'([^']*)'/g))
      found.push({ attribute: m[1]!, values: [m[2]!], list: false });
    for (const m of t.matchAll(/\battributes\.(\w+)\s+(?:not\s+)?in\s+\[([^\]]*)\]/g))
      found.push({ attribute: m[1]!, values: [...m[2]!.matchAll(/'([^']*)'/g)].map((v) => v[1]!), list: true });
  }
  return found;
}

// ---------------------------------------------------------------- the companion's entities

/**
 * An Item that is fine, its credit card with a payment due (its due sensors), and one whose bank wants the
 * user to sign in again (its problem sensor on).
 */
const OK_ITEM: StoredItem = storedItem({
  due_dates: { status: 'ok', checked_at: '2025-01-01T00:00:00.000Z', error: null },
});
OK_ITEM.accounts[1]!.due = {
  next_payment_due_date: '2025-01-05',
  minimum_payment: 20,
  last_statement_balance: 410,
  last_statement_date: '2024-12-10',
  apr: 12.5,
  is_overdue: false,
};
const LOGIN_ITEM: StoredItem = storedItem({
  item_id: 'item-bbbb2222',
  institution_name: 'Second Wombat Credit Union',
  entity_label: 'Second Wombat Credit Union',
  status: 'login_required',
  error: { error_code: 'ITEM_LOGIN_REQUIRED', display_message: 'Your bank wants you to sign in again.' },
});
const ITEMS = [OK_ITEM, LOGIN_ITEM];

/** The kinds of companion entity a blueprint input is for, by entity id. */
const ENTITY_KINDS: Record<string, string[]> = {
  balance: ITEMS.flatMap((i) => i.accounts.flatMap((a) => a.kinds.map((k) => balanceEntityId(i, a, k)))),
  problem: ITEMS.map(problemEntityId),
  due_date: ITEMS.flatMap(dueEntities)
    .filter((e) => e.field === 'next_payment_due_date')
    .map((e) => e.entity_id),
};

/**
 * What each blueprint's entity inputs are for. A new blueprint (or entity
 * input) must say so here, so that its filters and the attributes it reads
 * are held to the companion's entities.
 */
const PURPOSE: Record<string, Record<string, keyof typeof ENTITY_KINDS>> = {
  'low_balance.yaml': { balance_sensors: 'balance' },
  'bank_needs_reconnecting.yaml': { problem_sensors: 'problem' },
  'payment_due.yaml': { due_sensors: 'due_date' },
};

/** Protocol values of the attributes templates compare with literals. */
const ATTRIBUTE_VALUES: Record<string, readonly string[]> = {
  item_status: ITEM_STATUSES,
  account_type: ACCOUNT_TYPES,
  balance_kind: BALANCE_KINDS,
};

interface HaState {
  transport: 'rest' | 'mqtt';
  entity_id: string;
  state: string;
  attributes: Obj;
  /** The entity registry's platform (the selector's `integration`); REST states have no registry entry. */
  integration: string | undefined;
}

function restStates(): HaState[] {
  return ITEMS.flatMap((i) => itemStates(i)).map((s: EntityState) => ({
    transport: 'rest' as const,
    entity_id: s.entity_id,
    state: s.state,
    attributes: s.attributes,
    integration: undefined,
  }));
}

/** The selector filters (legacy keys beside `filter`, and each `filter` entry) an entity must pass one of. */
function entityFilters(options: Obj): Obj[] {
  const legacy = Object.fromEntries(
    Object.entries(options).filter(([k]) => ['integration', 'domain', 'device_class'].includes(k)),
  );
  const filters = asList(options.filter).filter(isObj);
  if (filters.length === 0) return [legacy];
  return filters.map((f) => ({ ...legacy, ...f }));
}

function passes(state: HaState, filter: Obj): boolean {
  const domain = state.entity_id.split('.')[0]!;
  if ('domain' in filter && !asList(filter.domain).includes(domain)) return false;
  if ('device_class' in filter && !asList(filter.device_class).includes(state.attributes.device_class)) return false;
  if ('integration' in filter && filter.integration !== state.integration) return false;
  return true;
}

/** The value at `path`, `undefined` when a key is missing, `null` when a parent on the way is null. */
function at(attributes: Obj, path: readonly string[]): unknown {
  let value: unknown = attributes;
  for (const key of path) {
    if (value === null) return null;
    if (!isObj(value) || !Object.hasOwn(value, key)) return undefined;
    value = value[key];
  }
  return value;
}

// ---------------------------------------------------------------- the tests

describe('automation blueprints', () => {
  const blueprints = loadBlueprints();
  let broker: Mosquitto | undefined;
  let ha: HaSim | undefined;
  let integration: MqttIntegration;
  let states: HaState[] = [];

  before(async () => {
    broker = await Mosquitto.start();
    ha = await startHaSim();
    integration = await attachMqtt(ha, {
      url: broker.url,
      username: broker.homeassistant.username,
      password: broker.homeassistant.password,
    });
    const ctx = { prefix: integration.prefix, installationId: 'inst-1', version: '0.0.0-test' };
    const client = await mqtt.connectAsync(broker.url, {
      username: broker.companion.username,
      password: broker.companion.password,
    });
    const messages = [...ITEMS.flatMap((i) => itemMessages(i, ctx)), ...companionMessages(ITEMS, ctx)];
    for (const m of [...messages, { topic: STATUS_TOPIC, payload: ONLINE }])
      await client.publishAsync(m.topic, m.payload, { retain: true, qos: 1 });
    await client.endAsync();
    const ids = Object.values(ENTITY_KINDS).flat();
    const sim = ha;
    await waitUntil(
      'the MQTT entities, available with their attributes',
      () => ids.every((id) => sim.hass.states.get(id)?.attributes.plaid_item_id !== undefined),
      10_000,
    );
    const mqttStates: HaState[] = sim.hass.states.all().map((s) => ({
      transport: 'mqtt',
      entity_id: s.entityId,
      state: s.state,
      attributes: s.attributes as Obj,
      integration: sim.hass.entityRegistry.get(s.entityId)?.platform,
    }));
    states = [...restStates(), ...mqttStates];
  });

  after(async () => {
    await ha?.close();
    await broker?.stop();
  });

  it('finds the blueprints, and HA takes every companion entity they are for', () => {
    assert.deepEqual(
      blueprints.map((b) => b.file),
      ['bank_needs_reconnecting.yaml', 'low_balance.yaml', 'payment_due.yaml'],
    );
    assert.deepEqual(integration.errors, [], 'HA refused none of the discovery configs');
    for (const transport of ['rest', 'mqtt'])
      for (const id of Object.values(ENTITY_KINDS).flat())
        assert.ok(
          states.some((s) => s.transport === transport && s.entity_id === id),
          `${transport} state of ${id}`,
        );
  });

  for (const { path, file, doc } of blueprints) {
    describe(path, () => {
      const blueprint = doc.blueprint as Obj;

      it("passes HA's blueprint schema and selector schemas", () => {
        assert.deepEqual(blueprintSchemaProblems(doc), []);
        assert.equal(blueprint.domain, 'automation');
      });

      it('names its raw URL in this repository, its author and the HA release the project tests', () => {
        const raw = `${PROJECT_URL.replace('https://github.com/', 'https://raw.githubusercontent.com/')}/main/${path}`;
        assert.equal(blueprint.source_url, raw);
        assert.equal(typeof blueprint.author, 'string');
        const [major, minor] = HA_RELEASE.core.split('.');
        assert.deepEqual(blueprint.homeassistant, { min_version: `${major}.${minor}.0` });
        const readme = readFileSync(new URL('README.md', ROOT), 'utf8');
        const importUrl = 'https://my.home-assistant.io/redirect/blueprint_import/';
        const badge = `${importUrl}?blueprint_url=${encodeURIComponent(raw)}`;
        assert.ok(readme.includes(`(${badge})`), `README.md has the import badge link for ${file}`);
      });

      it("is an automation in HA's 2024.10+ syntax, each trigger, condition and action well-formed", () => {
        assert.deepEqual(automationProblems(automationBody(doc)), []);
      });

      it('uses every input it declares and declares every input it uses', () => {
        const declared = [...declaredInputs(blueprint).keys()].sort();
        const used = [...new Set(inputRefs(automationBody(doc)).map((r) => r.name))].sort();
        assert.ok(inputRefs(blueprint).length === 0, 'no !input inside blueprint:');
        assert.deepEqual(used, declared);
      });

      it("filters its entity inputs to the companion's entities, in both transports", () => {
        const purposes = PURPOSE[file];
        assert.ok(purposes, `${file} says in PURPOSE which companion entities its inputs are for`);
        const entityInputs = [...declaredInputs(blueprint)].filter(
          ([, d]) => isObj(d?.selector) && 'entity' in d.selector,
        );
        assert.deepEqual(entityInputs.map(([name]) => name).sort(), Object.keys(purposes).sort());
        for (const [name, def] of entityInputs) {
          const filters = entityFilters(((def!.selector as Obj).entity as Obj | null) ?? {});
          const meant = states.filter((s) => ENTITY_KINDS[purposes[name]!]!.includes(s.entity_id));
          for (const s of meant)
            assert.ok(
              filters.some((f) => passes(s, f)),
              `${name}'s selector offers the ${s.transport} entity ${s.entity_id} (${JSON.stringify(filters)})`,
            );
        }
      });

      it("reads only attributes the companion's entities have, and compares them with values they take", () => {
        const purposes = PURPOSE[file] ?? {};
        const meant = states.filter((s) => Object.values(purposes).some((k) => ENTITY_KINDS[k]!.includes(s.entity_id)));
        const reads = attributeReads(doc);
        assert.ok(reads.length > 0, 'the templates read attributes');
        for (const path of reads) {
          for (const s of meant)
            assert.notEqual(at(s.attributes, path), undefined, `${s.transport} ${s.entity_id} has ${path.join('.')}`);
          for (const transport of ['rest', 'mqtt'])
            assert.ok(
              meant.some((s) => s.transport === transport && at(s.attributes, path) != null),
              `some ${transport} entity has a value at ${path.join('.')}`,
            );
        }
        for (const { attribute, values, list } of attributeLiterals(doc)) {
          const allowed = ATTRIBUTE_VALUES[attribute];
          assert.ok(allowed, `the test knows the values of ${attribute}`);
          for (const v of values) assert.ok(allowed.includes(v), `${attribute} can be '${v}'`);
          // A list of account types is the debts a cash-account blueprint leaves out: the protocol's, exactly.
          if (list && attribute === 'account_type') assert.deepEqual([...values].sort(), [...LIABILITY_TYPES].sort());
        }
      });

      it("triggers on states the companion's entities take", () => {
        const purposes = PURPOSE[file] ?? {};
        for (const t of asList(automationBody(doc).triggers) as Obj[]) {
          if (t.trigger === 'time') {
            // A daily check: its time is the user's, from a time selector.
            const at = t.at instanceof InputRef ? declaredInputs(blueprint).get(t.at.name) : undefined;
            assert.ok(isObj(at?.selector) && 'time' in at.selector, 'the time trigger is at a time input');
            continue;
          }
          const input = (t.entity_id as InputRef).name;
          const meant = states.filter((s) => ENTITY_KINDS[purposes[input]!]!.includes(s.entity_id));
          assert.ok(meant.length > 0, `trigger's entities (${input}) are companion entities`);
          if (t.trigger === 'numeric_state')
            for (const transport of ['rest', 'mqtt'])
              assert.ok(
                meant.some((s) => s.transport === transport && s.state !== '' && Number.isFinite(Number(s.state))),
                `${input}: numeric ${transport} states`,
              );
          if (t.trigger === 'state')
            for (const key of ['from', 'to'] as const)
              for (const value of asList(t[key]))
                for (const transport of ['rest', 'mqtt'])
                  assert.ok(
                    meant.some((s) => s.transport === transport && s.state === value),
                    `a ${transport} ${input} entity can be '${String(value)}'`,
                  );
        }
      });

      if (Object.values(PURPOSE[file] ?? {}).includes('due_date'))
        it('reads only the due block (DueAttributesSchema), and the due date as the YYYY-MM-DD it parses', () => {
          const keys = Object.keys(DueAttributesSchema.schema);
          for (const path of attributeReads(doc)) assert.ok(keys.includes(path[0]!), `${path[0]} is in the due block`);
          assert.ok(
            templates(doc).some((t) => t.includes("strptime(states(entity_id), '%Y-%m-%d'")),
            'the template parses the state as YYYY-MM-DD',
          );
          const dates = states.filter((s) => ENTITY_KINDS.due_date!.includes(s.entity_id));
          assert.deepEqual(dates.map((s) => s.transport).sort(), ['mqtt', 'rest']);
          for (const s of dates) assert.match(s.state, /^\d{4}-\d{2}-\d{2}$/, `${s.transport} ${s.entity_id}`);
        });
    });
  }
});
