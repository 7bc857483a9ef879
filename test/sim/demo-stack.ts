import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { COMPANION_NODE_FLAGS } from '../../scripts/build-companion.mjs';
import { once } from 'node:events';
import type { LatencyOptions } from './ha/latency.js';
import { startHaSim, type HaSim } from './ha/server.js';
import { startPlaidSim, type PlaidSim } from './plaid/server.js';
import { mountDashboard, type DashboardUrl } from './dashboard/dashboard.js';
import { REQUEST_EVENT } from '../../src/protocol/index.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
/** What `npm run companion` runs: the bundled companion, rebuilt when its sources changed. */
const COMPANION_MAIN = join(REPO, 'scripts/companion.mjs');

export interface DemoStackOptions {
  /** The HA simulator's port (the dashboard is served from it). 0 = any free port. */
  haPort?: number;
  /** Passed to the companion as POLL_INTERVAL. */
  pollInterval?: string;
  logLevel?: 'debug' | 'info' | 'warn' | 'error';
  /** Mirror the companion's output here as it arrives (the demo prints it). */
  onCompanionOutput?: (line: string) => void;
  /** Default true, as HA. False starts a misconfigured HA that lets non-admins fire events. */
  fireEventRequiresAdmin?: boolean;
  /** Delay on every HA websocket message and REST answer, as over remote access. */
  haLatency?: LatencyOptions;
  /** Delay per Plaid endpoint, e.g. `{'/link/token/create': 4000}`. */
  plaidLatency?: Record<string, number>;
}

/**
 * The whole product on loopback, with no Plaid account and no Home Assistant:
 * both simulators, the dashboard page, and the real companion CLI as a child
 * process configured only through its ordinary environment variables.
 */
export class DemoStack {
  /** Every line the companion printed, for leak scans. */
  readonly companionOutput: string[] = [];
  private companion: ChildProcess | null = null;

  private constructor(
    readonly ha: HaSim,
    readonly plaid: PlaidSim,
    readonly dataDir: string,
    readonly dashboardUrl: DashboardUrl,
    private readonly options: DemoStackOptions,
  ) {}

  static async start(options: DemoStackOptions = {}): Promise<DemoStack> {
    const ha = await startHaSim({
      port: options.haPort ?? 0,
      fireEventRequiresAdmin: options.fireEventRequiresAdmin ?? true,
      ...(options.haLatency ? { latency: options.haLatency } : {}),
    });
    const plaid = await startPlaidSim(options.plaidLatency ? { latency: options.plaidLatency } : {});
    const dashboard = mountDashboard(ha);
    const dataDir = await mkdtemp(join(tmpdir(), 'plaid-balance-demo-'));
    const stack = new DemoStack(ha, plaid, dataDir, dashboard.url, options);
    await stack.startCompanion();
    return stack;
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
      throw new Error(`companion exited with code ${code} before it was ready:\n${this.companionOutput.slice(-20).join('\n')}`);
    });
    await Promise.race([this.ha.waitForSubscription(REQUEST_EVENT, 30_000), exited]);
  }

  async stopCompanion(): Promise<void> {
    const child = this.companion;
    if (!child) return;
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  }

  async close(): Promise<void> {
    await this.stopCompanion();
    await Promise.all([this.ha.close(), this.plaid.close()]);
    await rm(this.dataDir, { recursive: true, force: true });
  }
}
