/**
 * HA's `recorder/entity_registry.py`: when the user gives an entity a new id
 * in the registry, the recorder files the states recorded so far under the
 * new id (`update_states_metadata`), so the history stays with the entity.
 * The simulator keeps every write as written (record.ts, for the secret
 * scans), so history asks `idNow` where a recorded state is filed instead of
 * rewriting it. Statistics follow too: SimStatistics moves its own rows.
 */
import type { EventBus } from './event-bus.js';
import type { Recorder } from './record.js';

/** `entity_registry_changed_filter`: an update that carries `old_entity_id`. */
export function onEntityIdChanged(bus: EventBus, handle: (oldId: string, newId: string) => void): void {
  bus.listen('entity_registry_updated', (event) => {
    const { action, old_entity_id: oldId, entity_id: newId } = event.data;
    if (action === 'update' && typeof oldId === 'string' && typeof newId === 'string') handle(oldId, newId);
  });
}

interface Rename {
  oldId: string;
  newId: string;
  /** The number of record entries when it happened: it files those written before. */
  before: number;
}

export class RecorderRenames {
  private readonly renames: Rename[] = [];

  /**
   * Made with the simulator's Hass, so it hears a rename before any
   * integration writes the entity's state under its new id, as HA's
   * recorder queues the rename before that write.
   */
  constructor(
    bus: EventBus,
    private readonly recorder: Recorder,
  ) {
    onEntityIdChanged(bus, (oldId, newId) => {
      // HA logs "Cannot rename entity_id … because the new entity_id is already in use" and moves nothing.
      if (this.inUse(newId)) return;
      this.renames.push({ oldId, newId, before: recorder.entries.length });
    });
  }

  /** The id under which the record entry at `index`, a state written as `writtenAs`, is filed now. */
  idNow(writtenAs: string, index: number): string {
    let id = writtenAs;
    for (const r of this.renames) if (r.before > index && r.oldId === id) id = r.newId;
    return id;
  }

  private inUse(entityId: string): boolean {
    return this.recorder.entries.some(
      (e, i) => e.kind === 'state' && e.op === 'set' && this.idNow(e.entity_id, i) === entityId,
    );
  }
}
