/**
 * A sensor's `last_reset` from its state topic's payload, as HA's MQTT sensor
 * reads it (`components/mqtt/sensor.py` `_update_last_reset`, with
 * `last_reset_value_template`): the template renders the payload (on a
 * template error HA logs it and goes on with the payload itself), an empty
 * result is ignored, the rest must parse as a datetime or is logged as
 * invalid; the attribute is the parsed time's `isoformat()`
 * (`SensorEntity.state_attributes`), offset kept as sent.
 */
import { parsePyDatetime, pyIsoformat } from '../ha-datetime.js';
import type { ValueTemplate } from './value-template.js';

export type LastResetOutcome = { kind: 'set'; lastReset: string } | { kind: 'ignored'; log: string };

export function lastResetFromPayload(topic: string, payload: string, template: ValueTemplate | null): LastResetOutcome {
  const rendered = template ? (template.render(payload) as string) : payload;
  if (!rendered) return { kind: 'ignored', log: `Ignoring empty last_reset message from '${topic}'` };
  const parsed = parsePyDatetime(rendered);
  if (!parsed) return { kind: 'ignored', log: `Invalid last_reset message '${payload}' from '${topic}'` };
  return { kind: 'set', lastReset: pyIsoformat(parsed) };
}
