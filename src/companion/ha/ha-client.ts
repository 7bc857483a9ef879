import type { HassEvent } from 'home-assistant-js-websocket';
import { describeHaFailure } from '../../protocol/index.js';
import { HaOfflineError, HaRequestError } from '../errors.js';
import { HaConnection, type HaConnectionOptions } from './ha-connection.js';
import { HaRest } from './ha-rest.js';

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

/** One entity's state as `GET /api/states/<entity_id>` answers it. */
export interface HaState {
  state: string;
  attributes: Record<string, unknown>;
}

/** What the delivery of transaction events and the month sensors need from HA. */
export interface HaTransactionsApi {
  /** HA's time zone (`get_config`'s `time_zone`, an IANA name). */
  timeZone(): Promise<string>;
  /** The entity's state, or null where HA has none. */
  getState(entityId: string): Promise<HaState | null>;
  /** `POST /api/events/<event_type>`: resolves once HA answered 200 (it has fired the event). */
  postEvent(eventType: string, data: Record<string, unknown>): Promise<void>;
  /** The entity id HA's registry gives an MQTT entity's unique id (the user may have renamed it), or null. */
  mqttEntityId(uniqueId: string): Promise<string | null>;
}

export interface HaClientOptions extends HaConnectionOptions {
  restTimeoutMs?: number;
}

/**
 * Home Assistant over its websocket (`HaConnection`: connecting, the token's
 * refusals) and REST, with the same token. Once started, nothing is written
 * over REST while the websocket is down: every `ready` writes everything
 * again anyway, and a write with a deleted token would be one more failed login.
 */
export class HaClient implements HaApi, HaTransactionsApi {
  private readonly connection: HaConnection;
  private readonly restApi: HaRest;

  constructor(options: HaClientOptions) {
    this.connection = new HaConnection(options);
    this.restApi = new HaRest(options.url, options.token, options.restTimeoutMs ?? 10_000);
  }

  get connected(): boolean {
    return this.connection.connected;
  }

  /** Starts connecting in the background; `onReady` listeners run on every (re)connect. */
  start(): void {
    this.connection.start();
  }

  onReady(listener: () => void): void {
    this.connection.onReady(listener);
  }

  /** Runs whenever an established connection drops (HAWS then reconnects by itself). */
  onDisconnected(listener: () => void): void {
    this.connection.onDisconnected(listener);
  }

  /** Subscribes now (if connected) and again on every reconnect. */
  subscribe(eventType: string, callback: (event: HassEvent) => void): void {
    this.connection.subscribe(eventType, callback);
  }

  close(): void {
    this.connection.close();
    this.restApi.close();
  }

  async fireEvent(eventType: string, data: Record<string, unknown>): Promise<void> {
    await this.connection.command({ type: 'fire_event', event_type: eventType, event_data: data });
  }

  async callService(domain: string, service: string, data: Record<string, unknown>): Promise<void> {
    await this.connection.command({ type: 'call_service', domain, service, service_data: data });
  }

  listUsers(): Promise<HaUser[]> {
    return this.connection.command<HaUser[]>({ type: 'config/auth/list' });
  }

  async hasRegistryEntry(entityId: string): Promise<boolean> {
    const conn = this.connection.live;
    if (!conn) throw new HaRequestError('not connected to Home Assistant (config/entity_registry/get)');
    try {
      await conn.sendMessagePromise({ type: 'config/entity_registry/get', entity_id: entityId });
      return true;
    } catch (err) {
      if (typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 'not_found') return false;
      throw new HaRequestError(`config/entity_registry/get failed: ${describeHaFailure(err)}`);
    }
  }

  async timeZone(): Promise<string> {
    const config = await this.connection.command<{ time_zone?: unknown }>({ type: 'get_config' });
    if (typeof config.time_zone !== 'string') throw new HaRequestError('get_config answered without a time_zone');
    return config.time_zone;
  }

  async getState(entityId: string): Promise<HaState | null> {
    const { status, text } = await this.readRest('GET', `/api/states/${encodeURIComponent(entityId)}`);
    if (status === 404) return null;
    if (status !== 200) throw new HaRequestError(`reading ${entityId} failed: HTTP ${status}`, status);
    const body = JSON.parse(text) as Partial<HaState>;
    if (typeof body.state !== 'string' || typeof body.attributes !== 'object' || body.attributes === null)
      throw new HaRequestError(`HA answered ${entityId} without a state`);
    return { state: body.state, attributes: body.attributes };
  }

  async mqttEntityId(uniqueId: string): Promise<string | null> {
    const entries = await this.connection.command<
      Array<{ entity_id?: unknown; platform?: unknown; unique_id?: unknown }>
    >({ type: 'config/entity_registry/list' });
    const entry = entries.find((e) => e.platform === 'mqtt' && e.unique_id === uniqueId);
    return typeof entry?.entity_id === 'string' ? entry.entity_id : null;
  }

  async postEvent(eventType: string, data: Record<string, unknown>): Promise<void> {
    const path = `/api/events/${encodeURIComponent(eventType)}`;
    const { status } = await this.readRest('POST', path, JSON.stringify(data));
    if (status !== 200) throw new HaRequestError(`firing ${eventType} failed: HTTP ${status}`, status);
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

  /** A REST call whose answer is read, under the same rules as the state writes. */
  private async readRest(
    method: 'GET' | 'POST',
    path: string,
    body?: string,
  ): Promise<{ status: number; text: string }> {
    if (this.connection.refusesToken || (this.connection.isStarted && !this.connected)) {
      throw new HaOfflineError(`not connected to Home Assistant (${method} ${path})`);
    }
    let answer: { status: number; text: string };
    try {
      answer = await this.restApi.read(method, path, body);
    } catch (err) {
      throw new HaRequestError(`cannot reach Home Assistant for ${method} ${path}: ${(err as Error).message}`);
    }
    if (answer.status === 401 && this.connection.isStarted && !this.connection.refusesToken)
      void this.connection.onTokenRefused(`HTTP 401 on ${method} ${path}`);
    return answer;
  }

  private async rest(method: 'POST' | 'DELETE', entityId: string, body?: string): Promise<number> {
    if (this.connection.refusesToken || (this.connection.isStarted && !this.connected)) {
      throw new HaOfflineError(`not connected to Home Assistant (${method} ${entityId})`);
    }
    let status: number;
    try {
      status = await this.restApi.send(method, `/api/states/${encodeURIComponent(entityId)}`, body);
    } catch (err) {
      throw new HaRequestError(`cannot reach Home Assistant for ${method} ${entityId}: ${(err as Error).message}`);
    }
    // A 401 is a failed login to HA's ban counter: stop at the first one.
    if (status === 401 && this.connection.isStarted && !this.connection.refusesToken)
      void this.connection.onTokenRefused(`HTTP 401 on ${method} /api/states`);
    return status;
  }
}
