/**
 * How a transaction event reaches HA (event-delivery.ts decides when): over
 * MQTT to the account's event entity, confirmed by reading that entity's
 * state over REST; without a broker, as the bus event `plaid_balance_transaction`.
 */
import { TRANSACTION_EVENT, transactionEventId, type TransactionEventData } from '../../protocol/index.js';
import type { HaTransactionsApi } from '../ha/ha-client.js';
import type { StoredItem } from '../store/store-file.js';
import type { EventTransport } from '../transactions/event-delivery.js';
import type { MqttLink } from './mqtt/mqtt-link.js';
import { transactionEventTopic, transactionEventUniqueId } from './mqtt/transaction-discovery.js';

/** The event entity the companion announced for the event's account. */
export function eventEntityOf(item: StoredItem, event: TransactionEventData): string {
  const account = item.accounts.find((a) => a.account_id === event.plaid_account_id);
  return transactionEventId(item.entity_label, account ? account.mask : event.mask, event.plaid_account_id);
}

/**
 * The confirmation reads the event entity's state under the id HA's registry
 * has for it now: were it read under the announced id only, an entity the
 * user renamed would never confirm, and every retry would fire the event again.
 */
export function mqttEventTransport(
  link: Pick<MqttLink, 'publishOnce'>,
  ha: Pick<HaTransactionsApi, 'getState' | 'mqttEntityId'>,
): EventTransport {
  const renamed = new Map<string, string>();
  const stateOf = async (item: StoredItem, event: TransactionEventData) => {
    const uniqueId = transactionEventUniqueId(item.item_id, event.plaid_account_id);
    const id = renamed.get(uniqueId) ?? eventEntityOf(item, event);
    const state = await ha.getState(id);
    if (state) return state;
    // Not under that id: look the entity up in the registry (renamed, or not set up yet).
    const current = await ha.mqttEntityId(uniqueId);
    if (!current || current === id) return null;
    renamed.set(uniqueId, current);
    return ha.getState(current);
  };
  return {
    send: (item, event) =>
      link.publishOnce(transactionEventTopic(item.item_id, event.plaid_account_id), JSON.stringify(event)),
    async delivered(item, event) {
      const state = await stateOf(item, event);
      return state?.attributes.transaction_id === event.transaction_id;
    },
  };
}

export function restEventTransport(ha: Pick<HaTransactionsApi, 'postEvent'>): EventTransport {
  return { send: (_item, event) => ha.postEvent(TRANSACTION_EVENT, { ...event }) };
}
