import type { HassEvent, MessageBase } from 'home-assistant-js-websocket';
import { validate } from 'superstruct';
import { requestMessage, type RequestArgs } from '../protocol/builders.js';
import {
  ACCEPTED_EVENT,
  ANSWER_DEADLINE_MS,
  FLOW_EVENT,
  REQUEST_EVENT,
  RESPONSE_EVENT,
  RESPONSE_TIMEOUT_MS,
  SLOW_ANSWER_MS,
} from '../protocol/events.js';
import { FlowEventSchema, type FlowEvent } from '../protocol/flow-steps.js';
import { haFailureCode, haFailureMessage } from '../protocol/ha-failure.js';
import { newId } from '../protocol/message-fields.js';
import { type ErrorCode } from '../protocol/protocol-error.js';
import { CARD_RELEASE_SINCE, RELEASE, compareReleases } from '../protocol/release.js';
import { type Action } from '../protocol/requests.js';
import { parseResponse, parseResult, type ResultOf } from '../protocol/responses.js';

/** The two things of `hass` the client needs; tests pass a scripted fake. */
export interface HassTransport {
  callWS<T>(msg: MessageBase): Promise<T>;
  connection: {
    subscribeEvents<T>(callback: (event: T) => void, eventType?: string): Promise<() => Promise<void>>;
  };
}

export type CompanionErrorCode =
  | ErrorCode
  /** No acknowledgement within the timeout: the companion is not running or not connected to HA. */
  | 'companion_unreachable'
  /** Acknowledged, but no result within the action's deadline: Plaid (or HA) is too slow. */
  | 'answer_timeout'
  /** The dashboard's connection to HA dropped while waiting. */
  | 'connection_lost'
  /** The companion refused this card's link key: it is older than the card and needs updating. */
  | 'companion_outdated'
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

interface Pending {
  action: Action;
  resolve(result: unknown): void;
  reject(error: CompanionError): void;
  timer: ReturnType<typeof setTimeout>;
  accepted?: boolean;
  slow?: boolean;
}

export interface CompanionClientOptions {
  onFlowEvent(event: FlowEvent): void;
  /** True while an acknowledged request has waited longer than SLOW_ANSWER_MS; false once none has. */
  onSlow?(slow: boolean): void;
  timeoutMs?: number;
}

/** A home-assistant-js-websocket rejection (src/protocol/ha-failure.ts), in the codes the dialog has sentences for. */
export function haError(err: unknown): CompanionError {
  const code = haFailureCode(err);
  // Any of the library's numbers: the dashboard's own connection to HA is gone.
  if (typeof code === 'number')
    return new CompanionError('connection_lost', `home-assistant-js-websocket error ${code}`);
  return new CompanionError(
    code === 'unauthorized' ? 'unauthorized' : 'ha_error',
    haFailureMessage(err) || 'unknown error',
  );
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
  #companionRelease: string | null = null;

  constructor(hass: HassTransport, options: CompanionClientOptions) {
    this.#hass = hass;
    this.#options = options;
  }

  /** The companion's release, from its answer to `ping`; null until it answered one. */
  get companionRelease(): string | null {
    return this.#companionRelease;
  }

  get timeoutMs(): number {
    return this.#options.timeoutMs ?? RESPONSE_TIMEOUT_MS;
  }

  async open(): Promise<void> {
    this.#unsubscribes = [
      this.#hass.connection.subscribeEvents<HassEvent>((e) => this.#onResponse(e.data), RESPONSE_EVENT),
      this.#hass.connection.subscribeEvents<HassEvent>((e) => this.#onFlow(e.data), FLOW_EVENT),
      this.#hass.connection.subscribeEvents<HassEvent>((e) => this.#onAccepted(e.data), ACCEPTED_EVENT),
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

  request<A extends Action>(action: A, args: RequestArgs<A>): Promise<ResultOf<A>> {
    if (this.#closed) return Promise.reject(new CompanionError('closed', 'the dialog was closed'));
    const id = newId();
    // A companion older than CARD_RELEASE_SINCE refuses a request with a key it does not know.
    const release = this.#companionRelease;
    const cardRelease = release && compareReleases(release, CARD_RELEASE_SINCE) >= 0 ? RELEASE : undefined;
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
          event_data: requestMessage(action, id, args, cardRelease),
        })
        .catch((err: unknown) => this.#settle(id, (p) => p.reject(haError(err))));
    });
  }

  #settle(id: string, how: (p: Pending) => void): void {
    const pending = this.#pending.get(id);
    if (!pending) return;
    clearTimeout(pending.timer);
    this.#pending.delete(id);
    if (pending.slow) this.#updateSlow();
    how(pending);
  }

  /**
   * The companion has the request: the acknowledgement timeout is off, the
   * slow hint comes after SLOW_ANSWER_MS, and the answer deadline counts.
   * Only the id is read: it is a key into our own requests, nothing more.
   */
  #onAccepted(data: unknown): void {
    const id = (data as { id?: unknown } | null)?.id;
    const pending = typeof id === 'string' ? this.#pending.get(id) : undefined;
    if (!pending || pending.accepted) return;
    pending.accepted = true;
    clearTimeout(pending.timer);
    pending.timer = setTimeout(() => {
      pending.slow = true;
      this.#updateSlow();
      pending.timer = setTimeout(
        () =>
          this.#settle(id as string, (p) =>
            p.reject(new CompanionError('answer_timeout', `no result within ${ANSWER_DEADLINE_MS / 1000} s`)),
          ),
        ANSWER_DEADLINE_MS - SLOW_ANSWER_MS,
      );
    }, SLOW_ANSWER_MS);
  }

  #updateSlow(): void {
    this.#options.onSlow?.([...this.#pending.values()].some((p) => p.slow));
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
      if (result.ok && p.action === 'ping') this.#companionRelease = (result.value as ResultOf<'ping'>).version;
      if (result.ok) p.resolve(result.value);
      else p.reject(new CompanionError('invalid_response', result.error.message));
    });
  }

  #onFlow(data: unknown): void {
    const [err, event] = validate(data, FlowEventSchema);
    if (!err) this.#options.onFlowEvent(event);
  }
}
