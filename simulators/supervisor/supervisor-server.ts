/**
 * The Home Assistant Supervisor, as far as one add-on sees it: the API at
 * `http://supervisor` (here a loopback port) with Core's API proxied under
 * `/core` and `/services/mqtt`, and the add-on's lifecycle: options checked
 * against config.yaml's schema and written to `/data/options.json`, a fresh
 * SUPERVISOR_TOKEN per start, SIGTERM on stop. See README.md for the
 * Supervisor source each part follows and what is simplified.
 */
import { randomBytes } from 'node:crypto';
import { cp, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { TEST_DATA_DIR_ENV, TEST_SUPERVISOR_URL_ENV } from '../../src/companion/config/addon-environment.js';
import { AddonContainer } from './addon-container.js';
import { validateOptions, type Options, type OptionsSchema } from './addon-options.js';
import { plainError, proxyRest, WebsocketProxy, type CoreProxyTarget } from './core-proxy.js';

/** What an MQTT broker add-on (e.g. Mosquitto) registered with POST /services/mqtt. */
export interface MqttServiceData {
  host: string;
  port: number;
  username?: string;
  password?: string;
  ssl?: boolean;
  protocol?: '3.1' | '3.1.1';
  /** The providing add-on's slug, e.g. core_mosquitto. */
  addon: string;
}

export interface SupervisorSimOptions {
  /** The add-on's folder (config.yaml, Dockerfile, run.sh). */
  addonDir: string;
  /** Core's URL and the Supervisor's token there (HA's system user "Supervisor", an admin). */
  haUrl: string;
  haToken: string;
  /** A broker add-on providing the mqtt service; default none. */
  mqtt?: MqttServiceData | null;
}

interface AddonConfig {
  name: string;
  slug: string;
  homeassistant_api?: boolean;
  services?: string[];
  timeout?: number;
  backup_exclude?: string[];
  options?: Options;
  schema?: OptionsSchema;
}

/** A PurePath.match pattern as a test on a path: `*` and `?` within one component, anchored at the end. */
function globToRegExp(pattern: string): RegExp {
  const body = pattern
    .split('')
    .map((c) => (c === '*' ? '[^/]*' : c === '?' ? '[^/]' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`(?:^|/)${body}$`);
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/** `extract_supervisor_token`: X-Supervisor-Token, the old X-Hassio-Key, else the bearer token. */
function supervisorToken(req: IncomingMessage): string | undefined {
  for (const header of ['x-supervisor-token', 'x-hassio-key']) {
    const value = req.headers[header];
    if (typeof value === 'string' && value) return value;
  }
  return req.headers.authorization?.split(' ').at(-1) || undefined;
}

export class SupervisorSim {
  readonly config: AddonConfig;
  /** The user's options as set in the add-on's Configuration tab (merged over config.yaml's defaults at start). */
  userOptions: Options = {};
  mqtt: MqttServiceData | null;
  private container: AddonContainer | undefined;
  private addonToken: string | null = null;
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private readonly ws: WebsocketProxy;

  private constructor(
    private readonly options: SupervisorSimOptions,
    config: AddonConfig,
    readonly dataDir: string,
    private readonly tmpDir: string,
  ) {
    this.config = config;
    this.mqtt = options.mqtt ?? null;
    const target: CoreProxyTarget = {
      haUrl: options.haUrl,
      haToken: options.haToken,
      addonFor: (token) => (config.homeassistant_api && token === this.addonToken ? config.slug : null),
    };
    this.ws = new WebsocketProxy(target);
    this.server = createServer((req, res) => {
      this.route(req, res, target).catch(() => {
        if (!res.headersSent) plainError(res, 500, 'Internal Server Error');
        else res.destroy();
      });
    });
    this.server.on('connection', (s: Socket) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    this.server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
      const path = new URL(req.url ?? '/', 'http://supervisor').pathname;
      if (path === '/core/websocket' || path === '/core/api/websocket') this.ws.upgrade(req, socket, head);
      else socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
    });
  }

  static async start(options: SupervisorSimOptions): Promise<SupervisorSim> {
    const config = parseYaml(await readFile(join(options.addonDir, 'config.yaml'), 'utf8')) as AddonConfig;
    const dataDir = await mkdtemp(join(tmpdir(), 'supervisor-sim-data-'));
    const tmp = await mkdtemp(join(tmpdir(), 'supervisor-sim-tmp-'));
    const sim = new SupervisorSim(options, config, dataDir, tmp);
    await new Promise<void>((resolve) => sim.server.listen(0, '127.0.0.1', resolve));
    return sim;
  }

  /** Where the add-on reaches the Supervisor (http://supervisor in a real container). */
  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** The running add-on's SUPERVISOR_TOKEN (new at every start), for tests that call the API as the add-on. */
  get addonSupervisorToken(): string | null {
    return this.addonToken;
  }

  /** The add-on log: the container's stdout and stderr, one entry a line. */
  get log(): readonly string[] {
    return this.container?.log ?? [];
  }

  get running(): boolean {
    return this.container?.running ?? false;
  }

  /**
   * `App.start`: a new token, the options checked and written to
   * /data/options.json (an OptionsInvalid error and no start when they do not
   * fit the schema), then the container runs.
   */
  async startAddon(): Promise<void> {
    if (this.running) throw new Error('supervisor-sim: the add-on is already running');
    this.addonToken = randomBytes(56).toString('hex');
    const options = validateOptions(
      this.config.schema ?? {},
      this.config.options ?? {},
      this.userOptions,
      `${this.config.name} (${this.config.slug})`,
    );
    await writeFile(join(this.dataDir, 'options.json'), JSON.stringify(options));
    this.container = new AddonContainer({
      addonDir: this.options.addonDir,
      dataDir: this.dataDir,
      tmpDir: this.tmpDir,
      stopTimeoutS: this.config.timeout,
      env: {
        TZ: 'UTC',
        SUPERVISOR_TOKEN: this.addonToken,
        HASSIO_TOKEN: this.addonToken,
        // Test only: what the container would reach as http://supervisor and mount as /data.
        [TEST_SUPERVISOR_URL_ENV]: this.url,
        [TEST_DATA_DIR_ENV]: this.dataDir,
      },
    });
    this.container.run();
  }

  /**
   * A backup of the add-on restored onto it (`App.backup`, `App.restore`):
   * the backup holds /data without what `backup_exclude` matches, and the
   * restore replaces /data with that copy. The add-on must be stopped.
   */
  async backupAndRestore(): Promise<void> {
    if (this.running) throw new Error('supervisor-sim: stop the add-on first');
    const backup = await mkdtemp(join(tmpdir(), 'supervisor-sim-backup-'));
    try {
      const excluded = (this.config.backup_exclude ?? []).map(globToRegExp);
      // `_is_excluded_by_filter`: PurePath.match, i.e. the pattern against the path's last components.
      await cp(this.dataDir, backup, { recursive: true, filter: (src) => !excluded.some((re) => re.test(src)) });
      for (const entry of await readdir(this.dataDir))
        await rm(join(this.dataDir, entry), { recursive: true, force: true });
      await cp(backup, this.dataDir, { recursive: true });
    } finally {
      await rm(backup, { recursive: true, force: true });
    }
  }

  /** `App.stop` (docker stop). Resolves with the exit code; null when it had to be killed. */
  stopAddon(): Promise<number | null> {
    return this.container?.stop() ?? Promise.resolve(null);
  }

  /** Resolves when the add-on's process ends by itself, with its exit code. */
  waitForExit(): Promise<number | null> {
    return this.container?.wait() ?? Promise.resolve(null);
  }

  /** The image's HEALTHCHECK command, run as Docker runs it: 0 healthy, else unhealthy. */
  healthcheck(): Promise<number | null> {
    if (!this.container) throw new Error('supervisor-sim: the add-on never started');
    return this.container.healthcheck();
  }

  async waitForLog(pattern: RegExp, timeoutMs = 15_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const line = this.log.find((l) => pattern.test(l));
      if (line !== undefined) return line;
      if (Date.now() > deadline)
        throw new Error(
          `supervisor-sim: no add-on log line matched ${pattern} in ${timeoutMs} ms:\n${this.log.join('\n')}`,
        );
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  async close(): Promise<void> {
    await this.stopAddon();
    this.ws.close();
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    await rm(this.dataDir, { recursive: true, force: true });
    await rm(this.tmpDir, { recursive: true, force: true });
  }

  private async route(req: IncomingMessage, res: ServerResponse, target: CoreProxyTarget): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://supervisor');
    const core = /^\/core\/api\/(.*)$/.exec(url.pathname);
    if (core && ['GET', 'POST', 'DELETE'].includes(req.method ?? '')) {
      if (req.method !== 'GET' && core[1] === '') return plainError(res, 405, 'Method Not Allowed');
      return proxyRest(target, req, res, core[1]!, url.search);
    }
    const service = /^\/services\/([^/]+)$/.exec(url.pathname);
    if (service && req.method === 'GET') return this.getService(req, res, service[1]!);
    plainError(res, 404, 'Not Found');
  }

  /** GET /services/{service} (api/services.py `get_service_v1`), behind the security middleware's token check. */
  private getService(req: IncomingMessage, res: ServerResponse, name: string): void {
    const token = supervisorToken(req);
    if (!token) return plainError(res, 401, 'Unauthorized');
    // /services.* is in api_bypass: any installed add-on's token passes the middleware; others are refused.
    if (token !== this.addonToken) return plainError(res, 403, 'Forbidden');
    if (name !== 'mqtt' && name !== 'mysql')
      return json(res, 404, { result: 'error', message: 'Service does not exist' });
    const role = (this.config.services ?? []).map((s) => s.split(':')).find(([service]) => service === name)?.[1];
    if (!role) return json(res, 403, { result: 'error', message: `No access to ${name} service!` });
    const data = name === 'mqtt' ? this.mqtt : null;
    if (!data) return json(res, 400, { result: 'error', message: 'Service not enabled' });
    // SCHEMA_SERVICE_MQTT's defaults, and v1's "addon" key for the provider.
    json(res, 200, { result: 'ok', data: { ssl: false, protocol: '3.1.1', ...data } });
  }
}
