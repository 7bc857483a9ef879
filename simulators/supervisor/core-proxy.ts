/**
 * The Supervisor's proxy to Home Assistant Core (supervisor/api/proxy.py):
 * an add-on with `homeassistant_api: true` sends its SUPERVISOR_TOKEN, and
 * the Supervisor forwards to Core with its own token, so Core sees the
 * Supervisor's user (a system user in `system-admin`).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import WebSocket, { WebSocketServer, type RawData } from 'ws';
// The Supervisor tells websocket clients the Core version it installed (`sys_homeassistant.version`).
import { HA_RELEASE } from '../ha/ha-release.js';

/** Headers `_api_client` passes on besides Content-Type (FORWARD_HEADERS). */
const FORWARD_HEADERS = ['x-speech-content', 'accept', 'last-event-id', 'mcp-session-id', 'mcp-protocol-version'];
/** CORE_API_DENY: Core's hassio endpoints run as the Supervisor and are never reachable through the proxy. */
const CORE_API_DENY = /^hassio(?:\/|_)/;
/** DENIED_WS_TYPE_PREFIXES: commands only HA's own frontend may send. */
const DENIED_WS_TYPE_PREFIXES = ['supervisor/', 'hassio/'];
const AUTH_TIMEOUT_MS = 10_000;

export interface CoreProxyTarget {
  /** Core's URL (HA's http://homeassistant:8123 inside the Supervisor's network). */
  haUrl: string;
  /** The Supervisor's own access token at Core. */
  haToken: string;
  /** The add-on that holds this SUPERVISOR_TOKEN and may use Core's API, else null. */
  addonFor(token: string): string | null;
}

/** aiohttp's plain-text error responses (`raise HTTPUnauthorized` and friends). */
export function plainError(res: ServerResponse, status: number, reason: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(`${status}: ${reason}`);
}

/** `_check_access`: the bearer token, else X-Ha-Access. */
function requestToken(req: IncomingMessage): string {
  const bearer = req.headers.authorization;
  if (bearer !== undefined) return bearer.split(' ').at(-1) ?? '';
  const legacy = req.headers['x-ha-access'];
  return typeof legacy === 'string' ? legacy : '';
}

/** `APIProxy.api`: GET/POST/DELETE /core/api/{path}. */
export async function proxyRest(
  target: CoreProxyTarget,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  search: string,
): Promise<void> {
  if (!target.addonFor(requestToken(req))) return plainError(res, 401, 'Unauthorized');
  if (CORE_API_DENY.test(path)) return plainError(res, 403, 'Forbidden');
  const headers: Record<string, string> = { authorization: `Bearer ${target.haToken}` };
  for (const name of FORWARD_HEADERS) {
    const value = req.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }
  if (req.headers['content-type']) headers['content-type'] = req.headers['content-type'];
  const body = Buffer.concat((await req.toArray()) as Buffer[]);
  let upstream: Response;
  try {
    upstream = await fetch(`${target.haUrl}/api/${path}${search}`, {
      method: req.method,
      headers,
      body: req.method === 'GET' || req.method === 'HEAD' ? undefined : new Uint8Array(body),
    });
  } catch {
    // "Client error on API": Core is not reachable.
    return plainError(res, 502, 'Bad Gateway');
  }
  const data = Buffer.from(await upstream.arrayBuffer());
  // web.Response(body=..., content_type=client.content_type): the type without its parameters.
  const contentType = (upstream.headers.get('content-type') ?? 'application/octet-stream').split(';')[0]!;
  res.writeHead(upstream.status, { 'content-type': contentType });
  res.end(data);
}

function deniedCommand(data: string): { type: string; id: unknown } | null {
  try {
    const parsed = JSON.parse(data) as { type?: unknown; id?: unknown };
    if (typeof parsed.type === 'string' && DENIED_WS_TYPE_PREFIXES.some((p) => (parsed.type as string).startsWith(p))) {
      return { type: parsed.type, id: parsed.id };
    }
  } catch {
    // Not JSON (or not an object): forwarded, and Core answers it.
  }
  return null;
}

/** Core's websocket as the Supervisor logs in to it (homeassistant/websocket.py `connect_with_auth`). */
function connectCore(target: CoreProxyTarget): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${target.haUrl.replace(/^http/, 'ws')}/api/websocket`);
    const fail = (why: unknown) => {
      ws.removeAllListeners();
      ws.on('error', () => undefined);
      ws.terminate();
      reject(why instanceof Error ? why : new Error(String(why)));
    };
    ws.once('error', fail);
    ws.on('message', (raw: RawData) => {
      const message = JSON.parse(raw.toString()) as { type: string };
      if (message.type === 'auth_required') ws.send(JSON.stringify({ type: 'auth', access_token: target.haToken }));
      else if (message.type === 'auth_ok') {
        ws.removeAllListeners();
        resolve(ws);
      } else fail(new Error(`Core answered ${message.type} to the Supervisor's token`));
    });
  });
}

/** `APIProxy.websocket`: authenticates the add-on itself, then pipes to Core logged in as the Supervisor. */
export class WebsocketProxy {
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly sockets = new Set<WebSocket>();

  constructor(private readonly target: CoreProxyTarget) {}

  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.wss.handleUpgrade(req, socket, head, (client) => void this.serve(client));
  }

  close(): void {
    for (const ws of this.sockets) ws.terminate();
    this.wss.close();
  }

  private track(ws: WebSocket): void {
    this.sockets.add(ws);
    ws.on('close', () => this.sockets.delete(ws));
    ws.on('error', () => undefined);
  }

  private async serve(client: WebSocket): Promise<void> {
    this.track(client);
    const target = this.target;
    client.send(JSON.stringify({ type: 'auth_required', ha_version: HA_RELEASE.core }));
    const auth = await new Promise<Record<string, unknown> | null>((resolve) => {
      const timer = setTimeout(() => resolve(null), AUTH_TIMEOUT_MS);
      client.once('message', (raw: RawData) => {
        clearTimeout(timer);
        try {
          resolve(JSON.parse(raw.toString()) as Record<string, unknown>);
        } catch {
          resolve(null);
        }
      });
      client.once('close', () => resolve(null));
    });
    if (!auth) return void client.close();
    const token = auth.api_password ?? auth.access_token;
    if (typeof token !== 'string' || !target.addonFor(token)) {
      client.send(JSON.stringify({ type: 'auth_invalid', message: 'Invalid access' }));
      return void client.close();
    }
    client.send(JSON.stringify({ type: 'auth_ok', ha_version: HA_RELEASE.core }));

    // What the add-on sends while the Supervisor is still logging in to Core waits, as in aiohttp's receive queue.
    const pending: RawData[] = [];
    const queue = (raw: RawData) => pending.push(raw);
    client.on('message', queue);
    let core: WebSocket;
    try {
      core = await connectCore(target);
    } catch {
      return void client.close();
    }
    this.track(core);
    client.off('message', queue);
    if (client.readyState !== WebSocket.OPEN) return void core.close();

    const fromClient = (raw: RawData) => {
      const text = raw.toString();
      const denied = deniedCommand(text);
      if (denied) {
        client.send(
          JSON.stringify({
            id: denied.id,
            type: 'result',
            success: false,
            error: { code: 'unauthorized', message: 'Unauthorized' },
          }),
        );
      } else core.send(text);
    };
    for (const raw of pending) fromClient(raw);
    client.on('message', fromClient);
    core.on('message', (raw: RawData) => client.readyState === WebSocket.OPEN && client.send(raw.toString()));
    client.on('close', () => core.close());
    core.on('close', () => client.close());
  }
}
