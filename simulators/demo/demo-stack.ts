import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { COMPANION_NODE_FLAGS } from '../../scripts/build-companion.mjs';
import { once } from 'node:events';
import type { LatencyOptions } from '../ha/latency.js';
import { startHaSim, type HaSim } from '../ha/ha-server.js';
import { startPlaidSim, type PlaidSim } from '../plaid/plaid-server.js';
import { REQUEST_EVENT } from '../../src/protocol/index.js';
import { startOrUndo } from './undo-on-failure.js';
import { attachMqtt } from '../ha/mqtt/mqtt-integration.js';
import { Mosquitto } from '../mosquitto/mosquitto.js';
import { linkBank, type LinkBankOptions } from './link-bank.js';
import { stopChild } from './stop-child.js';
import { attachStatistics, type SimStatistics } from '../ha/statistics.js';
import { DEMO_THEMES } from './demo-theme.js';
import {
  CARD_RESOURCE,
  DASHBOARD_PATH,
  HACS_CARD_RESOURCE,
  cardFiles,
  hacsCardFiles,
  putCardOnDashboard,
} from './card-dashboard.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
/** The built card's entry; its chunks sit beside it (rollup.config.mjs). */
export const CARD_BUNDLE = join(REPO, 'dist/plaid-balance-card.js');
export { CARD_RESOURCE, DASHBOARD_PATH } from './card-dashboard.js';
// No title: the card's default one follows the user's language.
export const DEFAULT_CARD_CONFIG = { type: 'custom:plaid-balance-card', total: true };
/** What `npm run companion` runs: the bundled companion, rebuilt when its sources changed. */
const COMPANION_MAIN = join(REPO, 'scripts/companion.mjs');

export interface DemoStackOptions {
  /** The HA simulator's port (HA's frontend is served from it). 0 = any free port. */
  haPort?: number;
  /** The Plaid simulator's port. 0 (default) = any free port. */
  plaidPort?: number;
  /** Logins at HA's login page; generated when omitted. */
  adminPassword?: string;
  userPassword?: string;
  /** The card on the dashboard; default DEFAULT_CARD_CONFIG. */
  card?: Record<string, unknown>;
  /** Shorter than HA's 30 minutes, to see the frontend refresh its token. */
  accessTokenExpirationMs?: number;
  /** Passed to the companion as POLL_INTERVAL. */
  pollInterval?: string;
  /** Passed to the companion as PLAID_PRODUCTS (its default: transactions). */
  plaidProducts?: string;
  logLevel?: 'debug' | 'info' | 'warn' | 'error';
  /** Mirror the companion's output here as it arrives (the demo prints it). */
  onCompanionOutput?: (line: string) => void;
  /** Default true, as HA. False starts a misconfigured HA that lets non-admins fire events. */
  fireEventRequiresAdmin?: boolean;
  /** Start Debian's Mosquitto, HA's MQTT integration in the simulator, and the companion in MQTT mode. */
  mqtt?: boolean;
  /** Delay on every HA websocket message and REST answer, as over remote access. */
  haLatency?: LatencyOptions;
  /** Delay per Plaid endpoint, e.g. `{'/link/token/create': 4000}`. */
  plaidLatency?: Record<string, number>;
  /** How the card was installed: copied to `<config>/www` (default) or by HACS (`/hacsfiles/`). */
  install?: 'local' | 'hacs';
}

/**
 * The whole product on loopback, with no Plaid account and no Home Assistant:
 * both simulators (the HA one serving HA's own frontend with a storage-mode
 * dashboard that holds the card, the card loaded as a Lovelace resource), and
 * the real companion CLI as a child process configured only through its
 * ordinary environment variables.
 */
export class DemoStack {
  /** Every line the companion printed, for leak scans. */
  readonly companionOutput: string[] = [];
  private companion: ChildProcess | null = null;
  /** HA's long-term statistics (the card's trends read them). */
  statistics!: SimStatistics;
  /** The broker in MQTT mode. */
  broker: Mosquitto | null = null;

  private constructor(
    readonly ha: HaSim,
    readonly plaid: PlaidSim,
    readonly dataDir: string,
    private readonly options: DemoStackOptions,
  ) {}

  /** Starts everything; when a part fails to start, the parts already started are stopped again. */
  static start(options: DemoStackOptions = {}): Promise<DemoStack> {
    return startOrUndo(async (parts) => {
      const ha = parts.add(
        await startHaSim({
          port: options.haPort ?? 0,
          fireEventRequiresAdmin: options.fireEventRequiresAdmin ?? true,
          frontend: options.install === 'hacs' ? { hacsfiles: hacsCardFiles() } : { local: cardFiles() },
          themes: DEMO_THEMES,
          ...(options.adminPassword ? { adminPassword: options.adminPassword } : {}),
          ...(options.userPassword ? { userPassword: options.userPassword } : {}),
          ...(options.haLatency ? { latency: options.haLatency } : {}),
        }),
        (sim) => sim.close(),
      );
      if (options.accessTokenExpirationMs) ha.hass.auth.accessTokenExpirationMs = options.accessTokenExpirationMs;
      putCardOnDashboard(
        ha,
        [{ title: 'Home', path: 'home', cards: [options.card ?? DEFAULT_CARD_CONFIG] }],
        options.install === 'hacs' ? HACS_CARD_RESOURCE : CARD_RESOURCE,
      );
      const plaid = parts.add(
        await startPlaidSim({
          port: options.plaidPort ?? 0,
          ...(options.plaidLatency ? { latency: options.plaidLatency } : {}),
        }),
        (sim) => sim.close(),
      );
      const dataDir = parts.add(await mkdtemp(join(tmpdir(), 'plaid-balance-demo-')), (dir) =>
        rm(dir, { recursive: true, force: true }),
      );
      const stack = new DemoStack(ha, plaid, dataDir, options);
      stack.statistics = attachStatistics(ha);
      if (options.mqtt) {
        stack.broker = parts.add(await Mosquitto.start(), (broker) => broker.stop());
        await attachMqtt(ha, {
          url: stack.broker.url,
          username: stack.broker.homeassistant.username,
          password: stack.broker.homeassistant.password,
        });
      }
      parts.add(stack, (s) => s.stopCompanion());
      await stack.startCompanion();
      return stack;
    });
  }

  /** The dashboard in HA's frontend; a browser without a login lands on HA's login page first. */
  get dashboardUrl(): string {
    return `${this.ha.url}${DASHBOARD_PATH}`;
  }

  /** Links a bank as the card would, Hosted Link completed over HTTP (for `demo --linked`). */
  linkBank(institutionId: string, options: LinkBankOptions = {}): Promise<string[]> {
    return linkBank(this.ha, institutionId, options);
  }

  /** The companion's environment: exactly what a user would export. */
  companionEnv(): NodeJS.ProcessEnv {
    return {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      HA_URL: this.ha.url,
      HA_TOKEN: this.ha.adminToken,
      PLAID_CLIENT_ID: this.plaid.clientId,
      PLAID_SECRET: this.plaid.secret,
      PLAID_ENV: 'sandbox',
      PLAID_BASE_URL: this.plaid.url,
      DATA_DIR: this.dataDir,
      LOG_LEVEL: this.options.logLevel ?? 'info',
      ...(this.options.pollInterval ? { POLL_INTERVAL: this.options.pollInterval } : {}),
      ...(this.options.plaidProducts ? { PLAID_PRODUCTS: this.options.plaidProducts } : {}),
      ...(this.broker
        ? {
            SENSOR_TRANSPORT: 'mqtt',
            MQTT_URL: this.broker.url,
            MQTT_USERNAME: this.broker.companion.username,
            MQTT_PASSWORD: this.broker.companion.password,
          }
        : {}),
    };
  }

  get companionRunning(): boolean {
    return this.companion !== null;
  }

  /** Starts the companion and resolves once it listens for the card's requests. */
  async startCompanion(): Promise<void> {
    if (this.companion) return;
    const child = spawn(process.execPath, [...COMPANION_NODE_FLAGS, COMPANION_MAIN, 'start'], {
      cwd: REPO,
      env: this.companionEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.companion = child;
    const collect = (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (!line) continue;
        this.companionOutput.push(line);
        this.options.onCompanionOutput?.(line);
      }
    };
    child.stdout!.on('data', collect);
    child.stderr!.on('data', collect);
    child.once('exit', () => {
      if (this.companion === child) this.companion = null;
    });
    const exited = once(child, 'exit').then(([code]) => {
      throw new Error(
        `companion exited with code ${code} before it was ready:\n${this.companionOutput.slice(-20).join('\n')}`,
      );
    });
    await Promise.race([this.ha.waitForSubscription(REQUEST_EVENT, 30_000), exited]);
  }

  /** `kill -9`: no clean shutdown, so the broker sends the companion's last will. */
  async killCompanion(): Promise<void> {
    const child = this.companion;
    if (!child) return;
    const exited = once(child, 'exit');
    child.kill('SIGKILL');
    await exited;
  }

  async stopCompanion(): Promise<void> {
    if (this.companion) await stopChild(this.companion);
  }

  async close(): Promise<void> {
    await this.stopCompanion();
    await Promise.all([this.ha.close(), this.plaid.close()]);
    await this.broker?.stop();
    await rm(this.dataDir, { recursive: true, force: true });
  }
}
