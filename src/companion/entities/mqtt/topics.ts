import { slugify } from '../../../protocol/index.js';

/** The companion's own topics live under this root; discovery configs under the discovery prefix. */
export const STATE_ROOT = 'plaid_balance';
/** The `node_id` of every discovery topic: `<prefix>/<component>/plaid_balance/<object_id>/config`. */
export const NODE_ID = 'plaid_balance';
export const STATUS_TOPIC = `${STATE_ROOT}/status`;
export const ONLINE = 'online';
export const OFFLINE = 'offline';
/** What the Refresh button sends, HA's default `payload_press`. */
export const PRESS = 'PRESS';

export type Component = 'sensor' | 'binary_sensor' | 'button' | 'event';

export function configTopic(prefix: string, component: Component, objectId: string): string {
  return `${prefix}/${component}/${NODE_ID}/${objectId}/config`;
}

/** HA's birth message topic: `online` there means HA (re)started and wants every config again. */
export function birthTopic(prefix: string): string {
  return `${prefix}/status`;
}

/** `plaid_balance/<item>/…`; item ids are Plaid's, slugged so they are one topic level. */
export function itemTopic(itemId: string, leaf: string): string {
  return `${STATE_ROOT}/${slugify(itemId)}/${leaf}`;
}

export const REFRESH_LEAF = 'refresh';
/** What the companion subscribes to for every Item's Refresh button. */
export const REFRESH_SUBSCRIPTION = `${STATE_ROOT}/+/${REFRESH_LEAF}`;

/** The item slug a message on REFRESH_SUBSCRIPTION was for, or null for any other topic. */
export function refreshedItemSlug(topic: string): string | null {
  const parts = topic.split('/');
  return parts.length === 3 && parts[0] === STATE_ROOT && parts[2] === REFRESH_LEAF && parts[1] ? parts[1] : null;
}
