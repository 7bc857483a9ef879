import type { HassEvent, MessageBase } from 'home-assistant-js-websocket';
import { validate } from 'superstruct';
import {
  FLOW_EVENT,
  FlowEventSchema,
  PROTOCOL_VERSION,
  REQUEST_EVENT,
  RESPONSE_EVENT,
  RESPONSE_TIMEOUT_MS,
  newId,
  parseResponse,
  parseResult,
  type Action,
  type ErrorCode,
  type FlowEvent,
  type RequestOf,
  type ResultOf,
} from '../protocol/index.js';

/** The two things of `hass` the client needs; tests pass a scripted fake. */
export interface HassTransport {
  callWS<T>(msg: MessageBase): Promise<T>;
  connection: {
    subscribeEvents<T>(callback: (event: T) => void, eventType?: string): Promise<() => Promise<void>>;
  };
}

export type CompanionErrorCode =
  | ErrorCode
  /** No answer within the timeout: the companion is not running or not connected to HA. */
  | 'companion_unreachable'
  /** An answer that does not fit the protocol. */
  | 'invalid_response'
  /** HA refused the websocket command (fire_event and subscribe_events are admin-only). */
  | 'ha_error'
  | 'closed';

export class CompanionError extends Error {
  override name = 'CompanionError';
  constructor(
    readonly code: CompanionErrorCode,
    message: string,
  ) {
    super(message);
  }
}

type Args<A extends Action> = Omit<RequestOf<A>, 'v' | 'id' | 'action'>;

interface Pending {
  action: Action;
  resolve(result: unknown): void;
  reject(error: CompanionError): void;
  timer: ReturnType<typeof setTimeout>;
}

export interface CompanionClientOptions {
  onFlowEvent(event: FlowEvent): void;
  timeoutMs?: number;
}

function haError(err: unknown): CompanionError {
  const e = err as { code?: unknown; message?: unknown } | null;
  const message = typeof e?.message === 'string' ? e.message : String(err);
  return new CompanionError(e?.code === 'unauthorized' ? 'unauthorized' : 'ha_error', message);
}

/**
 * The card's side of the protocol, over the dashboard's own HA websocket.
 * Lives exactly as long as a dialog: `open` subscribes, `close` unsubscribes
 * and fails whatever is still waiting.
 */
export class CompanionClient {
  readonly #hass: HassTransport;
  readonly #options: CompanionClientOptions;
  readonly #pending = new Map<string, Pending>();
  #unsubscribes: Promise<() => Promise<void>>[] = [];
  #closed = false;

  constructor(hass: HassTransport, options: CompanionClientOptions) {
    this.#hass = hass;
    this.#options = options;
  }

  get timeoutMs(): number {
    return this.#options.timeoutMs ?? RESPONSE_TIMEOUT_MS;
  }

  async open(): Promise<void> {
    this.#unsubscribes = [
      this.#hass.connection.subscribeEvents<HassEvent>((e) => this.#onResponse(e.data), RESPONSE_EVENT),
      this.#hass.connection.subscribeEvents<HassEvent>((e) => this.#onFlow(e.data), FLOW_EVENT),
    ];
    try {
      await Promise.all(this.#unsubscribes);
    } catch (err) {
      throw haError(err);
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const [id, p] of this.#pending) {
      clearTimeout(p.timer);
      p.reject(new CompanionError('closed', 'the dialog was closed'));
      this.#pending.delete(id);
    }
    // Each subscription is closed even if it is still being set up.
    await Promise.all(
      this.#unsubscribes.map((sub) =>
        sub.then(
          (unsubscribe) => unsubscribe().catch(() => undefined),
          () => undefined,
        ),
      ),
    );
  }

  request<A extends Action>(action: A, args: Args<A>): Promise<ResultOf<A>> {
    if (this.#closed) return Promise.reject(new CompanionError('closed', 'the dialog was closed'));
    const id = newId();
    return new Promise<ResultOf<A>>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(
          new CompanionError('companion_unreachable', `no answer from the companion within ${this.timeoutMs / 1000} s`),
        );
      }, this.timeoutMs);
      this.#pending.set(id, { action, resolve: resolve as (r: unknown) => void, reject, timer });
      this.#hass
        .callWS({
          type: 'fire_event',
          event_type: REQUEST_EVENT,
          event_data: { ...args, v: PROTOCOL_VERSION, id, action },
        })
        .catch((err: unknown) => this.#settle(id, (p) => p.reject(haError(err))));
    });
  }

  #settle(id: string, how: (p: Pending) => void): void {
    const pending = this.#pending.get(id);
    if (!pending) return;
    clearTimeout(pending.timer);
    this.#pending.delete(id);
    how(pending);
  }

  #onResponse(data: unknown): void {
    const parsed = parseResponse(data);
    if (!parsed.ok) {
      // Only an envelope we can pin to one of our requests is worth failing for.
      const id = (data as { id?: unknown } | null)?.id;
      if (typeof id === 'string') {
        this.#settle(id, (p) => p.reject(new CompanionError('invalid_response', parsed.error.message)));
      }
      return;
    }
    const response = parsed.value;
    this.#settle(response.id, (p) => {
      if (!response.ok) {
        p.reject(new CompanionError(response.error.code, response.error.message));
        return;
      }
      const result = parseResult(p.action, response.result);
      if (result.ok) p.resolve(result.value);
      else p.reject(new CompanionError('invalid_response', result.error.message));
    });
  }

  #onFlow(data: unknown): void {
    const [err, event] = validate(data, FlowEventSchema);
    if (!err) this.#options.onFlowEvent(event);
  }
}
