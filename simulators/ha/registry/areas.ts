/**
 * The area, floor and label registries, as lists only: the areas HA's
 * onboarding creates (Living Room, Kitchen, Bedroom), no floors, no labels.
 * `area_registry.py` `_entry_dict` shape.
 */
import type { JsonObject } from '../schema.js';

export interface Area {
  areaId: string;
  name: string;
}

export const DEFAULT_AREAS: readonly Area[] = [
  { areaId: 'living_room', name: 'Living Room' },
  { areaId: 'kitchen', name: 'Kitchen' },
  { areaId: 'bedroom', name: 'Bedroom' },
];

export function areaDict(area: Area, createdAt: number): JsonObject {
  return {
    aliases: [],
    area_id: area.areaId,
    floor_id: null,
    humidity_entity_id: null,
    icon: null,
    labels: [],
    name: area.name,
    picture: null,
    temperature_entity_id: null,
    created_at: createdAt,
    modified_at: createdAt,
  };
}
