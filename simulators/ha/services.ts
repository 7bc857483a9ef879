/**
 * The few HA services the project touches. `call()` follows
 * `ServiceRegistry.async_call`: unknown service → `ServiceNotFound`, data checked
 * against the service's schema, then a `call_service` event, then the handler.
 */
import { isoFromMicros, nowMicros } from './ha-clock.js';
import { Invalid, ServiceNotFound, ServiceValidationError } from './ha-errors.js';
import { EVENT_CALL_SERVICE, type Context, type EventBus } from './event-bus.js';
import { uuidHex } from './ha-ids.js';
import type { Recorder } from './record.js';
import { cvString, entityIds, isObject, validate, type Json, type JsonObject, type Schema } from './schema.js';

export interface Notification {
  message: string;
  notification_id: string;
  title: string | null;
  created_at: string;
}

export type NotificationUpdate = 'current' | 'added' | 'removed' | 'updated';
export type NotificationListener = (type: NotificationUpdate, notifications: Record<string, Notification>) => void;

export interface ServiceDef {
  /** Null: HA registered the service without a schema, so any data passes. */
  schema: Schema | null;
  /** Checks across keys the schema's `vol.All` adds (`vol.Exclusive`, `has_at_least_one_key`); throws `Invalid`. */
  check?: (data: JsonObject) => void;
  description: { name: string; description: string; fields: JsonObject };
  /** `userId`: the caller's (`call.context.user_id`), null for HA's own calls. */
  handler: (data: JsonObject, userId: string | null) => void;
}

export class Services {
  readonly notifications = new Map<string, Notification>();
  /** Messages written with `system_log.write` (the frontend reports its uncaught errors there). */
  readonly systemLog: string[] = [];
  private readonly notificationListeners = new Set<NotificationListener>();
  private readonly registry: Record<string, Record<string, ServiceDef>>;

  constructor(
    private readonly bus: EventBus,
    private readonly recorder: Recorder,
  ) {
    this.registry = {
      persistent_notification: {
        create: {
          schema: {
            message: { required: true, validate: cvString },
            title: { validate: cvString },
            notification_id: { validate: cvString },
          },
          description: {
            name: 'Create',
            description: 'Shows a notification on the notifications panel.',
            fields: {
              message: { required: true, selector: { text: null } },
              title: { selector: { text: null } },
              notification_id: { selector: { text: null } },
            },
          },
          handler: (data) => this.createNotification(data),
        },
        dismiss: {
          schema: { notification_id: { required: true, validate: cvString } },
          description: {
            name: 'Dismiss',
            description: 'Deletes a notification from the notifications panel.',
            fields: { notification_id: { required: true, selector: { text: null } } },
          },
          handler: (data) => this.dismissNotification(String(data['notification_id'])),
        },
        dismiss_all: {
          schema: null,
          description: {
            name: 'Dismiss all',
            description: 'Deletes all notifications from the notifications panel.',
            fields: {},
          },
          handler: () => [...this.notifications.keys()].forEach((id) => this.dismissNotification(id)),
        },
      },
      // The frontend writes its unhandled errors here (`components/system_log`).
      system_log: {
        write: {
          schema: {
            message: { required: true, validate: cvString },
            level: { validate: cvString },
            logger: { validate: cvString },
          },
          description: {
            name: 'Write',
            description: 'Write log entry.',
            fields: {
              message: { required: true, selector: { text: null } },
              level: { selector: { select: { options: ['debug', 'info', 'warning', 'error', 'critical'] } } },
              logger: { selector: { text: null } },
            },
          },
          handler: (data) => this.systemLog.push(String(data['message'])),
        },
      },
      homeassistant: {
        update_entity: {
          schema: { entity_id: { required: true, validate: entityIds } },
          description: {
            name: 'Update entity',
            description: 'Forces one or more entities to update their data.',
            fields: { entity_id: { required: true, selector: { entity: { multiple: true } } } },
          },
          // States written over REST have no entity object to poll; nothing to do.
          handler: () => undefined,
        },
      },
    };
  }

  /** A service an integration brings (the MQTT integration's `button.press`). */
  register(domain: string, service: string, def: ServiceDef): void {
    (this.registry[domain] ??= {})[service] = def;
  }

  has(domain: string, service: string): boolean {
    return Boolean(this.registry[domain.toLowerCase()]?.[service.toLowerCase()]);
  }

  /** `get_services`: descriptions by domain and service. */
  descriptions(): Record<string, Record<string, ServiceDef['description']>> {
    return Object.fromEntries(
      Object.entries(this.registry).map(([domain, services]) => [
        domain,
        Object.fromEntries(Object.entries(services).map(([name, def]) => [name, def.description])),
      ]),
    );
  }

  call(
    domain: string,
    service: string,
    data: Json | undefined,
    target: JsonObject | undefined,
    context: Context,
    returnResponse = false,
  ): void {
    const d = domain.toLowerCase();
    const s = service.toLowerCase();
    const def = this.registry[d]?.[s];
    if (!def) throw new ServiceNotFound(d, s);
    if (returnResponse) {
      throw new ServiceValidationError(
        "An action which does not return responses can't be called with return_response=True",
      );
    }
    if (data !== undefined && data !== null && !isObject(data)) throw new Invalid('expected a dictionary');
    const serviceData: JsonObject = { ...(data ?? {}), ...(target ?? {}) };
    const processed = def.schema ? validate(serviceData, def.schema) : serviceData;
    def.check?.(processed);
    this.recorder.add({ kind: 'service', domain: d, service: s, data: serviceData, user_id: context.user_id });
    this.bus.fire(EVENT_CALL_SERVICE, { domain: d, service: s, service_data: serviceData }, { context });
    def.handler(processed, context.user_id);
  }

  onNotifications(listener: NotificationListener): () => void {
    this.notificationListeners.add(listener);
    return () => this.notificationListeners.delete(listener);
  }

  /** `persistent_notification.async_create`: what HA's own code calls, so no `call_service` event. */
  createNotification(data: JsonObject): void {
    const id = typeof data['notification_id'] === 'string' ? data['notification_id'] : uuidHex();
    const notification: Notification = {
      message: String(data['message']),
      notification_id: id,
      title: typeof data['title'] === 'string' ? data['title'] : null,
      created_at: isoFromMicros(nowMicros()),
    };
    this.notifications.set(id, notification);
    this.notify('added', { [id]: notification });
  }

  private dismissNotification(id: string): void {
    const notification = this.notifications.get(id);
    if (!notification) return;
    this.notifications.delete(id);
    this.notify('removed', { [id]: notification });
  }

  private notify(type: NotificationUpdate, notifications: Record<string, Notification>): void {
    for (const listener of this.notificationListeners) listener(type, notifications);
  }
}
