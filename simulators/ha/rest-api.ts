/**
 * HA's REST API (`homeassistant/components/api/__init__.py`) behind the
 * `http` component's bearer-token middleware. Failures raised as exceptions in
 * HA (`Unauthorized`, `HTTPBadRequest`) come back as aiohttp's plain-text
 * bodies, e.g. `401: Unauthorized`; failures the views return themselves are
 * JSON `{"message": ...}`. Clients must cope with both, so both are kept.
 */
import { Invalid, InvalidEntityFormatError, InvalidStateError, ServiceNotFound, Unauthorized } from './ha-errors.js';
import { EVENT_STATE_CHANGED, newContext } from './event-bus.js';
import type { Hass } from './ha-core.js';
import { isObject, type Json } from './schema.js';
import { toStateObject, type StateObject } from './state-machine.js';
import { isAdmin, type User } from './users.js';

export interface RestRequest {
  method: string;
  /** The path without the query string, percent-decoding not yet applied. */
  path: string;
  query: URLSearchParams;
  authorization: string | undefined;
  body: string;
}

export interface RestResponse {
  status: number;
  contentType: string;
  body: string;
  headers?: Record<string, string>;
}

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
};

function json(body: unknown, status = 200, headers?: Record<string, string>): RestResponse {
  return { status, contentType: 'application/json', body: JSON.stringify(body), ...(headers ? { headers } : {}) };
}

function message(text: string, status = 200): RestResponse {
  return json({ message: text }, status);
}

/** aiohttp's default body for an `HTTPException` raised without text. */
export function httpError(status: number, headers?: Record<string, string>): RestResponse {
  return {
    status,
    contentType: 'text/plain; charset=utf-8',
    body: `${status}: ${REASONS[status] ?? 'Error'}`,
    ...(headers ? { headers } : {}),
  };
}

/** What aiohttp sends when a handler raises something unexpected. */
const INTERNAL_ERROR: RestResponse = {
  status: 500,
  contentType: 'text/plain; charset=utf-8',
  body: '500 Internal Server Error\n\nServer got itself in trouble',
};

class HttpUnauthorized extends Error {}

function requireAdmin(user: User): void {
  if (!isAdmin(user)) throw new HttpUnauthorized();
}

/** The `http` component's auth middleware: `Authorization: Bearer <token>` only. */
export function userFromAuthorization(hass: Hass, authorization: string | undefined): User | undefined {
  if (!authorization) return undefined;
  const space = authorization.indexOf(' ');
  if (space < 0 || authorization.slice(0, space) !== 'Bearer') return undefined;
  return hass.auth.userForAccessToken(authorization.slice(space + 1));
}

/** aiohttp leaves malformed percent-escapes as they are. */
function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function parseJson(body: string): { ok: true; value: Json } | { ok: false } {
  if (!body) return { ok: true, value: null };
  try {
    return { ok: true, value: JSON.parse(body) as Json };
  } catch {
    return { ok: false };
  }
}

type Handler = (hass: Hass, user: User, req: RestRequest, params: string[]) => RestResponse;

interface Route {
  pattern: RegExp;
  methods: Record<string, Handler>;
}

const ROUTES: Route[] = [
  { pattern: /^\/api\/$/, methods: { GET: () => message('API running.') } },
  { pattern: /^\/api\/config$/, methods: { GET: (hass) => json(hass.configDict()) } },
  { pattern: /^\/api\/components$/, methods: { GET: (hass) => json(hass.configDict().components) } },
  { pattern: /^\/api\/states$/, methods: { GET: (hass) => json(hass.states.all().map(toStateObject)) } },
  {
    pattern: /^\/api\/states\/([^/]+)$/,
    methods: { GET: getState, POST: postState, DELETE: deleteState },
  },
  { pattern: /^\/api\/events$/, methods: { GET: (hass) => json(hass.bus.listenerCounts()) } },
  { pattern: /^\/api\/events\/([^/]+)$/, methods: { POST: postEvent } },
  {
    pattern: /^\/api\/services$/,
    methods: {
      GET: (hass) =>
        json(Object.entries(hass.services.descriptions()).map(([domain, services]) => ({ domain, services }))),
    },
  },
  { pattern: /^\/api\/services\/([^/]+)\/([^/]+)$/, methods: { POST: postService } },
];

/** Null when the path is not one of HA's API routes. */
export function handleRest(hass: Hass, req: RestRequest): RestResponse | null {
  for (const route of ROUTES) {
    const match = route.pattern.exec(req.path);
    if (!match) continue;
    const handler = route.methods[req.method];
    if (!handler) return httpError(405, { Allow: Object.keys(route.methods).sort().join(',') });
    const user = userFromAuthorization(hass, req.authorization);
    if (!user) return httpError(401);
    const params = match.slice(1).map(decodeSegment);
    try {
      return handler(hass, user, req, params);
    } catch (err) {
      if (err instanceof HttpUnauthorized) return httpError(401);
      console.error('[ha-sim] REST handler failed', err);
      return INTERNAL_ERROR;
    }
  }
  return req.path.startsWith('/api/') ? httpError(404) : null;
}

function getState(hass: Hass, _user: User, _req: RestRequest, [entityId]: string[]): RestResponse {
  const state = hass.states.get(entityId!);
  return state ? json(toStateObject(state)) : message('Entity not found.', 404);
}

function postState(hass: Hass, user: User, req: RestRequest, [entityId]: string[]): RestResponse {
  requireAdmin(user);
  const parsed = parseJson(req.body);
  if (!parsed.ok) return message('Invalid JSON specified.', 400);
  const data = parsed.value;
  if (!isObject(data)) return message('State data should be a JSON object.', 400);
  const newState = data['state'];
  if (newState === undefined || newState === null) return message('No state specified.', 400);
  const rawAttributes = data['attributes'];
  const attributes = isObject(rawAttributes) ? rawAttributes : null;
  // HA builds a dict from a truthy non-dict and fails with a 500.
  if (rawAttributes && !attributes) return INTERNAL_ERROR;
  const isNew = hass.states.get(entityId!) === undefined;
  try {
    hass.states.set(entityId!, newState, attributes, Boolean(data['force_update']), newContext(user.id));
  } catch (err) {
    if (err instanceof InvalidEntityFormatError) return message('Invalid entity ID specified.', 400);
    if (err instanceof InvalidStateError) return message('Invalid state specified.', 400);
    throw err;
  }
  const state = toStateObject(hass.states.get(entityId!)!);
  return json(state, isNew ? 201 : 200, { Location: `/api/states/${entityId}` });
}

function deleteState(hass: Hass, user: User, _req: RestRequest, [entityId]: string[]): RestResponse {
  requireAdmin(user);
  return hass.states.remove(entityId!) ? message('Entity removed.') : message('Entity not found.', 404);
}

function postEvent(hass: Hass, user: User, req: RestRequest, [eventType]: string[]): RestResponse {
  if (hass.settings.fireEventRequiresAdmin) requireAdmin(user);
  const parsed = parseJson(req.body);
  if (!parsed.ok) return message('Event data should be valid JSON.', 400);
  const data = parsed.value;
  const eventData = isObject(data) ? data : null;
  if (data !== null && !eventData) return message('Event data should be a JSON object', 400);
  hass.bus.fire(eventType!, eventData, { origin: 'REMOTE', context: newContext(user.id) });
  return message(`Event ${eventType} fired.`);
}

function postService(hass: Hass, user: User, req: RestRequest, [domain, service]: string[]): RestResponse {
  const parsed = parseJson(req.body);
  if (!parsed.ok) return message('Data should be valid JSON.', 400);
  if (!hass.services.has(domain!, service!)) return httpError(400);
  // None of the simulated services can answer with data.
  if (req.query.has('return_response')) {
    return message('Service does not support responses. Remove return_response from request.', 400);
  }
  const context = newContext(user.id);
  const changed: StateObject[] = [];
  const stop = hass.bus.listen(EVENT_STATE_CHANGED, (event, change) => {
    if (event.context.id === context.id && change?.newState) changed.push(toStateObject(change.newState));
  });
  try {
    hass.services.call(domain!, service!, parsed.value ?? undefined, undefined, context);
  } catch (err) {
    if (err instanceof Invalid || err instanceof ServiceNotFound) return httpError(400);
    if (err instanceof Unauthorized) return httpError(401);
    throw err;
  } finally {
    stop();
  }
  return json(changed);
}
