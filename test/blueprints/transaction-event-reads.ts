/**
 * What a blueprint's templates read of a transaction event, for
 * test/blueprints/blueprints.test.ts: the event's data is read as
 * `trigger.event.data.x` (the bus event), as an event entity's
 * `trigger.to_state.attributes.x`, or through a trigger variable bound to
 * either (`transaction: "{{ trigger.event.data }}"`, then `transaction.x`).
 */
import { asList, automationBody, isObj, templates, type Obj } from './ha-blueprint-schema.js';

const EVENT_DATA = /^{{\s*trigger\.(?:event\.data|(?:to|from)_state\.attributes)\b/;

/** Trigger variables bound to an event's data: `name: "{{ trigger.event.data }}"` and the like. */
export function eventDataVariables(doc: Obj): string[] {
  const names = asList(automationBody(doc).triggers)
    .filter(isObj)
    .flatMap((t) => Object.entries(isObj(t.variables) ? t.variables : {}))
    .filter(([, template]) => typeof template === 'string' && EVENT_DATA.test(template))
    .map(([name]) => name);
  return [...new Set(names)];
}

/** Every way the templates name an event's data: the bus event's, an event entity's attributes, a bound variable. */
function dataPrefixes(doc: Obj): string[] {
  const variables = eventDataVariables(doc).map((v) => `\\b${v}`);
  return ['\\btrigger\\.event\\.data', '\\btrigger\\.(?:to|from)_state\\.attributes', ...variables];
}

/** Keys the templates read of an event's data: `prefix.key` and `prefix['key']`. */
export function eventDataReads(doc: Obj): string[] {
  const keys = new Set<string>();
  for (const prefix of dataPrefixes(doc))
    for (const t of templates(doc)) {
      for (const m of t.matchAll(new RegExp(`${prefix}\\.([A-Za-z_]\\w*)`, 'g'))) keys.add(m[1]!);
      for (const m of t.matchAll(new RegExp(`${prefix}\\[\\s*['"](\\w+)['"]\\s*\\]`, 'g'))) keys.add(m[1]!);
    }
  return [...keys].sort();
}

/** The event types the templates compare `event_type` with: `== 'x'`, `!= 'x'`, `(not) in ['x', …]`. */
export function eventTypeLiterals(doc: Obj): string[] {
  const found: string[] = [];
  for (const prefix of dataPrefixes(doc))
    for (const t of templates(doc)) {
      const single = new RegExp(`${prefix}\\.event_type\\s*(?:==|!=)\\s*'([^']*)'`, 'g');
      for (const m of t.matchAll(single)) found.push(m[1]!);
      const list = new RegExp(`${prefix}\\.event_type\\s+(?:not\\s+)?in\\s+\\[([^\\]]*)\\]`, 'g');
      for (const m of t.matchAll(list)) found.push(...[...m[1]!.matchAll(/'([^']*)'/g)].map((v) => v[1]!));
    }
  return found;
}
