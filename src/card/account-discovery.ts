import type { HassEntities, HassEntity } from 'home-assistant-js-websocket';
import { SCHEMA_MARKER } from '../protocol/index.js';

export function isBalanceSensor(entity: HassEntity | undefined): boolean {
  return entity?.attributes?.[SCHEMA_MARKER] === 1;
}

/** Every entity carrying the companion's marker, sorted by entity id. */
export function scanBalanceSensors(states: HassEntities): string[] {
  const ids: string[] = [];
  for (const id in states) if (isBalanceSensor(states[id])) ids.push(id);
  return ids.sort();
}

/**
 * Finds the companion's sensors without reading every entity's attributes on
 * every `hass` update. A full scan runs only when
 * - the number of entities changed (a sensor was added or removed), or
 * - one of the known sensors changed or vanished (the companion writes all of an
 *   item's sensors together, so a swap of one sensor for another lands here).
 * What it can miss: an unrelated entity removed in the same update that adds a
 * new sensor, with no known sensor touched. The next add/remove or refresh of
 * any balance sensor (every poll) repairs that.
 */
export class AccountDiscovery {
  #states: HassEntities | undefined;
  #count = -1;
  #known = new Map<string, HassEntity>();
  #ids: readonly string[] = [];

  /** Returns the same array instance while the result is unchanged. */
  resolve(states: HassEntities): readonly string[] {
    if (states === this.#states) return this.#ids;
    this.#states = states;
    const count = Object.keys(states).length;
    let rescan = count !== this.#count;
    if (!rescan) {
      for (const [id, entity] of this.#known) {
        if (states[id] !== entity) {
          rescan = true;
          break;
        }
      }
    }
    if (!rescan) return this.#ids;
    this.#count = count;
    const ids = scanBalanceSensors(states);
    this.#known = new Map(ids.map((id) => [id, states[id]!]));
    if (ids.length !== this.#ids.length || ids.some((id, i) => id !== this.#ids[i])) this.#ids = ids;
    return this.#ids;
  }
}
