/**
 * Starts the Plaid simulator, the HA simulator and the companion app
 * in-process, plus a HAWS connection playing the card. Every protocol message
 * the companion sends is validated against src/protocol's schemas as it
 * arrives; `violations` collects what did not fit.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
} from '../../../src/protocol/index.js';
import { startApp, type App } from '../../../src/companion/app.js';
import type { Config } from '../../../src/companion/config.js';
import { connectHaws } from '../../sim/ha/haws-node-socket.js';
import { startHaSim, type HaSim } from '../../sim/ha/server.js';
import { startPlaidSim, type PlaidSim } from '../../sim/plaid/server.js';
import { memoryLogger } from './fixtures.js';
import { startOrUndo } from '../../sim/undo-on-failure.js';
import { CardLinkKey } from '../../sim/card-link-key.js';

export interface HarnessOptions {
  fireEventRequiresAdmin?: boolean;
  pollIntervalMs?: number;
  balanceEndpoint?: Config['balanceEndpoint'];
  flowIdleTimeoutMs?: number;
  flowCardTimeoutMs?: number;
}

export async function waitUntil<T>(what: string, check: () => T | undefined | null | false, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** The companion's settings for the two simulators (HA's admin token, sandbox Plaid, hourly polls), with `overrides`. */
export function simulatorConfig(plaid: PlaidSim, ha: HaSim, dataDir: string, overrides: Partial<Config> = {}): Config {
  return {
    haUrl: ha.url,
    haToken: ha.adminToken,
    plaidClientId: plaid.clientId,
    plaidSecret: plaid.secret,
    plaidEnv: 'sandbox',
    plaidBaseUrl: plaid.url,
    plaidCountryCodes: ['US' as never],
    plaidProducts: ['transactions' as never],
    pollIntervalMs: 3600_000,
    dataDir,
    logLevel: 'info',
    balanceEndpoint: 'accounts_get',
    addon: false,
    ...overrides,
  };
}

export class Harness {
  readonly responses: Response[] = [];
  readonly flowEvents: FlowEvent[] = [];
  readonly violations: string[] = [];
  private readonly actions = new Map<string, Action>();
  app!: App;
  card!: Connection;

  private constructor(
    readonly plaid: PlaidSim,
    readonly ha: HaSim,
    readonly dataDir: string,
    readonly log: ReturnType<typeof memoryLogger>,
    readonly config: Config,
    private readonly options: HarnessOptions,
  ) {}

  /** Starts the simulators and the companion; when one fails, what had started is stopped again. */
  static start(options: HarnessOptions = {}): Promise<Harness> {
    return startOrUndo(async (parts) => {
      const plaid = parts.add(await startPlaidSim(), (sim) => sim.close());
      const ha = parts.add(await startHaSim({ fireEventRequiresAdmin: options.fireEventRequiresAdmin ?? true }), (sim) =>
        sim.close(),
      );
      const dataDir = parts.add(await mkdtemp(join(tmpdir(), 'pbc-app-')), (dir) => rm(dir, { recursive: true, force: true }));
      const config = simulatorConfig(plaid, ha, dataDir, {
        pollIntervalMs: options.pollIntervalMs ?? 3600_000,
        balanceEndpoint: options.balanceEndpoint ?? 'accounts_get',
      });
      const h = new Harness(plaid, ha, dataDir, memoryLogger('info'), config, options);
      parts.add(h, (started) => started.app?.close());
      await h.startCompanion();
      h.card = parts.add(await connectHaws(ha.url, ha.adminToken), (conn) => conn.close());
      await h.card.subscribeEvents<HassEvent>((e) => h.onResponse(e.data), RESPONSE_EVENT);
      await h.card.subscribeEvents<HassEvent>((e) => h.onFlowEvent(e.data), FLOW_EVENT);
      return h;
    });
  }

  async startCompanion(): Promise<void> {
    this.app = await startApp({
      config: this.config,
      log: this.log,
      linkCheckIntervalMs: 30,
      flowIdleTimeoutMs: this.options.flowIdleTimeoutMs,
      flowCardTimeoutMs: this.options.flowCardTimeoutMs,
      haRetry: { baseMs: 50, maxMs: 300 },
    });
    await this.ha.waitForSubscription(REQUEST_EVENT);
  }

  private onResponse(data: unknown): void {
    const parsed = parseResponse(data);
    if (!parsed.ok) {
      this.violations.push(`response: ${parsed.error.message}`);
      return;
    }
    const response = parsed.value;
    const action = this.actions.get(response.id);
    if (response.ok && action) {
      const result = parseResult(action, response.result);
      if (!result.ok) this.violations.push(`${action} result: ${result.error.message}`);
    }
    this.responses.push(response);
  }

  private onFlowEvent(data: unknown): void {
    const [err, value] = validate(data, FlowEventSchema);
    if (err) this.violations.push(`flow event: ${err.message}`);
    else this.flowEvents.push(value);
  }

  /** The card's key for sealed Hosted Link URLs; `hostedLinkUrl` opens them. */
  readonly linkKey = new CardLinkKey();

  hostedLinkUrl(step: FlowStep): string {
    return this.linkKey.url(step);
  }

  /** Fires a request as the card does and waits for its response. */
  async request(action: Action, args: Record<string, unknown> = {}, conn: Connection = this.card): Promise<Response> {
    const id = newId();
    this.actions.set(id, action);
    await conn.sendMessagePromise({ type: 'fire_event', event_type: REQUEST_EVENT, event_data: { v: 1, id, action, ...this.linkKey.args(action, args) } });
    return waitUntil(`response to ${action}`, () => this.responses.find((r) => r.id === id));
  }

  /** A successful response's result. */
  async ok<A extends Action>(action: A, args: Record<string, unknown> = {}): Promise<ResultOf<A>> {
    const res = await this.request(action, args);
    if (!res.ok) throw new Error(`${action} failed: ${res.error.code}: ${res.error.message}`);
    return res.result as ResultOf<A>;
  }

  waitForFlowStep(flowId: string, type: string, timeoutMs = 5000): Promise<FlowEvent> {
    return waitUntil(`flow ${flowId} step ${type}`, () => this.flowEvents.find((e) => e.flow_id === flowId && e.step.type === type), timeoutMs);
  }

  async close(): Promise<void> {
    this.card?.close();
    await this.app?.close();
    await this.ha.close();
    await this.plaid.close();
  }
}

/** Plays the user on Plaid's Hosted Link page, as a browser would (plain HTML form posts). */
export async function completeHostedLink(
  url: string,
  options: { institutionId?: string; exit?: boolean; accountIds?: string[]; update?: boolean } = {},
): Promise<void> {
  const post = async (path: string, fields: [string, string][]) => {
    const res = await fetch(url + path, { method: 'POST', body: new URLSearchParams(fields), redirect: 'manual' });
    await res.arrayBuffer();
    if (res.status >= 400) throw new Error(`hosted link ${path}: HTTP ${res.status}`);
  };
  await (await fetch(url)).arrayBuffer();
  if (options.exit) return post('/exit', []);
  if (!options.update) await post('/institution', [['institution_id', options.institutionId ?? 'ins_109508']]);
  await post('/credentials', [
    ['username', 'user_good'],
    ['password', 'pass_good'],
  ]);
  const html = await (await fetch(url)).text();
  if (!html.includes('data-step="accounts"')) return;
  const offered = [...html.matchAll(/name="account_id" value="([^"]+)"/g)].map((m) => m[1]!);
  await post('/accounts', (options.accountIds ?? offered).map((id) => ['account_id', id]));
}
