/**
 * HA's device registry (`helpers/device_registry.py`): identifiers → one
 * device, the user's name and area, and `DeviceEntry.dict_repr` as
 * `config/device_registry/list` sends it. Survives restarts like `.storage`.
 */
import { nowMicros } from '../ha-clock.js';
import type { EventBus } from '../event-bus.js';
import { uuidHex } from '../ha-ids.js';
import type { JsonObject } from '../schema.js';

export interface DeviceEntry {
  id: string;
  configEntryId: string;
  /** `[domain, id]` pairs, e.g. `["mqtt", "plaid_balance_…"]`. */
  identifiers: [string, string][];
  name: string | null;
  nameByUser: string | null;
  manufacturer: string | null;
  model: string | null;
  swVersion: string | null;
  viaDeviceId: string | null;
  areaId: string | null;
  labels: string[];
  createdAt: number;
  modifiedAt: number;
}

export interface DeviceInfo {
  identifiers: [string, string][];
  name: string | null;
  manufacturer: string | null;
  model: string | null;
  swVersion: string | null;
  viaDevice: [string, string] | null;
}

export class DeviceRegistry {
  private readonly devices = new Map<string, DeviceEntry>();

  constructor(private readonly bus: EventBus) {}

  all(): DeviceEntry[] {
    return [...this.devices.values()];
  }

  get(deviceId: string): DeviceEntry | undefined {
    return this.devices.get(deviceId);
  }

  find(identifier: [string, string]): DeviceEntry | undefined {
    return this.all().find((d) => d.identifiers.some(([a, b]) => a === identifier[0] && b === identifier[1]));
  }

  /** `async_get_or_create`: matched by any identifier; the integration's fields are refreshed. */
  getOrCreate(configEntryId: string, info: DeviceInfo): DeviceEntry {
    const via = info.viaDevice ? (this.find(info.viaDevice)?.id ?? null) : null;
    const existing = info.identifiers.map((i) => this.find(i)).find(Boolean);
    const now = nowMicros();
    if (existing) {
      const changes: JsonObject = {};
      for (const [key, value] of [
        ['name', info.name],
        ['manufacturer', info.manufacturer],
        ['model', info.model],
        ['swVersion', info.swVersion],
        ['viaDeviceId', via],
      ] as const) {
        if (existing[key] !== value) {
          changes[key === 'swVersion' ? 'sw_version' : key === 'viaDeviceId' ? 'via_device_id' : key] = existing[key];
          existing[key] = value;
        }
      }
      if (Object.keys(changes).length) {
        existing.modifiedAt = now;
        this.bus.fire('device_registry_updated', { action: 'update', device_id: existing.id, changes });
      }
      return existing;
    }
    const device: DeviceEntry = {
      id: uuidHex(),
      configEntryId,
      identifiers: info.identifiers,
      name: info.name,
      nameByUser: null,
      manufacturer: info.manufacturer,
      model: info.model,
      swVersion: info.swVersion,
      viaDeviceId: via,
      areaId: null,
      labels: [],
      createdAt: now,
      modifiedAt: now,
    };
    this.devices.set(device.id, device);
    this.bus.fire('device_registry_updated', { action: 'create', device_id: device.id });
    return device;
  }

  update(deviceId: string, changes: Partial<Pick<DeviceEntry, 'areaId' | 'nameByUser' | 'labels'>>): DeviceEntry {
    const device = this.devices.get(deviceId);
    if (!device) throw new Error(`no device ${deviceId}`);
    const old: JsonObject = {};
    for (const [key, value] of Object.entries(changes)) {
      if (value === undefined) continue;
      const k = key as 'areaId' | 'nameByUser' | 'labels';
      if (JSON.stringify(device[k]) === JSON.stringify(value)) continue;
      old[k === 'areaId' ? 'area_id' : k === 'nameByUser' ? 'name_by_user' : 'labels'] = device[k] as never;
      (device as unknown as Record<string, unknown>)[k] = value;
    }
    if (Object.keys(old).length) {
      device.modifiedAt = nowMicros();
      this.bus.fire('device_registry_updated', { action: 'update', device_id: deviceId, changes: old });
    }
    return device;
  }

  remove(deviceId: string): void {
    if (!this.devices.delete(deviceId)) return;
    this.bus.fire('device_registry_updated', { action: 'remove', device_id: deviceId });
  }
}

/** `DeviceEntry.dict_repr`. */
export function deviceDict(d: DeviceEntry): JsonObject {
  return {
    area_id: d.areaId,
    configuration_url: null,
    config_entries: [d.configEntryId],
    config_entries_subentries: { [d.configEntryId]: [null] },
    connections: [],
    created_at: d.createdAt / 1e6,
    disabled_by: null,
    entry_type: null,
    hw_version: null,
    id: d.id,
    identifiers: d.identifiers.map((i) => [...i]),
    labels: [...d.labels],
    manufacturer: d.manufacturer,
    model: d.model,
    model_id: null,
    modified_at: d.modifiedAt / 1e6,
    name_by_user: d.nameByUser,
    name: d.name,
    primary_config_entry: d.configEntryId,
    serial_number: null,
    sw_version: d.swVersion,
    via_device_id: d.viaDeviceId,
  };
}
