/**
 * The registry websocket commands, as HA core's `components/config/`
 * `entity_registry.py`, `device_registry.py`, `area_registry.py`,
 * `floor_registry.py` and `label_registry.py` answer them (admin-only where
 * HA says `@require_admin`: the updates).
 */
import { Invalid, Unauthorized } from '../ha-errors.js';
import { isObject, str, validEntityId, type JsonObject, type Validator } from '../schema.js';
import { isAdmin } from '../users.js';
import type { Command, WsConnection } from '../websocket-connection.js';
import { areaDict, DEFAULT_AREAS } from './areas.js';
import { deviceDict } from './device-registry.js';
import { displayDict, ENTITY_CATEGORIES, extendedDict, partialDict } from './entity-registry.js';

const nullableStr: Validator = (v) => {
  if (v !== null && typeof v !== 'string') throw new Invalid('expected str');
  return v;
};
const nullableDict: Validator = (v) => {
  if (v !== null && !isObject(v)) throw new Invalid('expected dict');
  return v;
};
const strList: Validator = (v) => {
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) throw new Invalid('expected a list');
  return v;
};

function requireAdmin(conn: WsConnection): void {
  if (!conn.user || !isAdmin(conn.user)) throw new Unauthorized();
}

function knownArea(areaId: unknown): boolean {
  return areaId === null || DEFAULT_AREAS.some((a) => a.areaId === areaId);
}

export const REGISTRY_COMMANDS: Record<string, Command> = {
  'config/entity_registry/list': {
    schema: {},
    handler: (conn, msg) => conn.sendResult(msg.id, conn.hass.entityRegistry.all().map(partialDict)),
  },

  'config/entity_registry/list_for_display': {
    schema: {},
    handler: (conn, msg) =>
      conn.sendResult(msg.id, {
        entity_categories: Object.fromEntries(ENTITY_CATEGORIES.map((c, i) => [String(i), c])),
        entities: conn.hass.entityRegistry.all().map(displayDict),
      }),
  },

  'config/entity_registry/get': {
    schema: { entity_id: { required: true, validate: str } },
    handler: (conn, msg) => {
      const entry = conn.hass.entityRegistry.get(msg['entity_id'] as string);
      if (!entry) conn.sendError(msg.id, 'not_found', 'Entity not found');
      else conn.sendResult(msg.id, extendedDict(entry));
    },
  },

  'config/entity_registry/get_entries': {
    schema: { entity_ids: { required: true, validate: strList } },
    handler: (conn, msg) => {
      const ids = msg['entity_ids'] as string[];
      conn.sendResult(
        msg.id,
        Object.fromEntries(
          ids.map((id) => {
            const e = conn.hass.entityRegistry.get(id);
            return [id, e ? extendedDict(e) : null];
          }),
        ),
      );
    },
  },

  'config/entity_registry/update': {
    schema: {
      entity_id: { required: true, validate: str },
      name: { validate: nullableStr },
      icon: { validate: nullableStr },
      area_id: { validate: nullableStr },
      device_class: { validate: nullableStr },
      new_entity_id: { validate: str },
      labels: { validate: strList },
      aliases: { validate: strList },
      options_domain: { validate: str },
      options: { validate: nullableDict },
    },
    handler: (conn, msg) => {
      requireAdmin(conn);
      if ('options_domain' in msg !== 'options' in msg)
        throw new Invalid(
          "some but not all values in the same group of inclusion 'entity_option' @ data[<entity_option>]",
        );
      const hass = conn.hass;
      const entityId = msg['entity_id'] as string;
      const entry = hass.entityRegistry.get(entityId);
      if (!entry) {
        conn.sendError(msg.id, 'not_found', 'Entity not found');
        return;
      }
      const newId = msg['new_entity_id'] as string | undefined;
      if (newId !== undefined && newId !== entityId) {
        if (!validEntityId(newId) || newId.split('.')[0] !== entityId.split('.')[0]) {
          conn.sendError(msg.id, 'invalid_info', 'New entity ID should be same domain');
          return;
        }
        if (hass.entityRegistry.get(newId) || hass.states.get(newId)) {
          conn.sendError(msg.id, 'invalid_info', 'Entity with this ID is already registered');
          return;
        }
      }
      if ('area_id' in msg && !knownArea(msg['area_id'])) {
        conn.sendError(msg.id, 'invalid_info', 'Area does not exist');
        return;
      }
      const updated = hass.entityRegistry.update(entityId, {
        name: msg['name'] as string | null | undefined,
        icon: msg['icon'] as string | null | undefined,
        areaId: msg['area_id'] as string | null | undefined,
        deviceClass: msg['device_class'] as string | null | undefined,
        labels: msg['labels'] as string[] | undefined,
        aliases: msg['aliases'] as string[] | undefined,
        newEntityId: newId,
      });
      // After the other changes, under the new id when there is one, as HA's websocket_update_entity does.
      const answered =
        'options_domain' in msg
          ? hass.entityRegistry.updateOptions(
              updated.entityId,
              msg['options_domain'] as string,
              msg['options'] as JsonObject | null,
            )
          : updated;
      conn.sendResult(msg.id, { entity_entry: extendedDict(answered) });
    },
  },

  'config/device_registry/list': {
    schema: {},
    handler: (conn, msg) => conn.sendResult(msg.id, conn.hass.deviceRegistry.all().map(deviceDict)),
  },

  'config/device_registry/update': {
    schema: {
      device_id: { required: true, validate: str },
      area_id: { validate: nullableStr },
      name_by_user: { validate: nullableStr },
      labels: { validate: strList },
    },
    handler: (conn, msg) => {
      requireAdmin(conn);
      const hass = conn.hass;
      const deviceId = msg['device_id'] as string;
      if (!hass.deviceRegistry.get(deviceId)) {
        conn.sendError(msg.id, 'not_found', 'Device not found');
        return;
      }
      if ('area_id' in msg && !knownArea(msg['area_id'])) {
        conn.sendError(msg.id, 'invalid_info', 'Area does not exist');
        return;
      }
      const device = hass.deviceRegistry.update(deviceId, {
        areaId: msg['area_id'] as string | null | undefined,
        nameByUser: msg['name_by_user'] as string | null | undefined,
        labels: msg['labels'] as string[] | undefined,
      });
      conn.sendResult(msg.id, deviceDict(device));
    },
  },

  'config/area_registry/list': {
    schema: {},
    handler: (conn, msg) =>
      conn.sendResult(
        msg.id,
        DEFAULT_AREAS.map((a) => areaDict(a, conn.hass.startedAt)),
      ),
  },

  'config/floor_registry/list': {
    schema: {},
    handler: (conn, msg) => conn.sendResult(msg.id, []),
  },

  'config/label_registry/list': {
    schema: {},
    handler: (conn, msg) => conn.sendResult(msg.id, []),
  },
  /** `config/category_registry.py`: categories per scope (automations, scripts…); none here. */
  'config/category_registry/list': {
    schema: { scope: { required: true, validate: str } },
    handler: (conn, msg) => conn.sendResult(msg.id, []),
  },
};
