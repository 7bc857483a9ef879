/**
 * Starts the Plaid simulator, the HA simulator and the companion app
 * in-process, plus a HAWS connection playing the card (simulators/demo/card-over-haws.ts),
 * which validates every protocol message the companion sends as it arrives;
 * `h.card.violations` collects what did not fit.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REQUEST_EVENT } from '../../../src/protocol/index.js';
import { startApp, type App } from '../../../src/companion/app.js';
import type { ServiceConfig } from '../../../src/companion/config/config.js';
import { CardOverHaws } from '../../../simulators/demo/card-over-haws.js';
import { startHaSim, type HaSim } from '../../../simulators/ha/ha-server.js';
import { startPlaidSim, type PlaidSim } from '../../../simulators/plaid/plaid-server.js';
import { memoryLogger } from './fixtures.js';
import { startOrUndo } from '../../../simulators/demo/undo-on-failure.js';

export interface HarnessOptions {
  fireEventRequiresAdmin?: boolean;
  pollIntervalMs?: number;
  balanceEndpoint?: ServiceConfig['balanceEndpoint'];
  plaidProducts?: ServiceConfig['plaidProducts'];
  flowIdleTimeoutMs?: number;
  flowCardTimeoutMs?: number;
}

export async function waitUntil<T>(
  what: string,
  check: () => T | undefined | null | false,
  timeoutMs = 5000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/**
 * The companion's settings for the two simulators (HA's admin token, sandbox Plaid, hourly polls), with
 * `overrides`.
 */
export function simulatorConfig(
  plaid: PlaidSim,
  ha: HaSim,
  dataDir: string,
  overrides: Partial<ServiceConfig> = {},
): ServiceConfig {
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
    transactions: 'on',
    storeKey: null,
    storeKeyFile: null,
    healthFile: null,
    sensorTransport: 'auto',
    mqttUrl: null,
    mqttUsername: null,
    mqttPassword: null,
    mqttDiscoveryPrefix: 'homeassistant',
    addon: false,
    supervisorToken: null,
    ...overrides,
  };
}

export class Harness {
  app!: App;
  /** The card's side, as the HA admin; its `violations` collect every message that did not fit the protocol. */
  card!: CardOverHaws;

  private constructor(
    readonly plaid: PlaidSim,
    readonly ha: HaSim,
    readonly dataDir: string,
    readonly log: ReturnType<typeof memoryLogger>,
    readonly config: ServiceConfig,
    private readonly options: HarnessOptions,
  ) {}

  /** Starts the simulators and the companion; when one fails, what had started is stopped again. */
  static start(options: HarnessOptions = {}): Promise<Harness> {
    return startOrUndo(async (parts) => {
      const plaid = parts.add(await startPlaidSim(), (sim) => sim.close());
      const ha = parts.add(
        await startHaSim({ fireEventRequiresAdmin: options.fireEventRequiresAdmin ?? true }),
        (sim) => sim.close(),
      );
      const dataDir = parts.add(await mkdtemp(join(tmpdir(), 'pbc-app-')), (dir) =>
        rm(dir, { recursive: true, force: true }),
      );
      const config = simulatorConfig(plaid, ha, dataDir, {
        pollIntervalMs: options.pollIntervalMs ?? 3600_000,
        balanceEndpoint: options.balanceEndpoint ?? 'accounts_get',
        ...(options.plaidProducts && { plaidProducts: options.plaidProducts }),
      });
      const h = new Harness(plaid, ha, dataDir, memoryLogger('info'), config, options);
      parts.add(h, (started) => started.app?.close());
      await h.startCompanion();
      h.card = parts.add(await CardOverHaws.connect(ha.url, ha.adminToken), (card) => card.close());
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

  async close(): Promise<void> {
    this.card?.close();
    await this.app?.close();
    await this.ha.close();
    await this.plaid.close();
  }
}
