/**
 * HA's failed-login handling, `homeassistant/components/http/ban.py`:
 * `process_wrong_login` runs for every `auth_invalid` on the websocket
 * (`websocket_api/auth.py`) and every 401 a view raises — a wrong or revoked
 * token, but also a non-admin token writing a state. Each one shows the
 * "Login attempt failed" persistent notification; with
 * `http: login_attempts_threshold` set (HA's default is -1: never ban), the
 * address is banned once its count reaches the threshold, and from then on
 * every HTTP request and websocket upgrade from it answers 403 until
 * `http.unban` (or an edit of `ip_bans.yaml` and a restart). A successful
 * websocket auth resets the count (`process_success_login`); a successful
 * REST call does not. The Supervisor's address is counted but never banned.
 */
import type { Services } from './services.js';

export const NOTIFICATION_ID_LOGIN = 'http-login';
export const NOTIFICATION_ID_BAN = 'ip-ban';

export interface IpBanOptions {
  /** `http: login_attempts_threshold`; below 1 (HA's default -1) counts nothing and bans no one. */
  loginAttemptsThreshold?: number;
  /** The Supervisor's address (`get_supervisor_ip()`), never banned; set it to play an add-on install. */
  supervisorIp?: string;
}

/** `::ffff:127.0.0.1` (Node's dual-stack form) and `127.0.0.1` are one address, as ip_address() sees them. */
function normalise(remote: string): string {
  return remote.startsWith('::ffff:') ? remote.slice(7) : remote;
}

export class IpBans {
  private readonly failedAttempts = new Map<string, number>();
  private readonly bans = new Map<string, string>();

  constructor(
    private readonly services: Services,
    private readonly options: IpBanOptions = {},
  ) {}

  isBanned(remote: string): boolean {
    return this.bans.has(normalise(remote));
  }

  /** Banned addresses with their `banned_at`, as `ip_bans.yaml` would list them. */
  banned(): ReadonlyMap<string, string> {
    return this.bans;
  }

  failedAttemptsOf(remote: string): number {
    return this.failedAttempts.get(normalise(remote)) ?? 0;
  }

  processWrongLogin(remote: string): void {
    const address = normalise(remote);
    // HA resolves the host name; on loopback that is the address again.
    const base = `Login attempt or request with invalid authentication from ${address} (${address}).`;
    this.services.createNotification({
      message: `${base} See the log for details.`,
      title: 'Login attempt failed',
      notification_id: NOTIFICATION_ID_LOGIN,
    });
    const threshold = this.options.loginAttemptsThreshold ?? -1;
    if (threshold < 1) return;
    const count = (this.failedAttempts.get(address) ?? 0) + 1;
    this.failedAttempts.set(address, count);
    if (address === this.options.supervisorIp) return;
    if (count >= threshold && !this.bans.has(address)) {
      this.bans.set(address, new Date().toISOString());
      this.services.createNotification({
        message: `Too many login attempts from ${address}`,
        title: 'Banning IP address',
        notification_id: NOTIFICATION_ID_BAN,
      });
    }
  }

  processSuccessLogin(remote: string): void {
    if ((this.options.loginAttemptsThreshold ?? -1) < 1) return;
    this.failedAttempts.delete(normalise(remote));
  }

  /** The `http.unban` action. */
  unban(remote: string): void {
    this.bans.delete(normalise(remote));
  }
}
