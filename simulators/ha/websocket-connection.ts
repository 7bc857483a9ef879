/**
 * One websocket client, as `websocket_api/http.py`, `auth.py` and
 * `connection.py` handle it: `auth_required`, the auth phase (10 s limit,
 * `auth_invalid` then close), then commands with strictly increasing ids,
 * HA's `invalid_format` / `id_reuse` / `unknown_command` answers, and
 * coalesced (JSON array) frames once the client asks for them.
 */
import type { RawData, WebSocket } from 'ws';
import { Invalid, Unauthorized } from './ha-errors.js';
import type { Hass } from './ha-core.js';
import type { Lane } from './latency.js';
import { isObject, str, validateHumanized, type Json, type JsonObject, type Schema } from './schema.js';
import type { User } from './users.js';
import { HA_RELEASE } from './ha-release.js';

export type CommandMessage = JsonObject & { id: number; type: string };

export interface Command {
  schema: Schema;
  handler: (conn: WsConnection, msg: CommandMessage) => void;
}

export interface Subscription {
  /** The command that opened it: `subscribe_events`, `subscribe_entities`, ... */
  command: string;
  eventType?: string;
  unsubscribe: () => void;
}

const AUTH_TIMEOUT_MS = 10_000;

const AUTH_SCHEMA: Schema = {
  type: {
    required: true,
    validate: (v) => {
      if (v !== 'auth') throw new Invalid('not a valid value');
      return v;
    },
  },
  api_password: { validate: str },
  access_token: { validate: str },
};

let connectionCounter = 0;

export class WsConnection {
  readonly id = ++connectionCounter;
  user: User | null = null;
  readonly subscriptions = new Map<number, Subscription>();
  private lastId = 0;
  private canCoalesce = false;
  private outbox: string[] = [];
  private flushScheduled = false;
  private closed = false;
  private readonly authTimer: NodeJS.Timeout;
  /** Latency (latency.ts) on what arrives and what leaves, each in order. */
  private readonly inbound: Lane;
  private readonly outbound: Lane;

  constructor(
    private readonly socket: WebSocket,
    readonly hass: Hass,
    private readonly commands: Record<string, Command>,
    /** The client's address, for ip-ban.ts. */
    private readonly remote = '',
  ) {
    this.inbound = hass.latency.lane();
    this.outbound = hass.latency.lane();
    socket.on('message', (data, isBinary) => this.inbound.run(() => this.onMessage(data, isBinary)));
    socket.on('close', () => this.onClose());
    // A reset connection also emits 'close'; without a listener 'error' would throw.
    socket.on('error', () => undefined);
    this.authTimer = setTimeout(() => this.disconnect(), AUTH_TIMEOUT_MS);
    this.send({ type: 'auth_required', ha_version: HA_RELEASE.core });
  }

  send(message: JsonObject | string): void {
    if (this.closed) return;
    this.outbox.push(typeof message === 'string' ? message : JSON.stringify(message));
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => this.flush());
    }
  }

  sendResult(id: number, result: unknown = null): void {
    this.send(JSON.stringify({ id, type: 'result', success: true, result }));
  }

  sendError(
    id: Json,
    code: string,
    message: string,
    translation?: { domain: string; key: string; placeholders: JsonObject },
  ): void {
    const error: JsonObject = { code, message };
    if (translation) {
      error['translation_key'] = translation.key;
      error['translation_placeholders'] = translation.placeholders;
      error['translation_domain'] = translation.domain;
    }
    this.send({ id, type: 'result', success: false, error });
  }

  sendEvent(id: number, event: unknown): void {
    this.send(JSON.stringify({ id, type: 'event', event }));
  }

  setSupportedFeatures(features: JsonObject): void {
    this.canCoalesce = 'coalesce_messages' in features;
  }

  /** An abrupt loss (no close frame), as a crashed HA or a dropped network would give. */
  terminate(): void {
    this.outbound.cancel();
    this.socket.terminate();
    this.onClose();
  }

  /** HA's writer: one frame per message, or one JSON array when coalescing and several are queued. */
  private flush(): void {
    this.flushScheduled = false;
    if (this.closed || this.outbox.length === 0) return;
    const pending = this.outbox;
    this.outbox = [];
    const frames = pending.length > 1 && this.canCoalesce ? [`[${pending.join(',')}]`] : pending;
    for (const text of frames) {
      this.hass.recorder.add({ kind: 'ws-out', connection: this.id, text });
      this.outbound.run(() => this.socket.send(text));
    }
  }

  private disconnect(): void {
    this.flush();
    // After what is still on its way to the client (latency.ts).
    this.outbound.run(() => this.socket.close(1000));
    this.onClose();
  }

  private onClose(): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.authTimer);
    this.inbound.cancel();
    for (const sub of this.subscriptions.values()) sub.unsubscribe();
    this.subscriptions.clear();
  }

  private onMessage(data: RawData, isBinary: boolean): void {
    if (this.closed) return;
    const buffer = Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
    if (isBinary) {
      this.hass.recorder.add({ kind: 'ws-in', connection: this.id, text: `<binary ${buffer.length} bytes>` });
      // Before auth HA disconnects; after, it looks for a binary handler, finds none, and logs.
      if (!this.user) this.disconnect();
      return;
    }
    const text = buffer.toString('utf8');
    this.hass.recorder.add({ kind: 'ws-in', connection: this.id, text });
    let parsed: Json;
    try {
      parsed = JSON.parse(text) as Json;
    } catch {
      this.disconnect(); // "Received invalid JSON."
      return;
    }
    if (!this.user) {
      this.authenticate(parsed);
      return;
    }
    for (const msg of Array.isArray(parsed) ? parsed : [parsed]) this.handle(msg);
  }

  private authenticate(msg: Json): void {
    let valid: JsonObject;
    try {
      if (!isObject(msg)) throw new Invalid(`expected a dictionary. Got ${JSON.stringify(msg)}`);
      valid = validateHumanized(msg, AUTH_SCHEMA);
      if ('access_token' in valid && 'api_password' in valid) {
        throw new Invalid("two or more values in the same group of exclusion 'auth' @ data[<auth>]");
      }
    } catch (err) {
      if (!(err instanceof Invalid)) throw err;
      this.send({ type: 'auth_invalid', message: `Auth message incorrectly formatted: ${err.message}` });
      this.disconnect();
      return;
    }
    const token = valid['access_token'];
    const user = typeof token === 'string' ? this.hass.auth.userForAccessToken(token) : undefined;
    if (!user) {
      this.send({ type: 'auth_invalid', message: 'Invalid access token or password' });
      this.hass.ipBans.processWrongLogin(this.remote);
      this.disconnect();
      return;
    }
    clearTimeout(this.authTimer);
    this.user = user;
    this.send({ type: 'auth_ok', ha_version: HA_RELEASE.core });
    this.hass.ipBans.processSuccessLogin(this.remote);
  }

  /** `ActiveConnection.async_handle`. */
  private handle(msg: Json): void {
    if (
      !isObject(msg) ||
      typeof msg['id'] !== 'number' ||
      !Number.isInteger(msg['id']) ||
      msg['id'] === 0 ||
      typeof msg['type'] !== 'string' ||
      msg['type'] === ''
    ) {
      this.sendError(isObject(msg) ? (msg['id'] ?? null) : 0, 'invalid_format', 'Message incorrectly formatted.');
      return;
    }
    const id = msg['id'];
    if (id <= this.lastId) {
      this.sendError(id, 'id_reuse', 'Identifier values have to increase.');
      return;
    }
    const command = this.commands[msg['type']];
    if (!command) {
      this.hass.recorder.add({ kind: 'unknown-command', connection: this.id, type: msg['type'] });
      if (this.hass.settings.logUnknownCommands) console.warn(`[ha-sim] unknown command ${msg['type']}`);
      this.sendError(id, 'unknown_command', 'Unknown command.');
      return;
    }
    try {
      const valid = validateHumanized(msg, {
        id: { required: true, validate: (v) => v },
        type: { required: true, validate: str },
        ...command.schema,
      });
      command.handler(this, valid as CommandMessage);
    } catch (err) {
      this.handleException(id, err);
    }
    this.lastId = id;
  }

  /** `async_handle_exception`. */
  private handleException(id: number, err: unknown): void {
    if (err instanceof Unauthorized) this.sendError(id, 'unauthorized', 'Unauthorized');
    else if (err instanceof Invalid) this.sendError(id, 'invalid_format', err.message);
    else {
      console.error('[ha-sim] websocket command failed', err);
      this.sendError(id, 'unknown_error', err instanceof Error && err.message ? err.message : 'Unknown error');
    }
  }
}
