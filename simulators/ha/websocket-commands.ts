/** The websocket commands (`websocket_api/commands.py`, `auth`, `config/auth`, `persistent_notification`). */
import { compressState, entitiesEvent } from './compressed-state.js';
import { Invalid, ServiceNotFound, ServiceValidationError, Unauthorized } from './ha-errors.js';
import { EVENT_STATE_CHANGED, MATCH_ALL, newContext } from './event-bus.js';
import { bool, dict, entityIds, isObject, positiveInt, str, target, type JsonObject } from './schema.js';
import { toStateObject } from './state-machine.js';
import { currentUserInfo, isAdmin, listedUserInfo, type User } from './users.js';
import type { Command, CommandMessage, WsConnection } from './websocket-connection.js';

/**
 * `homeassistant/auth/permissions/events.py` SUBSCRIBE_ALLOWLIST: the only
 * event types a non-admin may subscribe to. Custom events (the card's
 * `plaid_balance_*`) are admin-only.
 */
export const SUBSCRIBE_ALLOWLIST: ReadonlySet<string> = new Set([
  'area_registry_updated',
  'component_loaded',
  'core_config_updated',
  'device_registry_updated',
  'entity_registry_updated',
  'repairs_issue_registry_updated',
  'lovelace_updated',
  'panels_updated',
  'recorder_5min_statistics_generated',
  'recorder_hourly_statistics_generated',
  'service_registered',
  'service_removed',
  'shopping_list_updated',
  'state_changed',
  'themes_updated',
  'label_registry_updated',
  'category_registry_updated',
  'floor_registry_updated',
]);

function userOf(conn: WsConnection): User {
  if (!conn.user) throw new Error('command before auth');
  return conn.user;
}

function requireAdmin(conn: WsConnection): void {
  if (!isAdmin(userOf(conn))) throw new Unauthorized();
}

export const COMMANDS: Record<string, Command> = {
  ping: {
    schema: {},
    handler: (conn, msg) => conn.send({ id: msg.id, type: 'pong' }),
  },

  supported_features: {
    schema: {
      features: {
        required: true,
        validate: (v) => {
          const features = dict(v) as JsonObject;
          if (!Object.values(features).every((n) => Number.isInteger(n))) throw new Invalid('expected int');
          return features;
        },
      },
    },
    handler: (conn, msg) => {
      conn.setSupportedFeatures(msg['features'] as JsonObject);
      conn.sendResult(msg.id);
    },
  },

  get_states: {
    schema: {},
    handler: (conn, msg) => conn.sendResult(msg.id, conn.hass.states.all().map(toStateObject)),
  },

  get_config: {
    schema: {},
    handler: (conn, msg) => conn.sendResult(msg.id, conn.hass.configDict()),
  },

  get_services: {
    schema: {},
    handler: (conn, msg) => conn.sendResult(msg.id, conn.hass.services.descriptions()),
  },

  subscribe_events: {
    schema: { event_type: { validate: str } },
    handler: (conn, msg) => {
      const eventType = typeof msg['event_type'] === 'string' ? msg['event_type'] : MATCH_ALL;
      if (!SUBSCRIBE_ALLOWLIST.has(eventType) && !isAdmin(userOf(conn))) throw new Unauthorized();
      const unsubscribe = conn.hass.bus.listen(eventType, (event) => conn.sendEvent(msg.id, event));
      conn.subscriptions.set(msg.id, { command: msg.type, eventType, unsubscribe });
      conn.sendResult(msg.id);
    },
  },

  unsubscribe_events: {
    schema: { subscription: { required: true, validate: positiveInt } },
    handler: (conn, msg) => {
      const id = msg['subscription'] as number;
      const sub = conn.subscriptions.get(id);
      if (!sub) {
        conn.sendError(msg.id, 'not_found', 'Subscription not found.');
        return;
      }
      conn.subscriptions.delete(id);
      sub.unsubscribe();
      conn.sendResult(msg.id);
    },
  },

  subscribe_entities: {
    schema: { entity_ids: { validate: entityIds } },
    handler: (conn, msg) => {
      const wanted =
        Array.isArray(msg['entity_ids']) && msg['entity_ids'].length ? new Set(msg['entity_ids'] as string[]) : null;
      // Snapshot and listen in one step, as HA does, so no change falls between them.
      const states = conn.hass.states.all().filter((s) => !wanted || wanted.has(s.entityId));
      const unsubscribe = conn.hass.bus.listen(EVENT_STATE_CHANGED, (_event, change) => {
        if (!change || (wanted && !wanted.has(change.entityId))) return;
        conn.sendEvent(msg.id, entitiesEvent(change));
      });
      conn.subscriptions.set(msg.id, { command: msg.type, unsubscribe });
      conn.sendResult(msg.id);
      conn.sendEvent(msg.id, { a: Object.fromEntries(states.map((s) => [s.entityId, compressState(s)])) });
    },
  },

  fire_event: {
    schema: { event_type: { required: true, validate: str }, event_data: { validate: dict } },
    handler: (conn, msg) => {
      if (conn.hass.settings.fireEventRequiresAdmin) requireAdmin(conn);
      const context = newContext(userOf(conn).id);
      conn.hass.bus.fire(msg['event_type'] as string, (msg['event_data'] as JsonObject | undefined) ?? null, {
        context,
      });
      conn.sendResult(msg.id, { context });
    },
  },

  call_service: {
    schema: {
      domain: { required: true, validate: str },
      service: { required: true, validate: str },
      target: { validate: target },
      service_data: { validate: dict },
      return_response: { validate: bool },
    },
    handler: (conn, msg) => callService(conn, msg),
  },

  'auth/current_user': {
    schema: {},
    handler: (conn, msg) => conn.sendResult(msg.id, currentUserInfo(userOf(conn))),
  },

  'config/auth/list': {
    schema: {},
    handler: (conn, msg) => {
      requireAdmin(conn);
      conn.sendResult(msg.id, conn.hass.users.all().map(listedUserInfo));
    },
  },

  'persistent_notification/get': {
    schema: {},
    handler: (conn, msg) => conn.sendResult(msg.id, [...conn.hass.services.notifications.values()]),
  },

  'persistent_notification/subscribe': {
    schema: {},
    handler: (conn, msg) => {
      const unsubscribe = conn.hass.services.onNotifications((type, notifications) =>
        conn.sendEvent(msg.id, { type, notifications }),
      );
      conn.subscriptions.set(msg.id, { command: msg.type, unsubscribe });
      conn.sendResult(msg.id);
      conn.sendEvent(msg.id, { type: 'current', notifications: Object.fromEntries(conn.hass.services.notifications) });
    },
  },
};

/** `handle_call_service`, with its error mapping. */
function callService(conn: WsConnection, msg: CommandMessage): void {
  const domain = msg['domain'] as string;
  const service = msg['service'] as string;
  const returnResponse = msg['return_response'] === true;
  const context = newContext(userOf(conn).id);
  try {
    const serviceTarget = isObject(msg['target']) ? msg['target'] : undefined;
    conn.hass.services.call(domain, service, msg['service_data'], serviceTarget, context, returnResponse);
    conn.sendResult(msg.id, returnResponse ? { context, response: null } : { context });
  } catch (err) {
    if (err instanceof ServiceNotFound) {
      conn.sendError(msg.id, 'not_found', `Service ${domain}.${service} not found.`, {
        domain: 'homeassistant',
        key: 'service_not_found',
        placeholders: { domain, service },
      });
    } else if (err instanceof Invalid) {
      conn.sendError(msg.id, 'invalid_format', err.message);
    } else if (err instanceof Unauthorized) {
      // An admin service refused a non-admin: the connection answers `unauthorized`, as HA's handler does.
      throw err;
    } else if (err instanceof ServiceValidationError) {
      conn.sendError(msg.id, 'service_validation_error', `Validation error: ${err.message}`);
    } else {
      conn.sendError(msg.id, 'home_assistant_error', err instanceof Error ? err.message : String(err));
    }
  }
}
