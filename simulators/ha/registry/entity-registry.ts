/**
 * HA's entity registry (`helpers/entity_registry.py`): unique_id per platform
 * and domain → a stable entity_id, user overrides (name, icon, area, new
 * entity id), and the dicts `config/entity_registry.py` answers with.
 * Lives in `.storage`, so it survives `HaSim.restart()`.
 */
import { nowMicros } from '../ha-clock.js';
import type { EventBus } from '../event-bus.js';
import { uuidHex } from '../ha-ids.js';
import type { JsonObject } from '../schema.js';
import type { StateMachine } from '../state-machine.js';

export const ENTITY_CATEGORIES = ['config', 'diagnostic'] as const;
export type EntityCategory = (typeof ENTITY_CATEGORIES)[number];

export interface EntityEntry {
  id: string;
  entityId: string;
  uniqueId: string;
  platform: string;
  configEntryId: string | null;
  deviceId: string | null;
  areaId: string | null;
  name: string | null;
  icon: string | null;
  originalName: string | null;
  originalIcon: string | null;
  originalDeviceClass: string | null;
  deviceClass: string | null;
  entityCategory: EntityCategory | null;
  hasEntityName: boolean;
  labels: string[];
  aliases: string[];
  /**
   * `options`, by domain: `sensor` holds `display_precision` (the user's) and `suggested_display_precision` (the
   * integration's).
   */
  options: Record<string, JsonObject | null>;
  createdAt: number;
  modifiedAt: number;
}

export interface CreateOptions {
  suggestedObjectId: string;
  configEntryId: string | null;
  deviceId: string | null;
  originalName: string | null;
  originalIcon: string | null;
  originalDeviceClass: string | null;
  entityCategory: EntityCategory | null;
  hasEntityName: boolean;
}

/** Latin letters NFKD leaves alone, as unidecode spells them (its table has every script; this one only these). */
const UNIDECODE_LATIN: Record<string, string> = {
  ß: 'ss',
  æ: 'ae',
  Æ: 'AE',
  ø: 'o',
  Ø: 'O',
  œ: 'oe',
  Œ: 'OE',
  đ: 'd',
  Đ: 'D',
  ð: 'd',
  Ð: 'D',
  ł: 'l',
  Ł: 'L',
  þ: 'th',
  Þ: 'Th',
  ı: 'i',
};
const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', nbsp: '\u00a0' };

/**
 * HA core's `homeassistant.util.slugify` (util/__init__.py): python-slugify
 * (un33k/python-slugify, slugify/slugify.py) with `_` as separator, `""` for
 * an empty text and `unknown` for a text that leaves nothing. Simplified:
 * unidecode's transliteration covers accents and the letters above, not
 * other scripts or symbols (dropped here), and of the HTML entities only
 * the named ones above and numeric ones are decoded.
 *
 * Not src/protocol's `slugify`: that one makes the companion's own object ids
 * and must never change (a change renames every user's entities), while this
 * one must do what HA does to the names it is given.
 */
export function slugify(text: string): string {
  if (text === '') return '';
  let s = text.replace(/'+/g, '-').normalize('NFKD');
  s = Array.from(s, (c) => UNIDECODE_LATIN[c] ?? (c.charCodeAt(0) < 0x80 ? c : '')).join('');
  s = s
    .replace(/&(amp|lt|gt|quot|nbsp);/g, (m, name: string) => NAMED_ENTITIES[name] ?? m)
    .replace(/&#(\d+);/g, (m, code: string) => safeCodePoint(Number(code)) ?? m)
    .replace(/&#x([\da-fA-F]+);/g, (m, code: string) => safeCodePoint(parseInt(code, 16)) ?? m)
    .normalize('NFKD')
    .toLowerCase()
    .replace(/'+/g, '')
    .replace(/(?<=\d),(?=\d)/g, '')
    .replace(/[^-a-z0-9]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^-+|-+$/g, '')
    .replace(/-/g, '_');
  return s || 'unknown';
}

/** Python's `chr`, which raises (and python-slugify then keeps the entity) beyond U+10FFFF. */
function safeCodePoint(code: number): string | undefined {
  return code <= 0x10ffff ? String.fromCodePoint(code) : undefined;
}

export class EntityRegistry {
  private readonly entries = new Map<string, EntityEntry>();

  constructor(
    private readonly bus: EventBus,
    private readonly states: StateMachine,
  ) {}

  all(): EntityEntry[] {
    return [...this.entries.values()];
  }

  get(entityId: string): EntityEntry | undefined {
    return this.entries.get(entityId);
  }

  findByUniqueId(domain: string, platform: string, uniqueId: string): EntityEntry | undefined {
    return this.all().find(
      (e) => e.platform === platform && e.uniqueId === uniqueId && e.entityId.startsWith(`${domain}.`),
    );
  }

  /** `async_get_or_create`: an existing entry keeps its entity id (and the user's overrides). */
  getOrCreate(domain: string, platform: string, uniqueId: string, options: CreateOptions): EntityEntry {
    const existing = this.findByUniqueId(domain, platform, uniqueId);
    const now = nowMicros();
    if (existing) {
      Object.assign(existing, {
        deviceId: options.deviceId,
        originalName: options.originalName,
        originalIcon: options.originalIcon,
        originalDeviceClass: options.originalDeviceClass,
        entityCategory: options.entityCategory,
        hasEntityName: options.hasEntityName,
        configEntryId: options.configEntryId,
      });
      return existing;
    }
    const entry: EntityEntry = {
      id: uuidHex(),
      entityId: this.availableEntityId(domain, options.suggestedObjectId),
      uniqueId,
      platform,
      configEntryId: options.configEntryId,
      deviceId: options.deviceId,
      areaId: null,
      name: null,
      icon: null,
      originalName: options.originalName,
      originalIcon: options.originalIcon,
      originalDeviceClass: options.originalDeviceClass,
      deviceClass: null,
      entityCategory: options.entityCategory,
      hasEntityName: options.hasEntityName,
      labels: [],
      aliases: [],
      options: {},
      createdAt: now,
      modifiedAt: now,
    };
    this.entries.set(entry.entityId, entry);
    this.bus.fire('entity_registry_updated', { action: 'create', entity_id: entry.entityId });
    return entry;
  }

  /**
   * `async_generate_entity_id` / `async_get_available_entity_id`: free in the registry and the state machine, `_2`,
   * `_3`… otherwise.
   */
  availableEntityId(domain: string, suggestedObjectId: string): string {
    const base = `${domain}.${slugify(suggestedObjectId)}`.slice(0, 255);
    let candidate = base;
    for (let n = 2; this.entries.has(candidate) || this.states.get(candidate); n++) candidate = `${base}_${n}`;
    return candidate;
  }

  /** `async_update_entity`; returns the changed keys (old values), as the event carries them. */
  update(
    entityId: string,
    changes: Partial<Pick<EntityEntry, 'name' | 'icon' | 'areaId' | 'labels' | 'aliases' | 'deviceClass'>> & {
      newEntityId?: string;
    },
  ): EntityEntry {
    const entry = this.entries.get(entityId);
    if (!entry) throw new Error(`no entry ${entityId}`);
    const old: JsonObject = {};
    for (const [key, value] of Object.entries(changes)) {
      if (key === 'newEntityId' || value === undefined) continue;
      const k = key as keyof EntityEntry;
      if (JSON.stringify(entry[k]) === JSON.stringify(value)) continue;
      old[snake(key)] = entry[k] as never;
      (entry as unknown as Record<string, unknown>)[k] = value;
    }
    const newId = changes.newEntityId;
    if (newId && newId !== entityId) {
      old.entity_id = entityId;
      this.entries.delete(entityId);
      entry.entityId = newId;
      this.entries.set(newId, entry);
    }
    if (Object.keys(old).length === 0) return entry;
    entry.modifiedAt = nowMicros();
    this.bus.fire('entity_registry_updated', {
      action: 'update',
      entity_id: entry.entityId,
      changes: old,
      ...(newId && newId !== entityId ? { old_entity_id: entityId } : {}),
    });
    return entry;
  }

  /** `async_update_entity_options`: one domain's options replaced whole, the others kept. */
  updateOptions(entityId: string, domain: string, options: JsonObject | null): EntityEntry {
    const entry = this.entries.get(entityId);
    if (!entry) throw new Error(`no entry ${entityId}`);
    const old = entry.options;
    if (JSON.stringify(old[domain] ?? null) === JSON.stringify(options) && domain in old) return entry;
    entry.options = { ...old, [domain]: options };
    entry.modifiedAt = nowMicros();
    this.bus.fire('entity_registry_updated', { action: 'update', entity_id: entityId, changes: { options: old } });
    return entry;
  }

  remove(entityId: string): void {
    if (!this.entries.delete(entityId)) return;
    this.bus.fire('entity_registry_updated', { action: 'remove', entity_id: entityId });
  }
}

function snake(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** `RegistryEntry.as_partial_dict` (what `config/entity_registry/list` sends per entity). */
export function partialDict(e: EntityEntry): JsonObject {
  return {
    area_id: e.areaId,
    categories: {},
    config_entry_id: e.configEntryId,
    config_subentry_id: null,
    created_at: e.createdAt / 1e6,
    device_id: e.deviceId,
    disabled_by: null,
    entity_category: e.entityCategory,
    entity_id: e.entityId,
    has_entity_name: e.hasEntityName,
    hidden_by: null,
    icon: e.icon,
    id: e.id,
    labels: [...e.labels],
    modified_at: e.modifiedAt / 1e6,
    name: e.name,
    options: e.options,
    original_name: e.originalName,
    platform: e.platform,
    translation_key: null,
    unique_id: e.uniqueId,
  };
}

/** `RegistryEntry.as_extended_dict` (`get` and `update` answers). */
export function extendedDict(e: EntityEntry): JsonObject {
  return {
    ...partialDict(e),
    aliases: [...e.aliases],
    capabilities: null,
    device_class: e.deviceClass,
    original_device_class: e.originalDeviceClass,
    original_icon: e.originalIcon,
  };
}

/** `RegistryEntry.display_json_repr`: compact keys, only the ones that are set. */
export function displayDict(e: EntityEntry): JsonObject {
  const d: JsonObject = { ei: e.entityId, pl: e.platform };
  if (e.areaId) d.ai = e.areaId;
  if (e.labels.length) d.lb = [...e.labels];
  if (e.deviceId) d.di = e.deviceId;
  if (e.entityCategory) d.ec = ENTITY_CATEGORIES.indexOf(e.entityCategory);
  if (e.hasEntityName) d.hn = true;
  const name = e.name ?? e.originalName;
  if (name) d.en = name;
  if (e.icon) d.ic = e.icon;
  const sensor = e.entityId.startsWith('sensor.') ? e.options['sensor'] : null;
  const precision = sensor?.['display_precision'] ?? sensor?.['suggested_display_precision'];
  if (typeof precision === 'number') d.dp = precision;
  return d;
}
