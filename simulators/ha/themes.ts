/**
 * HA's frontend themes (`components/frontend/__init__.py` `_async_setup_themes`):
 * the `frontend: themes:` of configuration.yaml, the default and default dark
 * theme the `frontend.set_theme` service picks (HA keeps them in
 * `.storage/frontend_theme`; here they last as long as the simulator, restarts
 * included), and the `themes_updated` event the frontend refetches
 * `frontend/get_themes` on.
 */
import { Invalid, Unauthorized } from './ha-errors.js';
import type { EventBus } from './event-bus.js';
import { cvString, isObject, type Json, type JsonObject } from './schema.js';
import type { ServiceDef } from './services.js';

/** A theme as `THEME_SCHEMA` allows it: variables for every mode, and optionally per-mode ones. */
export interface ThemeConfig {
  [variable: string]: string | { light?: Record<string, string>; dark?: Record<string, string> } | undefined;
  modes?: { light?: Record<string, string>; dark?: Record<string, string> };
}

export const EVENT_THEMES_UPDATED = 'themes_updated';
const DEFAULT_THEME = 'default';
const VALUE_NO_THEME = 'none';

function stringMap(value: unknown, where: string): Record<string, string> {
  if (!isObject(value)) throw new Invalid(`expected a dictionary @ ${where}`);
  for (const [k, v] of Object.entries(value))
    if (typeof v !== 'string') throw new Invalid(`expected str @ ${where}['${k}']`);
  return value as Record<string, string>;
}

/** `THEME_SCHEMA`: the legacy `{var: value}` form or the extended one with `modes: {light, dark}`. */
export function validateThemes(themes: Record<string, ThemeConfig>): Record<string, ThemeConfig> {
  for (const [name, theme] of Object.entries(themes)) {
    const { modes, ...variables } = theme;
    stringMap(variables, `themes['${name}']`);
    if (modes === undefined) continue;
    if (!isObject(modes)) throw new Invalid(`expected a dictionary @ themes['${name}']['modes']`);
    for (const [mode, vars] of Object.entries(modes)) {
      if (mode !== 'light' && mode !== 'dark')
        throw new Invalid(`extra keys not allowed @ themes['${name}']['modes']['${mode}']`);
      stringMap(vars, `themes['${name}']['modes']['${mode}']`);
    }
  }
  return themes;
}

export class Themes {
  readonly themes: Record<string, ThemeConfig>;
  defaultTheme = DEFAULT_THEME;
  defaultDarkTheme: string | null = null;

  constructor(
    private readonly bus: EventBus,
    themes: Record<string, ThemeConfig> = {},
  ) {
    this.themes = validateThemes(themes);
  }

  /** `frontend/get_themes` (outside safe and recovery mode, which the sim never is in). */
  response(): JsonObject {
    return {
      themes: this.themes as unknown as Json,
      default_theme: this.defaultTheme,
      default_dark_theme: this.defaultDarkTheme,
    };
  }

  /** `_update_hass_theme`: `none` resets the mode's default (HA's default theme in light mode, no theme in dark). */
  private setDefault(name: string, light: boolean): void {
    if (light) this.defaultTheme = name === VALUE_NO_THEME ? DEFAULT_THEME : name;
    else this.defaultDarkTheme = name === VALUE_NO_THEME ? null : name;
  }

  /**
   * `set_theme`: `name` with `mode` sets that mode's default; otherwise `name`
   * the light and `name_dark` the dark one. Then `themes_updated`.
   */
  setTheme(data: { name?: string; name_dark?: string; mode?: 'light' | 'dark' }): void {
    if (data.name !== undefined && data.mode !== undefined) this.setDefault(data.name, data.mode === 'light');
    else {
      if (data.name) this.setDefault(data.name, true);
      if (data.name_dark) this.setDefault(data.name_dark, false);
    }
    this.bus.fire(EVENT_THEMES_UPDATED, {});
  }

  /** `_validate_selected_theme`. */
  private selectedTheme = (value: Json): Json => {
    const name = cvString(value) as string;
    if (name !== DEFAULT_THEME && name !== VALUE_NO_THEME && !(name in this.themes))
      throw new Invalid(`Theme ${name} not found`);
    return name;
  };

  /**
   * The `frontend` domain's services, both registered with
   * `async_register_admin_service`: a non-admin caller gets `Unauthorized`.
   */
  services(isAdminUser: (userId: string | null) => boolean): Record<string, ServiceDef> {
    const admin = (userId: string | null) => {
      if (!isAdminUser(userId)) throw new Unauthorized();
    };
    return {
      set_theme: {
        schema: {
          name: { validate: this.selectedTheme },
          name_dark: { validate: this.selectedTheme },
          mode: {
            validate: (v) => {
              if (v !== 'light' && v !== 'dark') throw new Invalid(`value must be one of ['dark', 'light']`);
              return v;
            },
          },
        },
        description: {
          name: 'Set the default theme',
          description: 'Sets the default theme Home Assistant uses. Can be overridden by a user.',
          fields: {
            name: { required: false, selector: { theme: { include_default: true } } },
            name_dark: { required: false, selector: { theme: { include_default: true } } },
          },
        },
        check: (data) => {
          if ('name_dark' in data && 'mode' in data)
            throw new Invalid("two or more values in the same group of exclusion 'dark_modes'");
          if (!('name' in data) && !('name_dark' in data))
            throw new Invalid('must contain at least one of name, name_dark.');
        },
        handler: (data, userId) => {
          admin(userId);
          this.setTheme(data as { name?: string; name_dark?: string; mode?: 'light' | 'dark' });
        },
      },
      reload_themes: {
        schema: null,
        description: { name: 'Reload themes', description: 'Reloads themes from the YAML-configuration.', fields: {} },
        // configuration.yaml never changes under the sim: the same themes again, and the event.
        handler: (_data, userId) => {
          admin(userId);
          this.bus.fire(EVENT_THEMES_UPDATED, {});
        },
      },
    };
  }
}
