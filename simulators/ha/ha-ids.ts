import { createHmac, randomBytes } from 'node:crypto';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** HA context ids are ULIDs (`ulid_at_time`): 10 chars of milliseconds, 16 of randomness. */
export function ulid(ms: number = Date.now()): string {
  let time = '';
  let t = Math.floor(ms);
  for (let i = 0; i < 10; i++) {
    time = CROCKFORD[t % 32] + time;
    t = Math.floor(t / 32);
  }
  const random = randomBytes(16);
  let tail = '';
  for (const byte of random) tail += CROCKFORD[byte & 31];
  return time + tail;
}

/** HA user, refresh-token and notification ids are `uuid4().hex`. */
export function uuidHex(): string {
  return randomBytes(16).toString('hex');
}

function base64url(data: string | Buffer): string {
  return Buffer.from(data).toString('base64url');
}

/**
 * HA long-lived access tokens are HS256 JWTs whose `iss` is the refresh token id;
 * generated tokens look the same so clients that log or measure them see the real shape.
 */
export function longLivedToken(): string {
  const now = Math.floor(Date.now() / 1000);
  const header = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const payload = base64url(JSON.stringify({ iss: uuidHex(), iat: now, exp: now + 10 * 365 * 24 * 3600 }));
  const signature = createHmac('sha256', randomBytes(32)).update(`${header}.${payload}`).digest('base64url');
  return `${header}.${payload}.${signature}`;
}
