/**
 * The part of HA's Jinja templates MQTT value templates use to pick a field
 * out of a payload: literal text around `{{ value }}` and `{{ value_json.a.b }}`
 * / `{{ value_json['a'][0] }}` lookups. Rendered as
 * `Template.async_render_with_possible_json_value` (`helpers/template`) does:
 * `value` is the payload, `value_json` its JSON when it parses, an undefined
 * lookup renders as an empty text, a lookup on something undefined is a
 * template error (logged by HA, which then returns the payload itself or the
 * caller's error value), and the result is stripped (a template without
 * expressions is returned as it is). Anything else (filters,
 * statements, other variables) is refused when the config is read, so a
 * config the simulator cannot render never passes for one it can.
 */
import { pyRepr, type Json } from '../schema.js';

export class TemplateUnsupported extends Error {}

type Accessor = string | number;
type Part = { text: string } | { variable: 'value' | 'value_json'; path: Accessor[] };

const ACCESSOR = /^\s*(?:\.\s*([A-Za-z_]\w*)|\[\s*(?:'([^']*)'|"([^"]*)"|(\d+))\s*\])/;

function parseExpression(source: string): Part {
  const head = /^\s*(value_json|value)\b/.exec(source);
  if (!head) throw new TemplateUnsupported(`the simulator renders only value and value_json lookups: {{${source}}}`);
  const path: Accessor[] = [];
  let rest = source.slice(head[0].length);
  for (let m = ACCESSOR.exec(rest); m; m = ACCESSOR.exec(rest)) {
    path.push(m[4] !== undefined ? Number(m[4]) : (m[1] ?? m[2] ?? m[3])!);
    rest = rest.slice(m[0].length);
  }
  if (rest.trim() !== '')
    throw new TemplateUnsupported(`the simulator renders only value and value_json lookups: {{${source}}}`);
  return { variable: head[1] as 'value' | 'value_json', path };
}

/** Jinja's `str()` of a value in the output (Python's, so `True`, `None`, dict reprs). */
function pyStr(value: Json): string {
  return typeof value === 'string' ? value : pyRepr(value);
}

export class ValueTemplate {
  private readonly parts: Part[] = [];

  /** Throws TemplateUnsupported for a template outside the simulated subset. */
  constructor(readonly source: string) {
    if (/\{%|\{#/.test(source)) throw new TemplateUnsupported(`the simulator renders no template statements`);
    let rest = source;
    while (rest) {
      const open = rest.indexOf('{{');
      if (open < 0) {
        this.parts.push({ text: rest });
        break;
      }
      const close = rest.indexOf('}}', open);
      if (close < 0) throw new TemplateUnsupported(`unexpected end of template`);
      if (open > 0) this.parts.push({ text: rest.slice(0, open) });
      this.parts.push(parseExpression(rest.slice(open + 2, close)));
      rest = rest.slice(close + 2);
    }
  }

  /**
   * `async_render_with_possible_json_value(payload, error_value)`: the
   * rendered text, or on a template error `errorValue` (the payload itself
   * when none is given, as HA returns it).
   */
  render(payload: string, errorValue?: symbol): string | symbol {
    // A template without expressions is static: HA returns its text untouched.
    if (this.parts.every((part) => 'text' in part)) return this.source;
    let json: Json | undefined;
    try {
      json = JSON.parse(payload) as Json;
    } catch {
      json = undefined;
    }
    let out = '';
    for (const part of this.parts) {
      if ('text' in part) {
        out += part.text;
        continue;
      }
      let current: Json | undefined = part.variable === 'value' ? payload : json;
      for (const key of part.path) {
        // A lookup on Jinja's Undefined raises UndefinedError.
        if (current === undefined) return errorValue ?? payload;
        current = lookup(current, key);
      }
      out += current === undefined ? '' : pyStr(current);
    }
    return out.trim();
  }
}

/** Jinja's `getattr`/`getitem` on a decoded JSON value: undefined when there is no such item. */
function lookup(value: Json, key: Accessor): Json | undefined {
  if (Array.isArray(value)) return typeof key === 'number' ? value[key] : undefined;
  if (typeof value === 'object' && value !== null && typeof key === 'string' && Object.hasOwn(value, key))
    return value[key];
  return undefined;
}
