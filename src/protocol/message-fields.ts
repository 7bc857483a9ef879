import { literal, pattern, size, string } from 'superstruct';
import { PROTOCOL_VERSION } from './events.js';

// The fields requests, responses and flow events share.

/** Request and flow ids: random, URL-safe, short enough to log. */
export const Id = pattern(size(string(), 8, 64), /^[A-Za-z0-9_-]+$/);
export const ItemId = size(string(), 1, 128);
export const Version = literal(PROTOCOL_VERSION);
/** The card's release (package.json's version), which a request carries from 0.2.0 on; see CARD_RELEASE_SINCE. */
export const CardRelease = pattern(size(string(), 1, 32), /^[0-9A-Za-z.+-]+$/);

/** A fresh request or flow id: 128 random bits, URL-safe. */
export function newId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
