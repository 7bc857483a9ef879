import {
  ERR_INVALID_AUTH,
  createConnection,
  type Connection,
  type HassEvent,
} from 'home-assistant-js-websocket';
import { backoffDelay } from './backoff.js';
import type { Clock, TimerHandle } from './clock.js';
import { HaRequestError } from './errors.js';
import { HaRest } from './ha-rest.js';
import { socketFactory, websocketUrl } from './ha-socket.js';
import type { Logger } from './logger.js';

/** A user as `config/auth/list` reports it. */
export interface HaUser {
  id: string;
  name?: string | null;
  is_active?: boolean;
  is_owner?: boolean;
  is_admin?: boolean;
  system_generated?: boolean;
  group_ids?: string[];
}

/** What the rest of the companion needs from HA; the unit tests substitute a fake. */
export interface HaApi {
  fireEvent(eventType: string, data: Record<string, unknown>): Promise<void>;
  callService(domain: string, service: string, data: Record<string, unknown>): Promise<void>;
  listUsers(): Promise<HaUser[]>;
  setState(entityId: string, state: string, attributes: Record<string, unknown>): Promise<void>;
  /** False when HA did not have the entity. */
  deleteState(entityId: string): Promise<boolean>;
  /** False for an entity without a registry entry (a REST-written state, or none at all). */
  hasRegistryEntry(entityId: string): Promise<boolean>;
}

export interface HaClientOptions {
  url: string;
  token: string;
  log: Logger;
  clock: Clock;
  /** First-connection retry policy; HAWS handles drops once connected. */
  retry?: { baseMs: number; maxMs: number };
  restTimeoutMs?: number;
}

type EventCallback = (event: HassEvent) => void;

/**
 * Home Assistant over its websocket (home-assistant-js-websocket) and REST,
 * with the same token. Connects forever: HAWS reconnects after a drop, but
 * only once it has been connected, so the first connection (and a token HA
 * rejected on reconnect) goes through this class's own retry loop.
 */
export class HaClient implements HaApi {
  private conn: Connection | undefined;
  private closed = false;
  private retryTimer: TimerHandle | undefined;
  private wakeRetry: (() => void) | undefined;
  private readonly subscriptions: { eventType: string; callback: EventCallback }[] = [];
  private readonly readyListeners: (() => void)[] = [];
  private readonly disconnectedListeners: (() => void)[] = [];

  private readonly restApi: HaRest;

  constructor(private readonly options: HaClientOptions) {
    this.restApi = new HaRest(options.url, options.token, options.restTimeoutMs ?? 10_000);
  }

  get connected(): boolean {
    return this.conn?.connected ?? false;
  }

  /** Starts connecting in the background; `onReady` listeners run on every (re)connect. */
  start(): void {
    void this.connectLoop();
  }

  onReady(listener: () => void): void {
    this.readyListeners.push(listener);
  }

  /** Runs whenever an established connection drops (HAWS then reconnects by itself). */
  onDisconnected(listener: () => void): void {
    this.disconnectedListeners.push(listener);
  }

  /** Subscribes now (if connected) and again on every reconnect. */
  subscribe(eventType: string, callback: EventCallback): void {
    this.subscriptions.push({ eventType, callback });
    if (this.connected) void this.subscribeOne(this.conn!, eventType, callback);
  }

  close(): void {
    this.closed = true;
    if (this.retryTimer) this.options.clock.clearTimeout(this.retryTimer);
    this.wakeRetry?.();
    this.conn?.close();
    this.conn = undefined;
    this.restApi.close();
  }

  private async connectLoop(): Promise<void> {
    const { log, clock } = this.options;
    const retry = this.options.retry ?? { baseMs: 1000, maxMs: 30_000 };
    for (let attempt = 1; !this.closed; attempt++) {
      try {
        const conn = await createConnection({ createSocket: socketFactory(websocketUrl(this.options.url), this.options.token) });
        if (this.closed) {
          conn.close();
          return;
        }
        this.conn = conn;
        conn.addEventListener('ready', () => this.handleReady(conn));
        conn.addEventListener('disconnected', () => {
          log.warn('lost the connection to Home Assistant; reconnecting');
          for (const listener of this.disconnectedListeners) listener();
        });
        conn.addEventListener('reconnect-error', () => {
          log.error('Home Assistant rejected HA_TOKEN on reconnect; retrying with backoff');
          conn.close();
          if (this.conn === conn) this.conn = undefined;
          void this.connectLoop();
        });
        // HAWS fired the first "ready" inside createConnection, before we could listen.
        this.handleReady(conn);
        return;
      } catch (err) {
        const delay = backoffDelay(attempt, retry);
        const why = err === ERR_INVALID_AUTH ? 'HA_TOKEN was rejected' : 'cannot connect';
        // Loud on the first failure, then quiet: a long HA outage must not flood the log.
        (attempt === 1 || err === ERR_INVALID_AUTH ? log.warn : log.debug)(`Home Assistant not available (${why}); retrying`, {
          url: this.options.url,
          retry_in_ms: delay,
        });
        await new Promise<void>((resolve) => {
          this.wakeRetry = resolve;
          this.retryTimer = clock.setTimeout(resolve, delay);
        });
      }
    }
  }

  private handleReady(conn: Connection): void {
    this.options.log.info('connected to Home Assistant', { url: this.options.url, ha_version: conn.haVersion });
    for (const { eventType, callback } of this.subscriptions) void this.subscribeOne(conn, eventType, callback);
    for (const listener of this.readyListeners) listener();
  }

  private async subscribeOne(conn: Connection, eventType: string, callback: EventCallback): Promise<void> {
    try {
      // resubscribe: false — handleReady subscribes again on every reconnect, so HAWS must not too.
      await conn.subscribeMessage<HassEvent>(
        (event) => {
          try {
            callback(event);
          } catch (err) {
            // One bad event must never end the subscription.
            this.options.log.error('event handler failed', { event_type: eventType, error: err });
          }
        },
        { type: 'subscribe_events', event_type: eventType },
        { resubscribe: false },
      );
      this.options.log.debug('subscribed', { event_type: eventType });
    } catch (err) {
      this.options.log.warn('subscribing to an HA event failed; will retry on reconnect', { event_type: eventType, error: describeWsError(err) });
    }
  }

  private async command<T>(message: { type: string; [key: string]: unknown }): Promise<T> {
    const conn = this.conn;
    if (!conn || !conn.connected) throw new HaRequestError(`not connected to Home Assistant (${message.type})`);
    try {
      return await conn.sendMessagePromise<T>(message);
    } catch (err) {
      throw new HaRequestError(`${message.type} failed: ${describeWsError(err)}`);
    }
  }

  async fireEvent(eventType: string, data: Record<string, unknown>): Promise<void> {
    await this.command({ type: 'fire_event', event_type: eventType, event_data: data });
  }

  async callService(domain: string, service: string, data: Record<string, unknown>): Promise<void> {
    await this.command({ type: 'call_service', domain, service, service_data: data });
  }

  listUsers(): Promise<HaUser[]> {
    return this.command<HaUser[]>({ type: 'config/auth/list' });
  }

  async hasRegistryEntry(entityId: string): Promise<boolean> {
    const conn = this.conn;
    if (!conn || !conn.connected) throw new HaRequestError('not connected to Home Assistant (config/entity_registry/get)');
    try {
      await conn.sendMessagePromise({ type: 'config/entity_registry/get', entity_id: entityId });
      return true;
    } catch (err) {
      if (typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 'not_found') return false;
      throw new HaRequestError(`config/entity_registry/get failed: ${describeWsError(err)}`);
    }
  }

  async setState(entityId: string, state: string, attributes: Record<string, unknown>): Promise<void> {
    const status = await this.rest('POST', entityId, JSON.stringify({ state, attributes }));
    if (status < 200 || status > 299) throw new HaRequestError(`writing ${entityId} failed: HTTP ${status}`, status);
  }

  async deleteState(entityId: string): Promise<boolean> {
    const status = await this.rest('DELETE', entityId);
    if (status === 404) return false;
    if (status < 200 || status > 299) throw new HaRequestError(`deleting ${entityId} failed: HTTP ${status}`, status);
    return true;
  }

  private async rest(method: 'POST' | 'DELETE', entityId: string, body?: string): Promise<number> {
    try {
      return await this.restApi.send(method, `/api/states/${encodeURIComponent(entityId)}`, body);
    } catch (err) {
      throw new HaRequestError(`cannot reach Home Assistant for ${method} ${entityId}: ${(err as Error).message}`);
    }
  }
}

/** HAWS rejects with a number (its error codes) or HA's `{code, message}`. */
export function describeWsError(err: unknown): string {
  if (typeof err === 'number') return `HAWS error ${err}`;
  if (typeof err === 'object' && err !== null && 'message' in err) {
    const { code, message } = err as { code?: unknown; message?: unknown };
    return code ? `${String(code)}: ${String(message)}` : String(message);
  }
  return String(err);
}
