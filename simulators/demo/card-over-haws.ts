/**
 * The card's side of the companion protocol over a real home-assistant-js-
 * websocket connection, for the tests, the bench and `npm run demo --
 * --linked`, which play the card without a browser: requests fired as
 * `plaid_balance_request` events, answers and flow events read from HA's
 * event bus, the Hosted Link seal opened with the card's own key. Everything
 * that arrives is checked against src/protocol's schemas; what does not fit
 * is kept in `violations` (and left out of `responses` / `flowEvents`).
 * Waits are woken by the events themselves, so a bench figure carries no
 * polling granularity.
 */
import type { Connection, HassEvent } from 'home-assistant-js-websocket';
import { validate } from 'superstruct';
import {
  FLOW_EVENT,
  FlowEventSchema,
  REQUEST_EVENT,
  RESPONSE_EVENT,
  newId,
  parseResponse,
  parseResult,
  type Action,
  type FlowEvent,
  type FlowStep,
  type Response,
  type ResultOf,
} from '../../src/protocol/index.js';
import { CardLinkKey } from './card-link-key.js';
import { connectHaws } from '../ha/haws-node-socket.js';

const TIMEOUT_MS = 10_000;

export class CardOverHaws {
  readonly responses: Response[] = [];
  readonly flowEvents: FlowEvent[] = [];
  readonly violations: string[] = [];
  /** The card's key for sealed Hosted Link URLs (card-link-key.ts). */
  readonly linkKey = new CardLinkKey();
  #actions = new Map<string, Action>();
  #waiters = new Set<() => void>();

  private constructor(readonly conn: Connection) {}

  /** Connects with `token` (an admin's, as the card runs for one) and listens for answers and flow events. */
  static async connect(url: string, token: string): Promise<CardOverHaws> {
    const card = new CardOverHaws(await connectHaws(url, token));
    try {
      await card.conn.subscribeEvents<HassEvent>((e) => card.#onResponse(e.data), RESPONSE_EVENT);
      await card.conn.subscribeEvents<HassEvent>((e) => card.#onFlowEvent(e.data), FLOW_EVENT);
    } catch (err) {
      card.close();
      throw err;
    }
    return card;
  }

  #onResponse(data: unknown): void {
    const parsed = parseResponse(data);
    if (!parsed.ok) {
      this.violations.push(`response: ${parsed.error.message}`);
      return;
    }
    const response = parsed.value;
    const action = this.#actions.get(response.id);
    if (response.ok && action) {
      const result = parseResult(action, response.result);
      if (!result.ok) this.violations.push(`${action} result: ${result.error.message}`);
    }
    this.responses.push(response);
    this.#wake();
  }

  #onFlowEvent(data: unknown): void {
    const [err, value] = validate(data, FlowEventSchema);
    if (err) this.violations.push(`flow event: ${err.message}`);
    else this.flowEvents.push(value);
    this.#wake();
  }

  #wake(): void {
    for (const waiter of [...this.#waiters]) waiter();
  }

  /** Resolves with `check()`'s first defined value, checked now and after every message that arrives. */
  #until<T>(what: string, check: () => T | undefined, timeoutMs: number): Promise<T> {
    const now = check();
    if (now !== undefined) return Promise.resolve(now);
    return new Promise((resolve, reject) => {
      const waiter = () => {
        const value = check();
        if (value === undefined) return;
        clearTimeout(timer);
        this.#waiters.delete(waiter);
        resolve(value);
      };
      const timer = setTimeout(() => {
        this.#waiters.delete(waiter);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      this.#waiters.add(waiter);
    });
  }

  /**
   * Fires a request as the card does and waits for its response. `via`
   * fires it on another connection (another user's, say); the answer still
   * arrives here, as HA's event bus gives it to every subscriber.
   */
  async request(
    action: Action,
    args: Record<string, unknown> = {},
    options: { via?: Connection; timeoutMs?: number } = {},
  ): Promise<Response> {
    const id = newId();
    this.#actions.set(id, action);
    const via = options.via ?? this.conn;
    await via.sendMessagePromise({
      type: 'fire_event',
      event_type: REQUEST_EVENT,
      event_data: { v: 1, id, action, ...this.linkKey.args(action, args) },
    });
    return this.#until(
      `the response to ${action}`,
      () => this.responses.find((r) => r.id === id),
      options.timeoutMs ?? TIMEOUT_MS,
    );
  }

  /** A successful response's result; a failed one throws with its code and message. */
  async ok<A extends Action>(
    action: A,
    args: Record<string, unknown> = {},
    timeoutMs = TIMEOUT_MS,
  ): Promise<ResultOf<A>> {
    const res = await this.request(action, args, { timeoutMs });
    if (!res.ok) throw new Error(`${action} failed: ${res.error.code}: ${res.error.message}`);
    return res.result as ResultOf<A>;
  }

  /** The first flow event of `flowId` with a step of `type`. */
  flowEvent(flowId: string, type: FlowStep['type'], timeoutMs = TIMEOUT_MS): Promise<FlowEvent> {
    return this.#until(
      `flow ${flowId} step ${type}`,
      () => this.flowEvents.find((e) => e.flow_id === flowId && e.step.type === type),
      timeoutMs,
    );
  }

  async step<T extends FlowStep['type']>(
    flowId: string,
    type: T,
    timeoutMs = TIMEOUT_MS,
  ): Promise<Extract<FlowStep, { type: T }>> {
    return (await this.flowEvent(flowId, type, timeoutMs)).step as Extract<FlowStep, { type: T }>;
  }

  /** The Hosted Link URL of an `external` step, opened as the card opens it. */
  hostedLinkUrl(step: FlowStep): string {
    return this.linkKey.url(step);
  }

  close(): void {
    this.conn.close();
  }
}
