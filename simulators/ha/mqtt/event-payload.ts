/**
 * What HA's MQTT event entity makes of a message on its state topic
 * (`components/mqtt/event.py` `MqttEvent._event_received`, then
 * `components/event/__init__.py` `EventEntity._trigger_event`): a retained
 * message is ignored (a replay, not an event), the value template renders the
 * payload, an empty one (or `None`, `{}`) is ignored, the rest must be a JSON
 * object whose `event_type` is one of the entity's `event_types`; its other
 * keys become the event's attributes, as they are. Each refusal is what HA
 * logs.
 */
import { isObject, pyRepr, type Json, type JsonObject } from '../schema.js';
import type { ValueTemplate } from './value-template.js';

export type EventPayloadOutcome =
  | { kind: 'event'; eventType: string; attributes: JsonObject }
  | { kind: 'ignored'; level: 'debug' | 'warning'; log: string };

const DEFAULT = Symbol('PayloadSentinel.DEFAULT');

export function eventFromPayload(
  message: { topic: string; payload: string; retain: boolean },
  entity: { entityId: string; eventTypes: readonly string[]; valueTemplate: ValueTemplate | null },
): EventPayloadOutcome {
  const { topic } = message;
  if (message.retain)
    return {
      kind: 'ignored',
      level: 'debug',
      log: `Ignoring event trigger from replayed retained payload '${message.payload}' on topic ${topic}`,
    };
  const payload = entity.valueTemplate ? entity.valueTemplate.render(message.payload, DEFAULT) : message.payload;
  if (payload === DEFAULT || payload === '' || payload === 'None' || payload === '{}')
    return {
      kind: 'ignored',
      level: 'debug',
      log: `Ignoring empty payload '${String(payload)}' after rendering for topic ${topic}`,
    };
  const rendered = String(payload);
  let attributes: JsonObject;
  try {
    const parsed = JSON.parse(rendered) as Json;
    if (!isObject(parsed)) throw new SyntaxError('not an object');
    attributes = parsed;
  } catch {
    return {
      kind: 'ignored',
      level: 'warning',
      log: `No valid JSON event payload detected, value after processing payload '${rendered}' on topic ${topic}`,
    };
  }
  if (!Object.hasOwn(attributes, 'event_type'))
    return {
      kind: 'ignored',
      level: 'warning',
      log: `\`event_type\` missing in JSON event payload, '${rendered}' on topic ${topic}`,
    };
  const raw = attributes['event_type']!;
  const eventType = typeof raw === 'string' ? raw : pyRepr(raw);
  delete attributes['event_type'];
  if (!entity.eventTypes.includes(eventType))
    return {
      kind: 'ignored',
      level: 'warning',
      log: `Invalid event type ${eventType} for ${entity.entityId} received on topic ${topic}, payload ${rendered}`,
    };
  return { kind: 'event', eventType, attributes };
}

/** `EventEntity.state`: the time of the last event, `isoformat(timespec="milliseconds")` in UTC. */
export function eventStateTime(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+00:00');
}
