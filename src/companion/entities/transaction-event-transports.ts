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
import { transactionEventTopic } from './mqtt/transaction-discovery.js';

/** The event entity the companion announced for the event's account. */
export function eventEntityOf(item: StoredItem, event: TransactionEventData): string {
  const account = item.accounts.find((a) => a.account_id === event.plaid_account_id);
  return transactionEventId(item.entity_label, account ? account.mask : event.mask, event.plaid_account_id);
}

export function mqttEventTransport(
  link: Pick<MqttLink, 'publishOnce'>,
  ha: Pick<HaTransactionsApi, 'getState'>,
): EventTransport {
  return {
    send: (item, event) =>
      link.publishOnce(transactionEventTopic(item.item_id, event.plaid_account_id), JSON.stringify(event)),
    async delivered(item, event) {
      const state = await ha.getState(eventEntityOf(item, event));
      return state?.attributes.transaction_id === event.transaction_id;
    },
  };
}

export function restEventTransport(ha: Pick<HaTransactionsApi, 'postEvent'>): EventTransport {
  return { send: (_item, event) => ha.postEvent(TRANSACTION_EVENT, { ...event }) };
}
