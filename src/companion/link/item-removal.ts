import { PlaidFailure } from '../errors.js';
import type { Logger } from '../logger.js';
import type { PlaidClient } from '../plaid/plaid-client.js';
import type { StateWriter } from '../entities/state-writer.js';
import type { TokenStore } from '../store/token-store.js';

export interface ItemRemovalDeps {
  plaid: Pick<PlaidClient, 'removeItem'>;
  store: Pick<TokenStore, 'get' | 'delete'>;
  writer: Pick<StateWriter, 'removeItem'>;
  /** Stops polling the item (absent in the one-shot CLI). */
  forget?: (itemId: string) => void;
  log: Logger;
}

/**
 * Removes an item everywhere: at Plaid first (`/item/remove`, so the user stops
 * being billed — a failure here stops the removal, the token is kept so it
 * can be retried), then its entities in HA, then its token from the store.
 * Returns the entity ids HA had, or null when the item is unknown.
 */
export async function removeItem(deps: ItemRemovalDeps, itemId: string): Promise<string[] | null> {
  const item = deps.store.get(itemId);
  if (!item) return null;
  try {
    await deps.plaid.removeItem(item.access_token);
  } catch (err) {
    // Plaid no longer knowing the Item is what we wanted anyway.
    if (!(err instanceof PlaidFailure && err.error_code === 'ITEM_NOT_FOUND')) throw err;
  }
  deps.forget?.(itemId);
  const removed = item.configured ? await deps.writer.removeItem(item) : [];
  await deps.store.delete(itemId);
  deps.log.info('item removed', { item_id: itemId, institution: item.institution_name, entities: removed.length });
  return removed;
}
