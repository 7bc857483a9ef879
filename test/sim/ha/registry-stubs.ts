/**
 * STAND-IN: empty entity, device, area, floor, label and category registries,
 * answered as HA answers them when nothing is registered
 * (`helpers/entity_registry.py`, `components/config/*_registry.py`). States
 * written over REST have no registry entry in HA either, so
 * `config/entity_registry/get` answers `not_found` for them, exactly as HA.
 * The real registries (branch `mqtt`, test/sim/ha/registry/) replace this
 * file; FRONTEND_COMMANDS (frontend-commands.ts) is the one place it is registered.
 */
import { entityIds, str } from './schema.js';
import type { Command } from './websocket-connection.js';

const emptyList = (type: string): [string, Command] => [type, { schema: {}, handler: (conn, msg) => conn.sendResult(msg.id, []) }];

export const registryStubCommands: Record<string, Command> = {
  'config/entity_registry/list_for_display': {
    schema: {},
    handler: (conn, msg) => conn.sendResult(msg.id, { entity_categories: { 0: 'config', 1: 'diagnostic' }, entities: [] }),
  },
  'config/entity_registry/get': {
    schema: { entity_id: { required: true, validate: str } },
    handler: (conn, msg) => conn.sendError(msg.id, 'not_found', 'Entity not found'),
  },
  'config/entity_registry/get_entries': {
    schema: { entity_ids: { required: true, validate: entityIds } },
    handler: (conn, msg) => conn.sendResult(msg.id, Object.fromEntries((msg['entity_ids'] as string[]).map((id) => [id, null]))),
  },
  ...Object.fromEntries([
    emptyList('config/entity_registry/list'),
    emptyList('config/device_registry/list'),
    emptyList('config/area_registry/list'),
    emptyList('config/floor_registry/list'),
    emptyList('config/label_registry/list'),
  ]),
  'config/category_registry/list': {
    schema: { scope: { required: true, validate: str } },
    handler: (conn, msg) => conn.sendResult(msg.id, []),
  },
};
