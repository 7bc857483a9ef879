/** HA's users and long-lived access tokens, shaped as `auth/current_user` and `config/auth/list` return them. */
import { randomBytes } from 'node:crypto';
import { longLivedToken, uuidHex } from './ha-ids.js';

export const GROUP_ID_ADMIN = 'system-admin';
export const GROUP_ID_USER = 'system-users';
export const GROUP_ID_READ_ONLY = 'system-read-only';

export interface UserSpec {
  name: string;
  /** Member of `system-admin` (else `system-users`). */
  admin?: boolean;
  owner?: boolean;
  /** HA refuses tokens of inactive users. Default true. */
  active?: boolean;
  systemGenerated?: boolean;
  /**
   * A long-lived token for this user; generated when omitted. System users get
   * none unless given one: the Supervisor's user, which HA creates as a system
   * user in `system-admin` (components/hassio/__init__.py), holds a token.
   */
  token?: string;
  /**
   * Logs in through the `homeassistant` provider with the username (the name, slugged) and this; generated when
   * omitted.
   */
  password?: string;
}

export interface User {
  id: string;
  name: string;
  username: string | null;
  isOwner: boolean;
  isActive: boolean;
  systemGenerated: boolean;
  localOnly: boolean;
  groupIds: string[];
  /** Null for system-generated users, which log in with no token of their own here. */
  token: string | null;
  /** The `homeassistant` auth provider's password; null for system-generated users, who cannot log in. */
  password: string | null;
}

/** `User.is_admin`: the owner, or an active member of `system-admin`. */
export function isAdmin(user: User): boolean {
  return user.isOwner || (user.isActive && user.groupIds.includes(GROUP_ID_ADMIN));
}

export class UserStore {
  private readonly users: User[] = [];

  add(spec: UserSpec): User {
    const systemGenerated = spec.systemGenerated ?? false;
    const user: User = {
      id: uuidHex(),
      name: spec.name,
      username: systemGenerated ? null : spec.name.toLowerCase().replace(/[^a-z0-9]+/g, '_'),
      isOwner: spec.owner ?? false,
      isActive: spec.active ?? true,
      systemGenerated,
      localOnly: false,
      groupIds: [spec.admin || spec.owner ? GROUP_ID_ADMIN : systemGenerated ? GROUP_ID_READ_ONLY : GROUP_ID_USER],
      token: systemGenerated ? (spec.token ?? null) : (spec.token ?? longLivedToken()),
      password: systemGenerated ? null : (spec.password ?? randomBytes(9).toString('base64url')),
    };
    if (user.token && this.users.some((u) => u.token === user.token)) {
      throw new Error(`ha-sim: two users were given the same token (${spec.name})`);
    }
    this.users.push(user);
    return user;
  }

  all(): readonly User[] {
    return this.users;
  }

  byId(id: string | null | undefined): User | undefined {
    return this.users.find((u) => u.id === id);
  }

  /** `homeassistant` provider: HA lower-cases and strips the username (`_async_validate_login`). */
  byUsername(username: string): User | undefined {
    const normalized = username.trim().toLowerCase();
    return this.users.find((u) => u.username === normalized);
  }

  /** The long-lived tokens: unknown tokens and inactive users are refused alike. */
  byToken(token: string | null | undefined): User | undefined {
    if (!token) return undefined;
    return this.users.find((u) => u.token === token && u.isActive);
  }
}

function credentials(user: User): Array<{ auth_provider_type: string; auth_provider_id: null }> {
  return user.systemGenerated ? [] : [{ auth_provider_type: 'homeassistant', auth_provider_id: null }];
}

/** `auth/current_user` result. */
export function currentUserInfo(user: User) {
  return {
    id: user.id,
    name: user.name,
    is_owner: user.isOwner,
    is_admin: isAdmin(user),
    credentials: credentials(user),
    mfa_modules: [{ id: 'totp', name: 'Authenticator app', enabled: false }],
  };
}

/** `config/auth/list` item (`_user_info`). */
export function listedUserInfo(user: User) {
  return {
    id: user.id,
    username: user.username,
    name: user.name,
    is_owner: user.isOwner,
    is_active: user.isActive,
    local_only: user.localOnly,
    system_generated: user.systemGenerated,
    group_ids: user.groupIds,
    credentials: credentials(user).map((c) => ({ type: c.auth_provider_type })),
  };
}
