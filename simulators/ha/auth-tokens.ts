/**
 * HA's refresh and access tokens for logins through the frontend
 * (`homeassistant/auth/__init__.py`, `auth/models.py`): a refresh token per
 * login and client id, access tokens as HS256 JWTs signed with the refresh
 * token's own key (`iss` = refresh token id), valid for
 * ACCESS_TOKEN_EXPIRATION (30 minutes). Authorization codes from a finished
 * login flow are single-use and live 10 minutes (`_create_auth_code_store`).
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { uuidHex } from './ha-ids.js';
import type { User, UserStore } from './users.js';

export const ACCESS_TOKEN_EXPIRATION_MS = 30 * 60 * 1000;
const AUTH_CODE_LIFETIME_MS = 10 * 60 * 1000;

export interface RefreshToken {
  id: string;
  userId: string;
  clientId: string;
  token: string;
  jwtKey: string;
  accessTokenExpirationMs: number;
  createdAt: string;
}

interface AuthCode {
  clientId: string;
  userId: string;
  createdMs: number;
}

export interface IssuedTokens {
  accessToken: string;
  refreshToken: RefreshToken;
  expiresInS: number;
}

export class AuthTokens {
  private readonly refreshTokens = new Map<string, RefreshToken>();
  private readonly codes = new Map<string, AuthCode>();

  constructor(
    private readonly users: UserStore,
    /** Tests shorten it to see the frontend refresh its token. */
    public accessTokenExpirationMs = ACCESS_TOKEN_EXPIRATION_MS,
  ) {}

  /** `store_result`: a login flow's result becomes a code the client trades at /auth/token. */
  storeAuthCode(clientId: string, user: User): string {
    const code = uuidHex();
    this.codes.set(code, { clientId, userId: user.id, createdMs: Date.now() });
    return code;
  }

  /** `retrieve_result`: single use, bound to the client id, 10 minutes. */
  takeAuthCode(clientId: string, code: string): User | undefined {
    const entry = this.codes.get(code);
    if (!entry || entry.clientId !== clientId) return undefined;
    this.codes.delete(code);
    if (Date.now() - entry.createdMs >= AUTH_CODE_LIFETIME_MS) return undefined;
    return this.users.byId(entry.userId);
  }

  createRefreshToken(user: User, clientId: string): RefreshToken {
    const token: RefreshToken = {
      id: uuidHex(),
      userId: user.id,
      clientId,
      token: randomBytes(64).toString('hex'),
      jwtKey: randomBytes(64).toString('hex'),
      accessTokenExpirationMs: this.accessTokenExpirationMs,
      createdAt: new Date().toISOString().replace('Z', '+00:00'),
    };
    this.refreshTokens.set(token.id, token);
    return token;
  }

  refreshTokenByToken(token: string): RefreshToken | undefined {
    return [...this.refreshTokens.values()].find((r) => r.token === token);
  }

  /** `auth/refresh_tokens` items (HA also lists long-lived tokens; the sim's fixed ones have no refresh token). */
  refreshTokensOf(userId: string) {
    return [...this.refreshTokens.values()]
      .filter((r) => r.userId === userId)
      .map((r) => ({
        id: r.id,
        auth_provider_type: 'homeassistant',
        client_icon: null,
        client_id: r.clientId,
        client_name: null,
        created_at: r.createdAt,
        expire_at: null,
        is_current: false,
        last_used_at: r.createdAt,
        last_used_ip: '127.0.0.1',
        type: 'normal',
      }));
  }

  revoke(refreshToken: RefreshToken): void {
    this.refreshTokens.delete(refreshToken.id);
  }

  /** `async_create_access_token`. */
  createAccessToken(refreshToken: RefreshToken): string {
    const now = Math.floor(Date.now() / 1000);
    const header = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');
    const payload = Buffer.from(
      JSON.stringify({
        iss: refreshToken.id,
        iat: now,
        exp: now + Math.round(refreshToken.accessTokenExpirationMs / 1000),
      }),
    ).toString('base64url');
    const signature = createHmac('sha256', refreshToken.jwtKey).update(`${header}.${payload}`).digest('base64url');
    return `${header}.${payload}.${signature}`;
  }

  /**
   * `async_validate_access_token`: long-lived tokens (the sim's fixed ones),
   * then JWTs whose refresh token still exists, whose signature is its key's
   * and which have not expired; the user must be active.
   */
  userForAccessToken(token: string | null | undefined): User | undefined {
    if (!token) return undefined;
    const longLived = this.users.byToken(token);
    if (longLived) return longLived;
    const [header, payload, signature] = token.split('.');
    if (!header || !payload || !signature) return undefined;
    let claims: { iss?: unknown; exp?: unknown };
    try {
      claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as typeof claims;
    } catch {
      return undefined;
    }
    const refreshToken = typeof claims.iss === 'string' ? this.refreshTokens.get(claims.iss) : undefined;
    if (!refreshToken) return undefined;
    const expected = Buffer.from(
      createHmac('sha256', refreshToken.jwtKey).update(`${header}.${payload}`).digest('base64url'),
    );
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
    if (typeof claims.exp !== 'number' || claims.exp * 1000 <= Date.now()) return undefined;
    const user = this.users.byId(refreshToken.userId);
    return user?.isActive ? user : undefined;
  }
}
