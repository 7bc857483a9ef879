/**
 * HA's login over HTTP, as the frontend's authorize page and
 * home-assistant-js-websocket use it (`components/auth/login_flow.py`,
 * `components/auth/__init__.py` TokenView, `auth/providers/homeassistant.py`):
 * `GET /auth/providers`, `POST /auth/login_flow` (start a flow with the
 * `homeassistant` provider), `POST /auth/login_flow/<flow_id>` (username and
 * password; a wrong pair re-shows the form with `errors.base = invalid_auth`),
 * `POST /auth/token` (authorization_code and refresh_token grants, and
 * `action=revoke`). Client ids and redirect URIs are checked as IndieAuth does
 * for a local client: the redirect must be on the client id's origin.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Hass } from './ha-core.js';
import { uuidHex } from './ha-ids.js';
import type { RouteHandler } from './ha-server.js';

const HANDLER = ['homeassistant', null] as const;
const LOGIN_SCHEMA = [
  { type: 'string', name: 'username', required: true },
  { type: 'string', name: 'password', required: true },
];

interface LoginFlow {
  clientId: string;
  redirectUri: string;
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify(body));
}

/** `HomeAssistantView.json_message`. */
function message(res: ServerResponse, status: number, text: string, code?: string): void {
  json(res, status, code ? { message: text, code } : { message: text });
}

/** `indieauth.verify_client_id`: an http(s) URL. */
function validClientId(clientId: unknown): clientId is string {
  if (typeof clientId !== 'string') return false;
  try {
    const url = new URL(clientId);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/** `indieauth.verify_redirect_uri` for a client that is not an app: same scheme, host and port. */
function validRedirect(clientId: string, redirectUri: string): boolean {
  try {
    return new URL(clientId).origin === new URL(redirectUri).origin;
  } catch {
    return false;
  }
}

function parseJson(body: Buffer): Record<string, unknown> | null {
  try {
    const value = JSON.parse(body.toString('utf8')) as unknown;
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/**
 * aiohttp's `request.post()`: urlencoded or multipart/form-data (what
 * home-assistant-js-websocket sends, a `FormData`).
 */
function formFields(req: IncomingMessage, body: Buffer): URLSearchParams {
  const type = req.headers['content-type'] ?? '';
  const boundary = /multipart\/form-data;.*boundary=("?)([^";]+)\1/i.exec(type)?.[2];
  if (!boundary) return new URLSearchParams(body.toString('utf8'));
  const fields = new URLSearchParams();
  for (const part of body.toString('utf8').split(`--${boundary}`)) {
    const split = part.indexOf('\r\n\r\n');
    if (split < 0) continue;
    const name = /name="([^"]*)"/.exec(part.slice(0, split))?.[1];
    if (name !== undefined) fields.append(name, part.slice(split + 4).replace(/\r\n$/, ''));
  }
  return fields;
}

function formResult(flowId: string, errors: Record<string, string>) {
  return {
    type: 'form',
    flow_id: flowId,
    handler: HANDLER,
    step_id: 'init',
    data_schema: LOGIN_SCHEMA,
    errors,
    description_placeholders: null,
    last_step: null,
    preview: null,
  };
}

export function authRoutes(hass: Hass): Array<{ method: string; prefix: string; handler: RouteHandler }> {
  const flows = new Map<string, LoginFlow>();

  const providers: RouteHandler = (_req, res) =>
    json(res, 200, {
      providers: [{ name: 'Home Assistant Local', id: null, type: 'homeassistant' }],
      preselect_remember_me: false,
    });

  const startFlow: RouteHandler = (_req, res, body) => {
    const data = parseJson(body);
    if (
      !data ||
      typeof data['client_id'] !== 'string' ||
      typeof data['redirect_uri'] !== 'string' ||
      !('handler' in data)
    ) {
      message(res, 400, 'Message format incorrect');
      return;
    }
    if (!validClientId(data['client_id']) || !validRedirect(data['client_id'], data['redirect_uri'])) {
      message(res, 400, 'invalid client id or redirect uri');
      return;
    }
    const handler = data['handler'];
    const isHomeassistant = Array.isArray(handler)
      ? handler[0] === 'homeassistant' && handler[1] === null
      : handler === 'homeassistant';
    if (!isHomeassistant) {
      message(res, 404, 'Invalid handler specified');
      return;
    }
    const flowId = uuidHex();
    flows.set(flowId, { clientId: data['client_id'], redirectUri: data['redirect_uri'] });
    json(res, 200, formResult(flowId, {}));
  };

  const stepFlow = (req: IncomingMessage, res: ServerResponse, body: Buffer): void => {
    const flowId = new URL(req.url ?? '/', 'http://sim').pathname.slice('/auth/login_flow/'.length);
    if (req.method === 'DELETE') {
      if (!flows.delete(flowId)) message(res, 404, 'Invalid flow specified');
      else message(res, 200, 'Flow aborted');
      return;
    }
    if (req.method !== 'POST') {
      message(res, 404, 'Invalid flow specified');
      return;
    }
    const data = parseJson(body);
    if (!data || typeof data['client_id'] !== 'string') {
      message(res, 400, 'Message format incorrect');
      return;
    }
    if (!validClientId(data['client_id'])) {
      message(res, 400, 'Invalid client id');
      return;
    }
    const flow = flows.get(flowId);
    if (!flow) {
      message(res, 404, 'Invalid flow specified');
      return;
    }
    if (typeof data['username'] !== 'string' || typeof data['password'] !== 'string') {
      message(res, 400, 'User input malformed');
      return;
    }
    const user = hass.users.byUsername(data['username']);
    if (!user || user.password === null || user.password !== data['password']) {
      hass.recorder.add({ kind: 'login', username: data['username'], ok: false });
      json(res, 200, formResult(flowId, { base: 'invalid_auth' }));
      return;
    }
    flows.delete(flowId);
    hass.recorder.add({ kind: 'login', username: user.username ?? '', ok: true });
    json(res, 200, {
      type: 'create_entry',
      flow_id: flowId,
      handler: HANDLER,
      title: user.name,
      description: null,
      description_placeholders: null,
      context: { credential_only: false },
      version: 1,
      minor_version: 1,
      options: {},
      result: hass.auth.storeAuthCode(data['client_id'], user),
    });
  };

  const token: RouteHandler = (req, res, body) => {
    const form = formFields(req, body);
    if (form.get('action') === 'revoke') {
      const refresh = hass.auth.refreshTokenByToken(form.get('token') ?? '');
      if (refresh) hass.auth.revoke(refresh);
      res.writeHead(200);
      res.end();
      return;
    }
    const grantType = form.get('grant_type');
    const clientId = form.get('client_id');
    if (grantType === 'authorization_code') {
      if (!validClientId(clientId))
        return json(res, 400, { error: 'invalid_request', error_description: 'Invalid client id' });
      const user = hass.auth.takeAuthCode(clientId, form.get('code') ?? '');
      if (!user) return json(res, 400, { error: 'invalid_request', error_description: 'Invalid code' });
      if (!user.isActive) return json(res, 403, { error: 'access_denied', error_description: 'User is not active' });
      const refresh = hass.auth.createRefreshToken(user, clientId);
      return json(res, 200, {
        access_token: hass.auth.createAccessToken(refresh),
        token_type: 'Bearer',
        refresh_token: refresh.token,
        expires_in: Math.round(refresh.accessTokenExpirationMs / 1000),
        ha_auth_provider: 'homeassistant',
      });
    }
    if (grantType === 'refresh_token') {
      if (clientId !== null && !validClientId(clientId))
        return json(res, 400, { error: 'invalid_request', error_description: 'Invalid client id' });
      const given = form.get('refresh_token');
      if (given === null) return json(res, 400, { error: 'invalid_request' });
      const refresh = hass.auth.refreshTokenByToken(given);
      if (!refresh) return json(res, 400, { error: 'invalid_grant' });
      if (refresh.clientId !== clientId) return json(res, 400, { error: 'invalid_request' });
      const user = hass.users.byId(refresh.userId);
      if (!user?.isActive) return json(res, 403, { error: 'access_denied', error_description: 'User is not active' });
      return json(res, 200, {
        access_token: hass.auth.createAccessToken(refresh),
        token_type: 'Bearer',
        expires_in: Math.round(refresh.accessTokenExpirationMs / 1000),
      });
    }
    return json(res, 400, { error: 'unsupported_grant_type' });
  };

  return [
    { method: 'GET', prefix: '/auth/providers', handler: providers },
    { method: 'POST', prefix: '/auth/login_flow/', handler: stepFlow },
    { method: 'DELETE', prefix: '/auth/login_flow/', handler: stepFlow },
    { method: 'POST', prefix: '/auth/login_flow', handler: startFlow },
    { method: 'POST', prefix: '/auth/token', handler: token },
  ];
}
