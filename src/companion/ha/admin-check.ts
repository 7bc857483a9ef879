import type { Clock } from '../poll/clock.js';
import type { HaApi, HaUser } from './ha-client.js';
import type { Logger } from '../logger.js';

/** How long a user list is trusted; a demoted admin loses access within this time. */
const CACHE_TTL_MS = 60_000;

export function isActiveAdmin(user: HaUser): boolean {
  if (user.is_active === false || user.system_generated) return false;
  return user.is_owner === true || user.is_admin === true || (user.group_ids ?? []).includes('system-admin');
}

/**
 * Defence in depth: HA lets only admins fire `plaid_balance_request`, but the
 * companion checks again that the event's `context.user_id` is an active admin.
 */
export class AdminCheck {
  private users = new Map<string, HaUser>();
  private fetchedAt = Number.NEGATIVE_INFINITY;
  private inflight: Promise<void> | undefined;

  constructor(
    private readonly ha: Pick<HaApi, 'listUsers'>,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  async isAdmin(userId: string | null | undefined): Promise<boolean> {
    if (!userId) return false;
    const age = this.clock.now() - this.fetchedAt;
    // An unknown id is a user created since the last look; concurrent lookups share one refresh.
    // (HA sets context.user_id itself, so a client cannot make up ids to flood it.)
    if (age > CACHE_TTL_MS || !this.users.has(userId)) await this.refresh();
    const user = this.users.get(userId);
    return user !== undefined && isActiveAdmin(user);
  }

  /** Forget the cache, e.g. after HA restarted (users may have changed). */
  invalidate(): void {
    this.fetchedAt = Number.NEGATIVE_INFINITY;
  }

  private refresh(): Promise<void> {
    this.inflight ??= this.ha
      .listUsers()
      .then((users) => {
        this.users = new Map(users.map((u) => [u.id, u]));
        this.fetchedAt = this.clock.now();
      })
      .catch((err: unknown) => {
        // Keep the old list: failing closed for unknown users, open for known admins.
        this.log.warn('cannot list HA users to check admin rights', { error: err });
      })
      .finally(() => {
        this.inflight = undefined;
      });
    return this.inflight;
  }
}
