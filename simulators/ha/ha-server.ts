/**
 * The Home Assistant simulator: one HTTP server with HA's REST API and its
 * websocket at `/api/websocket`, plus the controls tests need (restart,
 * dropped sockets, a record of everything seen, waits) and a hook for extra
 * routes (HA's frontend files are served through it).
 *
 * Over 300 lines: this is the sim's one public surface (the tests' controls
 * and waits); the behaviour behind it lives in the files it imports.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { newContext, type HaEvent } from './event-bus.js';
import { Hass, type ConfigOverrides } from './ha-core.js';
import type { ThemeConfig } from './themes.js';
import type { IpBanOptions } from './ip-ban.js';
import type { LatencyOptions } from './latency.js';
import type { RecordEntry } from './record.js';
import type { RecorderDatabase } from './recorder-database.js';
import { handleRest, httpError, userFromAuthorization, type RestResponse } from './rest-api.js';
import type { Json, JsonObject } from './schema.js';
import type { Notification } from './services.js';
import { toStateObject, type StateObject } from './state-machine.js';
import { isAdmin, type User, type UserSpec } from './users.js';
import { REGISTRY_COMMANDS } from './registry/commands.js';
import { COMMANDS } from './websocket-commands.js';
import { authRoutes } from './auth-http.js';
import { frontendRoutes } from './frontend-files.js';
import { FRONTEND_COMMANDS } from './frontend-commands.js';
import { panels } from './panels.js';
import { WsConnection, type Command } from './websocket-connection.js';

export type { HaEvent } from './event-bus.js';
export type { RecordEntry } from './record.js';
export type { Notification } from './services.js';
export type { StateObject } from './state-machine.js';
export type { UserSpec } from './users.js';
export type { ThemeConfig } from './themes.js';
export type { Command, CommandMessage, WsConnection } from './websocket-connection.js';

export interface HaSimOptions {
  /** Default 0: any free port. Restarts come back on the same port. */
  port?: number;
  host?: string;
  /** Long-lived token of the owner (an admin). Generated when omitted. */
  adminToken?: string;
  /** Long-lived token of a non-admin user. Generated when omitted. */
  userToken?: string;
  /** Default true, as HA. False simulates an HA that lets non-admins fire events. */
  fireEventRequiresAdmin?: boolean;
  /** More users besides the owner, the normal user and HA's own system user. */
  users?: UserSpec[];
  config?: ConfigOverrides;
  /** Failed logins and IP bans as `http: login_attempts_threshold` sets them (ip-ban.ts). */
  ipBan?: IpBanOptions;
  /** Delay on every websocket message and REST answer (latency.ts). */
  latency?: LatencyOptions;
  /**
   * Serve HA's own prebuilt frontend (from `.cache/ha-frontend/`) at `/`,
   * with these files under `/local/` (e.g. the card's bundle) and, as HACS
   * adds, under `/hacsfiles/` (keyed `<repository>/<file>`).
   */
  frontend?: { local?: Record<string, string>; hacsfiles?: Record<string, string> };
  /** configuration.yaml's `frontend: themes:` (themes.ts); none by default, as a fresh install. */
  themes?: Record<string, ThemeConfig>;
  /** Passwords of the admin and the normal user; generated when omitted. */
  adminPassword?: string;
  userPassword?: string;
}

export interface SimUser {
  id: string;
  name: string;
  /** Login at the frontend's login page (null for system-generated users). */
  username: string | null;
  password: string | null;
  /** Null for system-generated users. */
  token: string | null;
  isAdmin: boolean;
  isActive: boolean;
}

export interface SimSubscription {
  connection: number;
  userId: string;
  /** The websocket message id the subscription answers to. */
  id: number;
  command: string;
  eventType: string | undefined;
}

export interface SimIntegration {
  start(): Promise<void>;
  stop(): Promise<void>;
}

export type RouteHandler = (req: IncomingMessage, res: ServerResponse, body: Buffer) => void | Promise<void>;

interface MountedRoute {
  method: string;
  prefix: string;
  handler: RouteHandler;
}

const DEFAULT_WAIT_MS = 5000;

function simUser(user: User): SimUser {
  return {
    id: user.id,
    name: user.name,
    username: user.username,
    password: user.password,
    token: user.token,
    isAdmin: isAdmin(user),
    isActive: user.isActive,
  };
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export class HaSim {
  /** The simulated core, for tests that need more than the helpers below. */
  readonly hass: Hass;
  readonly adminToken: string;
  readonly userToken: string;
  readonly adminUser: SimUser;
  readonly normalUser: SimUser;
  private readonly server: Server;
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly connections = new Set<WsConnection>();
  private readonly sockets = new Set<Socket>();
  private readonly routes: MountedRoute[] = [];
  /** Per simulator, so one test's extra commands do not leak into another's. */
  private readonly commands: Record<string, Command> = { ...COMMANDS, ...REGISTRY_COMMANDS };
  private readonly integrations: SimIntegration[] = [];
  private port: number;
  private readonly host: string;
  private indexView: RouteHandler | null = null;

  constructor(options: HaSimOptions = {}) {
    this.port = options.port ?? 0;
    this.host = options.host ?? '127.0.0.1';
    this.hass = new Hass({
      fireEventRequiresAdmin: options.fireEventRequiresAdmin ?? true,
      config: options.config ?? {},
      ...(options.ipBan ? { ipBan: options.ipBan } : {}),
      ...(options.latency ? { latency: options.latency } : {}),
      ...(options.themes ? { themes: options.themes } : {}),
    });
    const users = this.hass.users;
    const admin = users.add({
      name: 'Admin',
      owner: true,
      admin: true,
      ...(options.adminToken ? { token: options.adminToken } : {}),
      ...(options.adminPassword ? { password: options.adminPassword } : {}),
    });
    const normal = users.add({
      name: 'User',
      ...(options.userToken ? { token: options.userToken } : {}),
      ...(options.userPassword ? { password: options.userPassword } : {}),
    });
    // Every HA install has it; clients listing users must not mistake it for a person.
    users.add({ name: 'Home Assistant Content', systemGenerated: true });
    for (const spec of options.users ?? []) users.add(spec);
    this.adminToken = admin.token!;
    this.userToken = normal.token!;
    this.adminUser = simUser(admin);
    this.normalUser = simUser(normal);

    for (const r of authRoutes(this.hass)) this.route(r.method, r.prefix, r.handler);
    if (options.frontend) {
      const frontend = frontendRoutes({
        local: options.frontend.local ?? {},
        hacsfiles: options.frontend.hacsfiles ?? {},
        panelPaths: () => Object.keys(panels()),
      });
      for (const r of frontend.routes) this.route(r.method, r.prefix, r.handler);
      this.indexView = frontend.index;
    }
    for (const [type, command] of Object.entries(FRONTEND_COMMANDS)) this.commands[type] = command;

    this.server = createServer((req, res) => void this.onRequest(req, res));
    this.server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    this.server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
      if (new URL(req.url ?? '/', 'http://sim').pathname !== '/api/websocket') {
        socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
        return;
      }
      if (this.hass.ipBans.isBanned(socket.remoteAddress ?? '')) {
        socket.end(
          'HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain; charset=utf-8\r\n' +
            'Connection: close\r\n\r\n403: Forbidden',
        );
        return;
      }
      this.wss.handleUpgrade(req, socket, head, (ws: WebSocket) => this.onSocket(ws, socket.remoteAddress ?? ''));
    });
  }

  get url(): string {
    return `http://${this.publicHost}:${this.port}`;
  }

  get wsUrl(): string {
    return `ws://${this.publicHost}:${this.port}/api/websocket`;
  }

  private get publicHost(): string {
    return this.host === '0.0.0.0' || this.host === '::' ? '127.0.0.1' : this.host;
  }

  get users(): SimUser[] {
    return this.hass.users.all().map(simUser);
  }

  /** A snapshot of the state machine, as `State.as_dict()` objects. */
  get states(): ReadonlyMap<string, StateObject> {
    return new Map(this.hass.states.all().map((s) => [s.entityId, toStateObject(s)]));
  }

  /** Every event fired since start, restarts included. */
  get events(): readonly HaEvent[] {
    return this.hass.bus.fired;
  }

  get notifications(): ReadonlyMap<string, Notification> {
    return this.hass.services.notifications;
  }

  /** What HA's recorder would hold: `sim.recorder.size()` gives rows and bytes per table. */
  get recorder(): RecorderDatabase {
    return this.hass.database;
  }

  get record(): readonly RecordEntry[] {
    return this.hass.recorder.entries;
  }

  /** Everything recorded, one entry a line, wire text verbatim: for substring scans. */
  recordText(): string {
    return this.hass.recorder.text();
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  async start(): Promise<void> {
    await this.listen();
    this.hass.recorder.add({ kind: 'lifecycle', what: 'start' });
  }

  /**
   * An HA restart: every socket drops, the port refuses connections for
   * `downMs`, and HA comes back with no states and no notifications (users and
   * tokens survive, as they live in `.storage`).
   */
  async restart(options: { downMs?: number } = {}): Promise<void> {
    this.hass.recorder.add({ kind: 'lifecycle', what: 'restart' });
    for (const integration of this.integrations) await integration.stop();
    await this.stopListening();
    this.hass.states.clear();
    this.hass.services.notifications.clear();
    if (options.downMs) await new Promise((resolve) => setTimeout(resolve, options.downMs));
    await this.listen();
    for (const integration of this.integrations) await integration.start();
  }

  /** An integration (MQTT) that stops with HA and starts again after a restart; `close()` stops it too. */
  addIntegration(integration: SimIntegration): void {
    this.integrations.push(integration);
  }

  /** Cuts every websocket without a close frame; HA keeps running and keeps its states. */
  dropSockets(): void {
    this.hass.recorder.add({ kind: 'lifecycle', what: 'drop-sockets' });
    for (const conn of this.connections) conn.terminate();
    this.connections.clear();
  }

  async close(): Promise<void> {
    this.hass.recorder.add({ kind: 'lifecycle', what: 'close' });
    for (const integration of this.integrations) await integration.stop();
    await this.stopListening();
    this.wss.close();
  }

  /**
   * Serves extra paths (HA's frontend, static files) from the same origin.
   * Matched before HA's own routes, longest prefix first; `method` '*' matches any.
   */
  route(method: string, pathPrefix: string, handler: RouteHandler): void {
    this.routes.push({ method: method.toUpperCase(), prefix: pathPrefix, handler });
    this.routes.sort((a, b) => b.prefix.length - a.prefix.length);
  }

  /**
   * Adds a websocket command (e.g. what HA's frontend asks for on a dashboard
   * page). HA's framing, id and schema checks apply to it as to built-in ones.
   */
  registerCommand(type: string, command: Command): void {
    this.commands[type] = command;
  }

  /** The user a request's bearer token belongs to, as HA's auth middleware decides. */
  authenticate(req: IncomingMessage): SimUser | null {
    const user = userFromAuthorization(this.hass, req.headers.authorization);
    return user ? simUser(user) : null;
  }

  /**
   * Like the `fireEventRequiresAdmin` option, switched while running: false plays an HA that lets non-admins fire
   * events.
   */
  setFireEventRequiresAdmin(required: boolean): void {
    this.hass.settings.fireEventRequiresAdmin = required;
  }

  /**
   * Deletes a token, as removing it under Profile → Security does: HA's revoke
   * callback closes every websocket it authenticated, and it is refused from then on.
   */
  revokeToken(token: string): void {
    const user = this.hass.users.byToken(token);
    if (!user) return;
    user.token = null;
    for (const conn of this.connections) {
      if (conn.user === user) {
        conn.terminate();
        this.connections.delete(conn);
      }
    }
  }

  /** Failed-login counts and bans (ip-ban.ts); `unban` is HA's `http.unban`. */
  get ipBans(): Hass['ipBans'] {
    return this.hass.ipBans;
  }

  addUser(spec: UserSpec): SimUser {
    return simUser(this.hass.users.add(spec));
  }

  /** Fires an event as HA itself (an automation, an integration) would: origin LOCAL. */
  fireEvent(eventType: string, data: JsonObject = {}, userId: string | null = null): HaEvent {
    return this.hass.bus.fire(eventType, data, { context: newContext(userId) });
  }

  /** Writes a state as an integration would; same rules as the REST API. */
  setState(entityId: string, state: Json, attributes: JsonObject = {}, userId: string | null = null): StateObject {
    return toStateObject(this.hass.states.set(entityId, state, attributes, false, newContext(userId)));
  }

  removeState(entityId: string): boolean {
    return this.hass.states.remove(entityId);
  }

  /** Resolves with the first state of `entityId` (now or later) that satisfies `predicate`. */
  waitForState(
    entityId: string,
    predicate: (state: StateObject) => boolean = () => true,
    timeoutMs = DEFAULT_WAIT_MS,
  ): Promise<StateObject> {
    return this.waitFor(`state of ${entityId}`, timeoutMs, () => {
      const state = this.hass.states.get(entityId);
      const object = state ? toStateObject(state) : undefined;
      return object && predicate(object) ? object : undefined;
    });
  }

  waitForStateRemoved(entityId: string, timeoutMs = DEFAULT_WAIT_MS): Promise<true> {
    return this.waitFor(`removal of ${entityId}`, timeoutMs, () => (this.hass.states.get(entityId) ? undefined : true));
  }

  /** Resolves with the first matching event, including ones already fired. */
  waitForEvent(
    eventType: string,
    predicate: (event: HaEvent) => boolean = () => true,
    timeoutMs = DEFAULT_WAIT_MS,
  ): Promise<HaEvent> {
    return this.waitFor(`event ${eventType}`, timeoutMs, () =>
      this.events.find((e) => e.event_type === eventType && predicate(e)),
    );
  }

  /** Open subscriptions of every connection, e.g. to see that a client listens for its events. */
  subscriptions(): SimSubscription[] {
    return [...this.connections].flatMap((conn) =>
      [...conn.subscriptions].map(([id, sub]) => ({
        connection: conn.id,
        userId: conn.user?.id ?? '',
        id,
        command: sub.command,
        eventType: sub.eventType,
      })),
    );
  }

  waitForSubscription(eventType: string, timeoutMs = DEFAULT_WAIT_MS): Promise<SimSubscription> {
    return this.waitFor(`a subscription to ${eventType}`, timeoutMs, () =>
      this.subscriptions().find((s) => s.eventType === eventType),
    );
  }

  /** Polls: cheap, and it sees changes from every source (REST, websocket, helpers, restarts). */
  private waitFor<T>(what: string, timeoutMs: number, check: () => T | undefined): Promise<T> {
    return new Promise((resolve, reject) => {
      const deadline = Date.now() + timeoutMs;
      const poll = (): void => {
        const value = check();
        if (value !== undefined) resolve(value);
        else if (Date.now() >= deadline)
          reject(new Error(`ha-sim: timed out after ${timeoutMs} ms waiting for ${what}`));
        else setTimeout(poll, 5);
      };
      poll();
    });
  }

  private listen(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.port, this.host, () => {
        this.server.off('error', reject);
        const address = this.server.address();
        if (address && typeof address === 'object') this.port = address.port;
        resolve();
      });
    });
  }

  private async stopListening(): Promise<void> {
    for (const conn of this.connections) conn.terminate();
    this.connections.clear();
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }

  private onSocket(ws: WebSocket, remote: string): void {
    const conn = new WsConnection(ws, this.hass, this.commands, remote);
    this.connections.add(conn);
    ws.on('close', () => this.connections.delete(conn));
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    const rawPath = req.url ?? '/';
    const body = await readBody(req);
    this.hass.recorder.add({ kind: 'http-request', method, path: rawPath, body: body.toString('utf8') });
    const url = new URL(rawPath, 'http://sim');
    if (this.hass.ipBans.isBanned(req.socket.remoteAddress ?? '')) {
      this.send(res, method, rawPath, httpError(403));
      return;
    }
    try {
      const route = this.routes.find(
        (r) => (r.method === '*' || r.method === method) && url.pathname.startsWith(r.prefix),
      );
      if (route) {
        await route.handler(req, res, body);
        return;
      }
      const rest = handleRest(this.hass, {
        method,
        path: url.pathname,
        query: url.searchParams,
        authorization: req.headers.authorization,
        body: body.toString('utf8'),
      });
      if (!rest && method === 'GET' && this.indexView && !url.pathname.startsWith('/api/')) {
        await this.indexView(req, res, body);
        return;
      }
      const response =
        rest ??
        // aiohttp answers a plain GET on the websocket URL with 400; anything else is not HA's.
        httpError(url.pathname === '/api/websocket' ? 400 : 404);
      // ban.py's middleware: every 401 a view raises is a wrong login.
      if (response.status === 401) this.hass.ipBans.processWrongLogin(req.socket.remoteAddress ?? '');
      this.send(res, method, rawPath, response);
    } catch (err) {
      console.error('[ha-sim] request failed', err);
      if (!res.headersSent)
        this.send(res, method, rawPath, {
          status: 500,
          contentType: 'text/plain; charset=utf-8',
          body: '500 Internal Server Error',
        });
    }
  }

  private send(res: ServerResponse, method: string, path: string, response: RestResponse): void {
    this.hass.recorder.add({ kind: 'http-response', method, path, status: response.status, body: response.body });
    const answer = () => {
      res.writeHead(response.status, { 'Content-Type': response.contentType, ...response.headers });
      res.end(response.body);
    };
    const delay = this.hass.latency.restDelayMs();
    if (delay > 0) setTimeout(answer, delay);
    else answer();
  }
}

export async function startHaSim(options: HaSimOptions = {}): Promise<HaSim> {
  const sim = new HaSim(options);
  await sim.start();
  return sim;
}
