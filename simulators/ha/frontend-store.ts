/**
 * What HA keeps in `.storage/` for the frontend: per-user and system-wide
 * frontend data (`components/frontend/storage.py`: a dict per user, each key
 * set whole), and the default dashboard in storage mode with its resources
 * (`components/lovelace/dashboard.py` LovelaceStorage, `resources.py`).
 */
import { uuidHex } from './ha-ids.js';
import type { Json, JsonObject } from './schema.js';

type Listener = (key: string) => void;

export class FrontendStore {
  readonly systemData: Record<string, Json> = {};
  private readonly users = new Map<string, Record<string, Json>>();
  private readonly userListeners = new Map<string, Set<Listener>>();
  private readonly systemListeners = new Set<Listener>();

  userData(userId: string): Record<string, Json> {
    let data = this.users.get(userId);
    if (!data) this.users.set(userId, (data = {}));
    return data;
  }

  setUserData(userId: string, key: string, value: Json): void {
    this.userData(userId)[key] = value;
    for (const listener of this.userListeners.get(userId) ?? []) listener(key);
  }

  onUserData(userId: string, listener: Listener): () => void {
    let set = this.userListeners.get(userId);
    if (!set) this.userListeners.set(userId, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }

  setSystemData(key: string, value: Json): void {
    this.systemData[key] = value;
    for (const listener of this.systemListeners) listener(key);
  }

  onSystemData(listener: Listener): () => void {
    this.systemListeners.add(listener);
    return () => this.systemListeners.delete(listener);
  }
}

export interface LovelaceResource {
  id: string;
  type: 'module' | 'js' | 'css' | 'html';
  url: string;
}

/** A `lovelace/dashboards` item (`dashboard.py` DashboardsCollection). */
export interface DashboardItem {
  id: string;
  url_path: string;
  title: string;
  icon: string;
  show_in_sidebar: boolean;
  require_admin: boolean;
  mode: 'storage';
}

/**
 * The dashboards: `null` is HA's default LovelaceStorage, empty since HA
 * 2026 moves it to a dashboard item with url_path `lovelace`
 * (`_async_migrate_default_config`), which is where this one's config lives.
 */
export class LovelaceStore {
  readonly dashboards: DashboardItem[] = [
    {
      id: 'lovelace',
      url_path: 'lovelace',
      title: 'Finances',
      icon: 'mdi:cash',
      show_in_sidebar: true,
      require_admin: false,
      mode: 'storage',
    },
  ];
  /** Saved configs by url_path (`''` for the default); none yet: HA answers `config_not_found`. */
  private readonly configs = new Map<string, JsonObject | string>();
  readonly resources: LovelaceResource[] = [];

  has(urlPath: string | null): boolean {
    return urlPath === null || this.dashboards.some((d) => d.url_path === urlPath);
  }

  config(urlPath: string | null): JsonObject | string | null {
    return this.configs.get(urlPath ?? '') ?? null;
  }

  save(urlPath: string | null, config: JsonObject | string | null): void {
    if (config === null) this.configs.delete(urlPath ?? '');
    else this.configs.set(urlPath ?? '', config);
  }

  addResource(url: string, type: LovelaceResource['type'] = 'module'): LovelaceResource {
    const resource = { id: uuidHex(), type, url };
    this.resources.push(resource);
    return resource;
  }
}
