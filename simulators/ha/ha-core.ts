/** The simulated Home Assistant core: what the websocket and REST layers share. */
import { nowMicros } from './ha-clock.js';
import { EventBus } from './event-bus.js';
import { RecorderRenames } from './recorder-renames.js';
import { DeviceRegistry } from './registry/device-registry.js';
import { EntityRegistry } from './registry/entity-registry.js';
import { IpBans, type IpBanOptions } from './ip-ban.js';
import { Latency, type LatencyOptions } from './latency.js';
import { Recorder } from './record.js';
import { RecorderDatabase } from './recorder-database.js';
import { Services } from './services.js';
import { StateMachine } from './state-machine.js';
import { isAdmin, UserStore } from './users.js';
import { AuthTokens } from './auth-tokens.js';
import { FrontendStore, LovelaceStore } from './frontend-store.js';
import { Themes, type ThemeConfig } from './themes.js';
import { HA_RELEASE } from './ha-release.js';

export interface ConfigOverrides {
  location_name?: string;
  time_zone?: string;
  currency?: string;
  language?: string;
  country?: string | null;
  latitude?: number;
  longitude?: number;
}

export interface HassSettings {
  /** HA allows `fire_event` to admins only; false simulates an HA that does not. */
  fireEventRequiresAdmin: boolean;
  config: ConfigOverrides;
  ipBan?: IpBanOptions;
  latency?: LatencyOptions;
  /** configuration.yaml's `frontend: themes:`. */
  themes?: Record<string, ThemeConfig>;
  /** Print each unknown websocket command (the demo does; tests read the record). */
  logUnknownCommands?: boolean;
}

export class Hass {
  readonly recorder = new Recorder();
  readonly bus = new EventBus(this.recorder);
  readonly states = new StateMachine(this.bus, this.recorder);
  /** HA's recorder database, as rows and bytes per table (the file survives restarts). */
  readonly database = new RecorderDatabase(this.bus);
  /** Before any integration listens, so it hears a registry rename first (see RecorderRenames). */
  readonly recorderRenames = new RecorderRenames(this.bus, this.recorder);
  readonly services = new Services(this.bus, this.recorder);
  readonly users = new UserStore();
  /** The registries live in `.storage`: they survive a restart, unlike states. */
  readonly entityRegistry = new EntityRegistry(this.bus, this.states);
  readonly deviceRegistry = new DeviceRegistry(this.bus);
  /** Seconds since the epoch, as registry timestamps are. */
  readonly startedAt = nowMicros() / 1e6;
  readonly ipBans: IpBans;
  readonly latency: Latency;
  readonly auth = new AuthTokens(this.users);
  /** `.storage/frontend.*` and `.storage/lovelace*`: they survive restarts, as HA's files do. */
  readonly frontendStore = new FrontendStore();
  readonly lovelace = new LovelaceStore();
  readonly themes: Themes;
  /**
   * `hass.config.components`: what HA with `default_config` has loaded
   * (`sensor` through default_config's `sun`); integrations add theirs with
   * `loadComponent`.
   */
  readonly components = new Set([
    'api',
    'auth',
    'config',
    'frontend',
    'history',
    'homeassistant',
    'http',
    'lovelace',
    'persistent_notification',
    'recorder',
    'repairs',
    'sensor',
    'system_log',
    'websocket_api',
  ]);

  constructor(readonly settings: HassSettings) {
    this.ipBans = new IpBans(this.services, settings.ipBan);
    this.latency = new Latency(settings.latency);
    this.themes = new Themes(this.bus, settings.themes);
    // A service call without a user (HA's own code) passes the admin check, as in `async_register_admin_service`.
    const adminOrInternal = (userId: string | null) => {
      if (userId === null) return true;
      const user = this.users.byId(userId);
      return user !== undefined && isAdmin(user);
    };
    for (const [name, def] of Object.entries(this.themes.services(adminOrInternal)))
      this.services.register('frontend', name, def);
  }

  /**
   * `async_setup_component`'s end: the component is loaded and `component_loaded` fired (the frontend refetches its
   * translations).
   */
  loadComponent(domain: string): void {
    if (this.components.has(domain)) return;
    this.components.add(domain);
    this.bus.fire('component_loaded', { component: domain });
  }

  /** `hass.config.as_dict()`. */
  configDict() {
    const c = this.settings.config;
    return {
      allowlist_external_dirs: ['/config/www', '/media'],
      allowlist_external_urls: [],
      components: [...this.components].sort(),
      config_dir: '/config',
      config_source: 'storage',
      country: c.country ?? 'US',
      currency: c.currency ?? 'USD',
      debug: false,
      elevation: 0,
      external_url: null,
      internal_url: null,
      language: c.language ?? 'en',
      latitude: c.latitude ?? 32.87336,
      location_name: c.location_name ?? 'Home',
      longitude: c.longitude ?? -117.22743,
      radius: 100,
      recovery_mode: false,
      safe_mode: false,
      state: 'RUNNING',
      time_zone: c.time_zone ?? 'America/Los_Angeles',
      unit_system: {
        length: 'mi',
        accumulated_precipitation: 'in',
        area: 'ft²',
        mass: 'lb',
        pressure: 'psi',
        temperature: '°F',
        volume: 'gal',
        wind_speed: 'mph',
      },
      version: HA_RELEASE.core,
      whitelist_external_dirs: ['/config/www', '/media'],
    };
  }
}
