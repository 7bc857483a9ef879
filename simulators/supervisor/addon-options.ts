/**
 * The Supervisor's check of an add-on's options against its `schema`, before
 * every start (supervisor/apps/options.py `AppOptions`, called from
 * `App.write_options`): the user's options merged over the defaults in
 * config.yaml's `options`, unknown keys dropped, each value checked against
 * its type, a missing non-optional key refused. What passes is what
 * /data/options.json holds.
 */

export type OptionsSchema = Readonly<Record<string, string | readonly string[]>>;
export type Options = Record<string, unknown>;

/** Python's message texts, so a test can read the refusal the Supervisor would log. */
export class OptionsInvalid extends Error {
  override name = 'OptionsInvalid';
}

// RE_SCHEMA_ELEMENT, for the types this simulator checks (device, email and float are not used here).
const ELEMENT = new RegExp(
  String.raw`^(?:(bool)|(url)|(port)|(str|password)(?:\((\d+)?,(\d+)?\))?` +
    String.raw`|(int)(?:\((-?\d+)?,(-?\d+)?\))?|match\((.*)\)|list\((.+)\))\??$`,
);

function checkSingle(type: string, value: unknown, key: string, name: string): unknown {
  if (value === null || value === undefined) throw new OptionsInvalid(`Missing required option '${key}' in ${name}`);
  const m = ELEMENT.exec(type);
  if (!m) throw new OptionsInvalid(`Unknown type '${type}' in ${name}`);
  const [, bool, url, port, str, sMin, sMax, int, iMin, iMax, match, list] = m;
  const invalid = (what: string) =>
    new OptionsInvalid(`${what} for dictionary value @ data['${key}']. Got ${JSON.stringify(value)}`);
  if (str) {
    // vol.All(str, vol.Length(...)): a number is not a string to voluptuous either.
    if (typeof value !== 'string') throw invalid('expected str');
    if ((sMin && value.length < Number(sMin)) || (sMax && value.length > Number(sMax)))
      throw invalid('length of value is out of range');
    return value;
  }
  if (int) {
    const n = typeof value === 'number' ? value : Number.parseInt(String(value), 10);
    if (!Number.isInteger(n)) throw invalid('expected int');
    if ((iMin && n < Number(iMin)) || (iMax && n > Number(iMax))) throw invalid('value must be in range');
    return n;
  }
  if (bool) {
    if (typeof value === 'boolean') return value;
    const text = String(value).toLowerCase();
    if (['1', 'true', 'yes', 'on', 'enable'].includes(text)) return true;
    if (['0', 'false', 'no', 'off', 'disable'].includes(text)) return false;
    throw invalid('expected boolean');
  }
  if (url) {
    // vol.Url(): a scheme and a host.
    try {
      const parsed = new URL(String(value));
      if (!parsed.host) throw new Error('no host');
    } catch {
      throw invalid('expected a URL');
    }
    return value;
  }
  if (port) {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1 || n > 65535) throw invalid('value must be at most 65535');
    return n;
  }
  if (match !== undefined) {
    // vol.Match uses re.match: anchored at the start only. The value is str()-ed first.
    if (!new RegExp(`^(?:${match})`).test(String(value))) throw invalid(`does not match regular expression ${match}`);
    return String(value);
  }
  if (!list!.split('|').includes(String(value)))
    throw invalid(
      `value must be one of [${list!
        .split('|')
        .map((v) => `'${v}'`)
        .join(', ')}]`,
    );
  return String(value);
}

/** Validates `user` options (merged over `defaults`) as the Supervisor does; returns what it would write. */
export function validateOptions(schema: OptionsSchema, defaults: Options, user: Options, name: string): Options {
  const merged: Options = { ...defaults, ...user };
  const out: Options = {};
  for (const [key, value] of Object.entries(merged)) {
    const type = schema[key];
    // "Option '%s' does not exist in the schema": logged and dropped.
    if (type === undefined) continue;
    if (Array.isArray(type)) {
      if (!Array.isArray(value)) throw new OptionsInvalid(`Invalid list for option '${key}' in ${name}`);
      out[key] = value.map((v) => checkSingle(type[0]!, v, key, name));
    } else {
      out[key] = checkSingle(type as string, value, key, name);
    }
  }
  for (const [key, type] of Object.entries(schema)) {
    if (key in out) continue;
    const single = Array.isArray(type) ? type[0]! : (type as string);
    if (!single.endsWith('?')) throw new OptionsInvalid(`Missing option '${key}' in root in ${name}`);
  }
  return out;
}
