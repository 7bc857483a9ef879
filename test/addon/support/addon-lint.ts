/**
 * The Home Assistant add-on linter (frenck/action-addon-linter) in Node: its
 * JSON schema for config.yaml (vendor/ha-addon-schema/config.schema.json,
 * draft-07) plus the further rules its lint.py applies, as listed in
 * vendor/ha-addon-schema/SOURCE.txt. Returns the problems, one sentence each.
 */
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';

const SCHEMA_PATH = new URL('../../../vendor/ha-addon-schema/config.schema.json', import.meta.url);
const DEPRECATED_ARCHES = ['armhf', 'armv7', 'i386'];

interface PropertySchema {
  default?: unknown;
}

function loadSchema(): { properties: Record<string, PropertySchema> } {
  // The schema's patterns use Python's named groups; JavaScript spells them (?<name>...).
  return JSON.parse(readFileSync(SCHEMA_PATH, 'utf8').replaceAll('(?P<', '(?<'));
}

const schema = loadSchema();
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats.default(ajv);
const validateSchema = ajv.compile(schema);

function mapEntries(map: unknown): string[] {
  if (!Array.isArray(map)) return [];
  return map.map((entry) =>
    typeof entry === 'string' ? entry.split(':')[0]! : String((entry as { type?: unknown }).type),
  );
}

/**
 * supervisor/apps/options.py RE_SCHEMA_ELEMENT: the option types the Supervisor knows (checked by apps/validate.py
 * SCHEMA_ELEMENT).
 */
const RE_SCHEMA_ELEMENT = new RegExp(
  '^(?:' +
    '|bool|email|url|port' +
    '|device(?:\\((?<filter>subsystem=[a-z]+)\\))?' +
    '|str(?:\\((?<s_min>\\d+)?,(?<s_max>\\d+)?\\))?' +
    '|password(?:\\((?<p_min>\\d+)?,(?<p_max>\\d+)?\\))?' +
    '|int(?:\\((?<i_min>-?\\d+)?,(?<i_max>-?\\d+)?\\))?' +
    '|float(?:\\((?<f_min>-?\\d*\\.?\\d+)?,(?<f_max>-?\\d*\\.?\\d+)?\\))?' +
    '|match\\((?<match>.*)\\)' +
    '|list\\((?<list>.+)\\)' +
    ')\\??$',
);

export function lintAddonConfig(config: Record<string, unknown>): string[] {
  const problems: string[] = [];
  if (!validateSchema(config)) {
    for (const err of validateSchema.errors ?? [])
      problems.push(`${err.instancePath || '/'} ${err.message}${err.params ? ` ${JSON.stringify(err.params)}` : ''}`);
  }
  for (const [key, value] of Object.entries(config)) {
    const property = schema.properties[key];
    if (property && 'default' in property && JSON.stringify(property.default) === JSON.stringify(value)) {
      problems.push(`'${key}' should be removed, it uses a default value`);
    }
  }
  for (const arch of Array.isArray(config.arch) ? config.arch : []) {
    if (DEPRECATED_ARCHES.includes(arch as string))
      problems.push(`architecture '${arch}' is deprecated since Home Assistant 2025.12`);
  }
  if (config.ingress === true) {
    if ('webui' in config) problems.push("'webui' should be removed, Ingress is enabled");
    if (config.ingress_port === 0 && config.host_network !== true)
      problems.push("'ingress_port' 0 is only for add-ons on the host network");
  }
  if ('watchdog' in config) problems.push("'watchdog' is obsolete, use a Docker HEALTHCHECK");
  for (const key of ['codenotary', 'auto_uart']) if (key in config) problems.push(`'${key}' is deprecated`);
  if ('tmpfs' in config && typeof config.tmpfs !== 'boolean') problems.push("'tmpfs' must be a boolean");
  if (Array.isArray(config.devices) && config.devices.some((d) => typeof d !== 'string' || !d.startsWith('/'))) {
    problems.push("'devices' must be a list of device paths");
  }
  if (config.backup === 'cold' && ('backup_pre' in config || 'backup_post' in config)) {
    problems.push("'backup_pre' and 'backup_post' are invalid with cold backups");
  }
  // Beyond the linter, the Supervisor's own check of the options schema (apps/validate.py).
  for (const [key, type] of Object.entries((config.schema ?? {}) as Record<string, unknown>)) {
    const single = Array.isArray(type) ? type[0] : type;
    if (typeof single !== 'string' || !RE_SCHEMA_ELEMENT.test(single))
      problems.push(`schema '${key}': '${String(single)}' is no option type the Supervisor knows`);
    else if (/^match\(/.test(single)) {
      try {
        new RegExp(single.slice('match('.length, single.endsWith('?') ? -2 : -1));
      } catch {
        problems.push(`schema '${key}': the match() pattern is no regular expression`);
      }
    }
  }
  if ('advanced' in config) problems.push("'advanced' is deprecated and ignored");
  const maps = mapEntries(config.map);
  if (maps.includes('config'))
    problems.push("'map' with 'config' is replaced by 'homeassistant_config' or 'addon_config'");
  return problems;
}
