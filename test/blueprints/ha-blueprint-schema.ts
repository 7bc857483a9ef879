/**
 * What HA accepts of an automation blueprint, as problems (an empty list: HA
 * would load it), for test/blueprints/blueprints.test.ts: the blueprint
 * schema (components/blueprint/schemas.py), the selectors
 * (helpers/selector.py) and the automation syntax of 2024.10+
 * (components/automation/config.py), plus what a blueprint's templates read.
 * Written from HA core's source for the keys the blueprints use. Over 300
 * lines because it is one schema, HA's, whose parts refer to each other.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { parseDocument, type ScalarTag } from 'yaml';

export const ROOT = new URL('../../', import.meta.url);
const BLUEPRINT_DIR = 'blueprints/automation/plaid_balance';

// ---------------------------------------------------------------- reading

/** HA's `!input name` tag: the value of the named input, substituted when an automation uses the blueprint. */
export class InputRef {
  constructor(readonly name: string) {}
}

const inputTag: ScalarTag = {
  tag: '!input',
  identify: (value) => value instanceof InputRef,
  resolve: (text) => new InputRef(text),
  stringify: (item) => String((item.value as InputRef).name),
};

export type Obj = Record<string, unknown>;

export interface Blueprint {
  path: string;
  file: string;
  doc: Obj;
}

export function loadBlueprints(): Blueprint[] {
  const files = readdirSync(new URL(BLUEPRINT_DIR, ROOT)).filter((f) => f.endsWith('.yaml'));
  return files.sort().map((file) => {
    const path = `${BLUEPRINT_DIR}/${file}`;
    const parsed = parseDocument(readFileSync(new URL(path, ROOT), 'utf8'), { customTags: [inputTag] });
    assert.deepEqual([...parsed.errors, ...parsed.warnings], [], `${path} parses without errors or warnings`);
    return { path, file, doc: parsed.toJS() as Obj };
  });
}

export const isObj = (v: unknown): v is Obj =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof InputRef);
export const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);

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
export function declaredInputs(blueprint: Obj): Map<string, Obj | null> {
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
export function blueprintSchemaProblems(doc: Obj): string[] {
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
  event: { required: ['event_type'], optional: ['event_data', 'context'] },
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

export function automationProblems(doc: Obj): string[] {
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
export function inputRefs(value: unknown): InputRef[] {
  if (value instanceof InputRef) return [value];
  if (Array.isArray(value)) return value.flatMap(inputRefs);
  if (isObj(value)) return Object.values(value).flatMap(inputRefs);
  return [];
}

export function automationBody(doc: Obj): Obj {
  return Object.fromEntries(Object.entries(doc).filter(([key]) => key !== 'blueprint'));
}

/** Every string of the automation and of its inputs' defaults: what HA renders as templates. */
export function templates(doc: Obj): string[] {
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

/**
 * Attribute paths the templates read: `trigger.to_state.attributes.a.b`, `state_attr(x, 'a')`,
 * `map('state_attr', 'a')`, `attributes['a']`.
 */
export function attributeReads(doc: Obj): string[][] {
  const paths: string[][] = [];
  for (const t of templates(doc)) {
    for (const m of t.matchAll(/\battributes((?:\.[A-Za-z_]\w*)+)/g)) paths.push(m[1]!.slice(1).split('.'));
    for (const m of t.matchAll(/\battributes\[\s*['"](\w+)['"]\s*\]/g)) paths.push([m[1]!]);
    for (const m of t.matchAll(/\bstate_attr\(\s*[^,]+,\s*['"](\w+)['"]\s*\)/g)) paths.push([m[1]!]);
    for (const m of t.matchAll(/\bmap\(\s*['"]state_attr['"]\s*,\s*['"](\w+)['"]\s*\)/g)) paths.push([m[1]!]);
  }
  const seen = new Set<string>();
  return paths.filter((p) => !seen.has(p.join('.')) && !!seen.add(p.join('.')));
}

/** Literals templates compare an attribute with: `attributes.x == 'v'`, `attributes.x (not) in ['v', …]`. */
export function attributeLiterals(doc: Obj): { attribute: string; values: string[]; list: boolean }[] {
  const found: { attribute: string; values: string[]; list: boolean }[] = [];
  for (const t of templates(doc)) {
    for (const m of t.matchAll(/\battributes\.(\w+)\s*(?:==|!=)\s*'([^']*)'/g))
      found.push({ attribute: m[1]!, values: [m[2]!], list: false });
    for (const m of t.matchAll(/\battributes\.(\w+)\s+(?:not\s+)?in\s+\[([^\]]*)\]/g))
      found.push({ attribute: m[1]!, values: [...m[2]!.matchAll(/'([^']*)'/g)].map((v) => v[1]!), list: true });
  }
  return found;
}
