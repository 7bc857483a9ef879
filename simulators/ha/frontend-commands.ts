/**
 * The websocket commands HA's frontend sends while it loads and edits a
 * dashboard, answered as HA core answers them:
 * `components/frontend/__init__.py` (get_panels, get_themes, get_translations,
 * get_icons, frontend/*_user_data and *_system_data from `storage.py`),
 * `components/lovelace/` (config, config/save in storage mode, resources,
 * info, dashboards/list), `components/repairs`, `components/auth` (refresh
 * tokens for the profile page), `components/brands`. The registries live in
 * registry/, history in history.ts, `recorder/info` in recorder-stubs.ts and
 * the long-term statistics in statistics.ts.
 */
import { randomBytes } from 'node:crypto';
import { Invalid, Unauthorized } from './ha-errors.js';
import { historyCommands } from './history.js';
import { iconResources, translationResources } from './integration-resources.js';
import { panels } from './panels.js';
import { recorderStubCommands } from './recorder-stubs.js';
import { bool, dict, str, type Json, type JsonObject } from './schema.js';
import { isAdmin } from './users.js';
import type { Command, WsConnection } from './websocket-connection.js';

function requireAdmin(conn: WsConnection): void {
  if (!conn.user || !isAdmin(conn.user)) throw new Unauthorized();
}

const anything = (v: Json): Json => v;
const ICON_CATEGORIES = ['conditions', 'entity', 'entity_component', 'services', 'triggers'];
/** `vol.All(cv.ensure_list, [str])`. */
const ensureStringList = (v: Json): Json => {
  const list = v === null ? [] : Array.isArray(v) ? v : [v];
  for (const item of list) if (typeof item !== 'string') throw new Invalid('expected str');
  return list;
};
const optionalString = { validate: (v: Json) => (v === null ? v : str(v)) };

export const FRONTEND_COMMANDS: Record<string, Command> = {
  get_panels: {
    schema: {},
    handler: (conn, msg) => {
      const admin = conn.user ? isAdmin(conn.user) : false;
      conn.sendResult(
        msg.id,
        Object.fromEntries(Object.entries(panels()).filter(([, p]) => admin || !p.require_admin)),
      );
    },
  },

  /** configuration.yaml's themes and the defaults `frontend.set_theme` picked (themes.ts). */
  'frontend/get_themes': {
    schema: {},
    handler: (conn, msg) => conn.sendResult(msg.id, conn.hass.themes.response()),
  },

  'frontend/get_translations': {
    schema: {
      language: { required: true, validate: str },
      category: { required: true, validate: str },
      integration: { validate: ensureStringList },
      config_flow: { validate: bool },
    },
    handler: (conn, msg) =>
      conn.sendResult(msg.id, {
        resources: translationResources(
          msg['category'] as string,
          msg['integration'] as string[] | undefined,
          msg['config_flow'] === true,
          conn.hass.components,
        ),
      }),
  },

  'frontend/get_icons': {
    schema: {
      category: {
        required: true,
        // HA 2026's categories: this frontend asks for triggers and conditions icons too.
        validate: (v) => {
          if (typeof v !== 'string' || !ICON_CATEGORIES.includes(v))
            throw new Invalid(
              `value must be one of ${JSON.stringify(ICON_CATEGORIES).replaceAll('"', "'").replaceAll(',', ', ')}`,
            );
          return v;
        },
      },
      integration: { validate: ensureStringList },
    },
    handler: (conn, msg) =>
      conn.sendResult(msg.id, {
        resources: iconResources(
          msg['category'] as string,
          msg['integration'] as string[] | undefined,
          conn.hass.components,
        ),
      }),
  },

  'frontend/get_user_data': {
    schema: { key: { validate: str } },
    handler: (conn, msg) => {
      const data = conn.hass.frontendStore.userData(conn.user!.id);
      const key = msg['key'] as string | undefined;
      conn.sendResult(msg.id, key === undefined ? { value: data } : { value: data[key] ?? null });
    },
  },

  'frontend/set_user_data': {
    schema: { key: { required: true, validate: str }, value: { required: true, validate: anything } },
    handler: (conn, msg) => {
      conn.hass.frontendStore.setUserData(conn.user!.id, msg['key'] as string, msg['value'] as Json);
      conn.sendResult(msg.id);
    },
  },

  'frontend/subscribe_user_data': {
    schema: { key: { validate: str } },
    handler: (conn, msg) => {
      const key = msg['key'] as string | undefined;
      const userId = conn.user!.id;
      const value = () => {
        const data = conn.hass.frontendStore.userData(userId);
        return key === undefined ? data : (data[key] ?? null);
      };
      const unsubscribe = conn.hass.frontendStore.onUserData(userId, (changed) => {
        if (key === undefined || changed === key) conn.sendEvent(msg.id, { value: value() });
      });
      conn.subscriptions.set(msg.id, { command: msg.type, unsubscribe });
      conn.sendResult(msg.id);
      conn.sendEvent(msg.id, { value: value() });
    },
  },

  'frontend/get_system_data': {
    schema: { key: { required: true, validate: str } },
    handler: (conn, msg) =>
      conn.sendResult(msg.id, { value: conn.hass.frontendStore.systemData[msg['key'] as string] ?? null }),
  },

  'frontend/set_system_data': {
    schema: { key: { required: true, validate: str }, value: { required: true, validate: anything } },
    handler: (conn, msg) => {
      requireAdmin(conn);
      conn.hass.frontendStore.setSystemData(msg['key'] as string, msg['value'] as Json);
      conn.sendResult(msg.id);
    },
  },

  'frontend/subscribe_system_data': {
    schema: { key: { required: true, validate: str } },
    handler: (conn, msg) => {
      const key = msg['key'] as string;
      const unsubscribe = conn.hass.frontendStore.onSystemData((changed) => {
        if (changed === key) conn.sendEvent(msg.id, { value: conn.hass.frontendStore.systemData[key] ?? null });
      });
      conn.subscriptions.set(msg.id, { command: msg.type, unsubscribe });
      conn.sendResult(msg.id);
      conn.sendEvent(msg.id, { value: conn.hass.frontendStore.systemData[key] ?? null });
    },
  },

  'lovelace/config': {
    schema: { force: { validate: anything }, url_path: optionalString },
    handler: (conn, msg) => {
      const urlPath = knownDashboard(conn, msg['url_path'] as string | null | undefined, msg.id);
      if (urlPath === undefined) return;
      const config = conn.hass.lovelace.config(urlPath);
      if (config === null) conn.sendError(msg.id, 'config_not_found', 'No config found.');
      else conn.sendResult(msg.id, config);
    },
  },

  'lovelace/config/save': {
    schema: {
      config: {
        required: true,
        validate: (v) => {
          if (typeof v === 'string') return v;
          return dict(v);
        },
      },
      url_path: optionalString,
    },
    handler: (conn, msg) => {
      requireAdmin(conn);
      const urlPath = knownDashboard(conn, msg['url_path'] as string | null | undefined, msg.id);
      if (urlPath === undefined) return;
      // LovelaceStorage.async_save stores what it is given.
      conn.hass.lovelace.save(urlPath, msg['config'] as JsonObject | string);
      conn.hass.bus.fire('lovelace_updated', { url_path: urlPath, mode: 'storage' });
      conn.sendResult(msg.id);
    },
  },

  'lovelace/config/delete': {
    schema: { url_path: optionalString },
    handler: (conn, msg) => {
      requireAdmin(conn);
      const urlPath = knownDashboard(conn, msg['url_path'] as string | null | undefined, msg.id);
      if (urlPath === undefined) return;
      conn.hass.lovelace.save(urlPath, null);
      conn.hass.bus.fire('lovelace_updated', { url_path: urlPath, mode: 'storage' });
      conn.sendResult(msg.id);
    },
  },

  'lovelace/resources': {
    schema: {},
    handler: (conn, msg) => conn.sendResult(msg.id, conn.hass.lovelace.resources),
  },

  'lovelace/info': {
    schema: {},
    handler: (conn, msg) => conn.sendResult(msg.id, { resource_mode: 'storage' }),
  },

  'lovelace/dashboards/list': {
    schema: {},
    handler: (conn, msg) => conn.sendResult(msg.id, conn.hass.lovelace.dashboards),
  },

  'repairs/list_issues': {
    schema: {},
    handler: (conn, msg) => conn.sendResult(msg.id, { issues: [] }),
  },

  /** `auth/refresh_tokens`: the profile page's list of logins. */
  'auth/refresh_tokens': {
    schema: {},
    handler: (conn, msg) => conn.sendResult(msg.id, conn.hass.auth.refreshTokensOf(conn.user!.id)),
  },

  /** `brands/access_token` (components/brands): a token for brand images, rotated by HA every 30 minutes. */
  'brands/access_token': {
    schema: {},
    handler: (conn, msg) => conn.sendResult(msg.id, { token: brandsToken }),
  },

  /** `components/labs`: no preview feature is enabled on a fresh install. */
  'labs/list': {
    schema: {},
    handler: (conn, msg) => conn.sendResult(msg.id, { features: [] }),
  },
  'labs/subscribe': {
    schema: { domain: { required: true, validate: str }, preview_feature: { required: true, validate: str } },
    handler: (conn, msg) => {
      conn.subscriptions.set(msg.id, { command: msg.type, unsubscribe: () => undefined });
      conn.sendResult(msg.id);
      conn.sendEvent(msg.id, { domain: msg['domain'], preview_feature: msg['preview_feature'], enabled: false });
    },
  },

  /** `components/config/config_entries.py`: the current entries (none here: the sim has no integrations) first. */
  'config_entries/subscribe': {
    schema: { type_filter: { validate: anything }, domain: { validate: str } },
    handler: (conn, msg) => {
      conn.subscriptions.set(msg.id, { command: msg.type, unsubscribe: () => undefined });
      conn.sendResult(msg.id);
      conn.sendEvent(msg.id, []);
    },
  },

  ...historyCommands,
  ...recorderStubCommands,
};

const brandsToken = randomBytes(32).toString('hex');

/** `_handle_errors`: the dashboard's url_path (null: the default), or undefined after answering an unknown one. */
function knownDashboard(conn: WsConnection, urlPath: string | null | undefined, id: number): string | null | undefined {
  const path = urlPath ?? null;
  if (conn.hass.lovelace.has(path)) return path;
  conn.sendError(id, 'config_not_found', `Unknown config specified: ${urlPath}`);
  return undefined;
}
