// Identifiers shaped like Plaid's: base62 ids of Plaid's lengths, UUID-based tokens.
import { randomBytes, randomUUID } from 'node:crypto';

const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function base62(length: number): string {
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      // 248 = 4 * 62: dropping larger bytes keeps every character equally likely.
      if (byte < 248 && out.length < length) out += BASE62[byte % 62];
    }
  }
  return out;
}

export const requestId = (): string => base62(15);
export const itemId = (): string => base62(37);
export const accountId = (): string => base62(37);
export const linkSessionId = (): string => randomUUID();
export const eventId = (): string => randomUUID();
export const linkToken = (): string => `link-sandbox-${randomUUID()}`;
export const publicToken = (): string => `public-sandbox-${randomUUID()}`;
export const accessToken = (): string => `access-sandbox-${randomUUID()}`;
/** Plaid client ids are 24 hex characters, secrets 30. */
export const clientId = (): string => randomBytes(12).toString('hex');
export const secret = (): string => randomBytes(15).toString('hex');
export const transactionId = (): string => base62(37);
