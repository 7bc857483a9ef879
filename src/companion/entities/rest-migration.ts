import type { HaApi } from '../ha/ha-client.js';
import type { Logger } from '../logger.js';
import { itemEntityIds } from './sensor-states.js';
import type { StoredItem } from '../store/token-store.js';

/**
 * REST → MQTT: states the REST mode wrote have no registry entry. While one
 * holds an entity id, HA's registry gives the MQTT entity `<id>_2` instead,
 * so they are deleted before discovery is (re)published; the MQTT entities
 * then take the same ids (`default_entity_id`) and keep the history, which HA
 * records by entity id. Entities with a registry entry are already MQTT's.
 */
export async function deleteRestStates(
  ha: Pick<HaApi, 'hasRegistryEntry' | 'deleteState'>,
  items: readonly StoredItem[],
  log: Logger,
): Promise<void> {
  let deleted = 0;
  for (const id of items.flatMap((i) => itemEntityIds(i))) {
    try {
      if (!(await ha.hasRegistryEntry(id)) && (await ha.deleteState(id))) deleted += 1;
    } catch (err) {
      log.warn('could not check or delete an old REST state', { entity_id: id, error: err });
    }
  }
  if (deleted) log.info('deleted the REST states the MQTT entities replace', { deleted });
}
