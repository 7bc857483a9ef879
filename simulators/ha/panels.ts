/**
 * The panels a fresh HA registers (`components/frontend/__init__.py`
 * `async_register_built_in_panel` calls of frontend, home, config, lovelace,
 * history, logbook, map, profile), shaped as `get_panels`
 * returns them. The index view answers the paths under them.
 */
interface Panel {
  component_name: string;
  icon: string | null;
  title: string | null;
  config: Record<string, unknown> | null;
  url_path: string;
  require_admin: boolean;
  config_panel_domain: string | null;
  default_visible?: boolean;
}

function panel(
  component: string,
  urlPath: string,
  icon: string | null,
  title: string | null,
  extra: Partial<Panel> = {},
): Panel {
  return {
    component_name: component,
    icon,
    title,
    config: null,
    url_path: urlPath,
    require_admin: false,
    config_panel_domain: null,
    ...extra,
  };
}

export function panels(): Record<string, Panel> {
  const list = [
    // The built-in Home dashboard (HA 2025.12+), the frontend's default when no default_panel is set.
    panel('home', 'home', 'mdi:home', 'home'),
    // The dashboard item `lovelace` (LovelaceStore), registered by `_register_panel`.
    panel('lovelace', 'lovelace', 'mdi:cash', 'Finances', { config: { mode: 'storage' } }),
    panel('history', 'history', 'mdi:chart-box', 'history'),
    panel('logbook', 'logbook', 'mdi:format-list-bulleted-type', 'logbook'),
    panel('map', 'map', 'mdi:tooltip-account', 'map'),
    panel('config', 'config', 'mdi:cog', 'config', { require_admin: true }),
    panel('profile', 'profile', null, null),
  ];
  return Object.fromEntries(list.map((p) => [p.url_path, p]));
}
