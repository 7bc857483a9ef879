/**
 * What `frontend/get_translations` and `frontend/get_icons` answer: the
 * strings.json (English, as `translations/en.json` has them with `[%key:…%]`
 * references resolved) and icons.json of the integrations the simulator plays,
 * trimmed to the parts its entities and services use, and HA's lookup over
 * them (`helpers/translation.py` `_TranslationCache`, `helpers/icon.py`
 * `_IconsCache`). Other languages have no strings here, so every key falls
 * back to English, as HA does key by key for a language that lacks one.
 */
import type { Json, JsonObject } from './schema.js';

type Tree = { [key: string]: string | Tree };

/** strings.json per integration (from HA core's `homeassistant/components/<domain>/strings.json`). */
const STRINGS: Record<string, Tree> = {
  sensor: {
    title: 'Sensor',
    entity_component: {
      _: { name: 'Sensor' },
      monetary: { name: 'Balance' },
      timestamp: { name: 'Timestamp' },
    },
  },
  binary_sensor: {
    title: 'Binary sensor',
    entity_component: {
      _: { name: 'Binary sensor', state: { off: 'Off', on: 'On' } },
      problem: { name: 'Problem', state: { off: 'OK', on: 'Problem' } },
    },
  },
  button: {
    title: 'Button',
    entity_component: { _: { name: 'Button' } },
    services: { press: { name: 'Press', description: 'Press the button entity.' } },
  },
  mqtt: { title: 'MQTT' },
  persistent_notification: {
    title: 'Persistent Notification',
    services: {
      create: {
        name: 'Create',
        description: 'Shows a notification in the frontend.',
        fields: {
          message: { name: 'Message', description: 'Message body of the notification.' },
          title: { name: 'Title', description: 'Optional title for your notification.' },
          notification_id: {
            name: 'Notification ID',
            description: 'Target ID of the notification, will replace a notification with the same ID.',
          },
        },
      },
      dismiss: {
        name: 'Dismiss',
        description: 'Removes a notification from the frontend.',
        fields: {
          notification_id: {
            name: 'Notification ID',
            description: 'Target ID of the notification, which should be removed.',
          },
        },
      },
      dismiss_all: { name: 'Dismiss all', description: 'Removes all notifications.' },
    },
  },
  frontend: {
    title: 'Home Assistant Frontend',
    services: {
      reload_themes: { name: 'Reload themes', description: 'Reloads themes from the YAML-configuration.' },
      set_theme: {
        name: 'Set the default theme',
        description: 'Sets the default theme Home Assistant uses. Can be overridden by a user.',
        fields: {
          name: {
            name: 'Theme',
            description: 'Name of the theme to use when a light-mode client requests the default theme.',
          },
          name_dark: {
            name: 'Dark Theme',
            description: 'Name of the theme to use when a dark-mode client requests the default theme.',
          },
        },
      },
    },
  },
  homeassistant: {
    title: 'Home Assistant Core Integration',
    services: {
      update_entity: {
        name: 'Update entity',
        description: 'Forces one or more entities to update their data.',
        fields: { entity_id: { name: 'Entities to update', description: 'List of entities to force update.' } },
      },
    },
  },
};

/**
 * icons.json per integration (HA core's `homeassistant/components/<domain>/icons.json`), shorthand service icons
 * expanded.
 */
const ICONS: Record<string, Record<string, Json>> = {
  sensor: {
    entity_component: {
      _: { default: 'mdi:eye' },
      monetary: { default: 'mdi:cash' },
      timestamp: { default: 'mdi:clock' },
    },
  },
  binary_sensor: {
    entity_component: {
      _: { default: 'mdi:radiobox-blank', state: { on: 'mdi:checkbox-marked-circle' } },
      problem: { default: 'mdi:check-circle', state: { on: 'mdi:alert-circle' } },
    },
  },
  button: {
    entity_component: { _: { default: 'mdi:button-pointer' } },
    services: { press: { service: 'mdi:gesture-tap-button' } },
  },
  persistent_notification: {
    services: {
      create: { service: 'mdi:message-badge' },
      dismiss: { service: 'mdi:bell-off' },
      dismiss_all: { service: 'mdi:notification-clear-all' },
    },
  },
  frontend: { services: { set_theme: { service: 'mdi:palette-swatch' }, reload_themes: { service: 'mdi:reload' } } },
  homeassistant: { services: { update_entity: { service: 'mdi:update' } } },
};

/** `recursive_flatten`. */
function flatten(prefix: string, tree: Tree, out: Record<string, string>): Record<string, string> {
  for (const [key, value] of Object.entries(tree)) {
    if (typeof value === 'string') out[`${prefix}${key}`] = value;
    else flatten(`${prefix}${key}.`, value, out);
  }
  return out;
}

/**
 * `async_get_translations(language, category, integrations, config_flow)`:
 * the given integrations, else (no config flow asked for) the loaded
 * top-level components; keys `component.<domain>.<category>.<…>`, and a
 * category that is a plain string (`title`) as `component.<domain>.<category>`.
 * With `config_flow` and no integrations, HA lists integrations that have a
 * config flow and are not loaded: the simulated ones have none.
 */
export function translationResources(
  category: string,
  integrations: readonly string[] | undefined,
  configFlow: boolean,
  loaded: ReadonlySet<string>,
): Record<string, string> {
  const components = integrations ?? (configFlow ? [] : [...loaded].filter((c) => !c.includes('.')));
  const out: Record<string, string> = {};
  for (const component of components) {
    const strings = STRINGS[component]?.[category];
    if (strings === undefined) continue;
    if (typeof strings === 'string') out[`component.${component}.${category}`] = strings;
    else flatten(`component.${component}.${category}.`, strings, out);
  }
  return out;
}

/** `async_get_icons(category, integrations)`: `{domain: icons[category]}` for each that has any. */
export function iconResources(
  category: string,
  integrations: readonly string[] | undefined,
  loaded: ReadonlySet<string>,
): JsonObject {
  const components = integrations?.length ? integrations : [...loaded].filter((c) => !c.includes('.'));
  const out: JsonObject = {};
  for (const component of components) {
    const icons = ICONS[component]?.[category];
    if (icons !== undefined) out[component] = icons;
  }
  return out;
}
