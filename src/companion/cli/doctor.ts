import { join } from 'node:path';
import { createConnection, ERR_INVALID_AUTH, type Connection } from 'home-assistant-js-websocket';
import { storeKeyOptions, type ServiceConfig } from '../config/config.js';
import { checkConfig, type ConfigSources } from '../config/load-config.js';
import { PlaidFailure, StoreCorruptError, StoreKeyError } from '../errors.js';
import { describeHaFailure } from '../../protocol/index.js';
import type { HaUser } from '../ha/ha-client.js';
import { socketFactory, websocketUrl } from '../ha/ha-socket.js';
import type { Logger } from '../logger.js';
import { describeNetworkError } from '../plaid/network-error.js';
import { plaidClientFor } from '../plaid/plaid-client.js';
import { loadStoreKey } from '../store/store-key.js';
import { STORE_FILE, readStoreFile } from '../store/token-store.js';

export interface CheckResult {
  name: string;
  ok: boolean;
  detail: string;
  /** For a failure: exactly what to change. */
  fix?: string;
}

export interface DoctorOptions {
  sources: ConfigSources;
  log: Logger;
  timeoutMs?: number;
}

function failure(name: string, detail: string, fix: string): CheckResult {
  return { name, ok: false, detail, fix };
}

async function checkReachable(config: ServiceConfig, timeoutMs: number): Promise<CheckResult> {
  const name = 'Home Assistant reachable';
  try {
    // Unauthenticated on purpose: any HTTP answer (HA says 401) proves the URL points at a server.
    const res = await fetch(`${config.haUrl}/api/`, { signal: AbortSignal.timeout(timeoutMs) });
    await res.arrayBuffer().catch(() => undefined);
    // HA answers its API root with 401 without a token (200 with one); anything else is not HA's API.
    if (res.status !== 401 && res.status !== 200) {
      return failure(
        name,
        `${config.haUrl} answers, but ${config.haUrl}/api/ is not Home Assistant's API (HTTP ${res.status})`,
        'set HA_URL to the address you open Home Assistant at, without /api or a dashboard path (for example ' +
          'http://homeassistant.local:8123)',
      );
    }
    return { name, ok: true, detail: `${config.haUrl} answers (HTTP ${res.status})` };
  } catch (err) {
    return failure(
      name,
      `cannot reach ${config.haUrl} (${describeNetworkError(err, config.haUrl, timeoutMs)})`,
      `check HA_URL (for example http://homeassistant.local:8123) and that Home Assistant is running and ` +
        `reachable from this machine`,
    );
  }
}

async function checkToken(
  config: ServiceConfig,
  timeoutMs: number,
): Promise<{ result: CheckResult; conn?: Connection }> {
  const name = 'HA token valid';
  try {
    const conn = await Promise.race([
      createConnection({ createSocket: socketFactory(websocketUrl(config.haUrl), config.haToken) }),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timed out')), timeoutMs).unref()),
    ]);
    return {
      result: { name, ok: true, detail: `HA_TOKEN accepted on ${websocketUrl(config.haUrl)} (HA ${conn.haVersion})` },
      conn,
    };
  } catch (err) {
    if (err === ERR_INVALID_AUTH) {
      return {
        result: failure(
          name,
          'Home Assistant rejected HA_TOKEN',
          'create a long-lived access token in Home Assistant (your profile → Security → Long-lived access ' +
            'tokens) as an administrator and set HA_TOKEN to it',
        ),
      };
    }
    return {
      result: failure(
        name,
        `no websocket at ${websocketUrl(config.haUrl)} (${describeHaFailure(err)})`,
        'check HA_URL: it must be the base URL of Home Assistant, without /api',
      ),
    };
  }
}

async function checkAdmin(conn: Connection): Promise<CheckResult> {
  const name = 'HA token user is admin';
  try {
    const user = await conn.sendMessagePromise<HaUser>({ type: 'auth/current_user' });
    if (user.is_admin || user.is_owner)
      return { name, ok: true, detail: `the token belongs to ${user.name ?? user.id}, an administrator` };
    return failure(
      name,
      `the token belongs to ${user.name ?? user.id}, who is not an administrator`,
      'create HA_TOKEN while logged in as an administrator (Settings → People → the user → Administrator), or ' +
        'make this user an administrator',
    );
  } catch (err) {
    return failure(
      name,
      `auth/current_user failed (${describeHaFailure(err)})`,
      'check that HA_URL points at Home Assistant',
    );
  }
}

async function checkPlaid(config: ServiceConfig, log: Logger, timeoutMs: number): Promise<CheckResult> {
  const name = 'Plaid credentials valid';
  const where = config.plaidBaseUrl ?? `Plaid ${config.plaidEnv}`;
  try {
    // Creating a link token is free, works in every environment, and also checks PLAID_PRODUCTS and
    // PLAID_COUNTRY_CODES.
    await plaidClientFor(config, log, timeoutMs).createLinkToken({ clientUserId: 'plaid-balance-doctor' });
    return { name, ok: true, detail: `${where} accepted PLAID_CLIENT_ID and PLAID_SECRET` };
  } catch (err) {
    const f = err instanceof PlaidFailure ? err : undefined;
    if (f?.error_code === 'INVALID_API_KEYS') {
      return failure(
        name,
        `${where} rejected the credentials (INVALID_API_KEYS)`,
        `PLAID_SECRET is wrong for PLAID_ENV=${config.plaidEnv}: copy the ${config.plaidEnv} secret (and the ` +
          `client_id) from dashboard.plaid.com/developers/keys`,
      );
    }
    if (f?.error_type === 'NETWORK_ERROR') {
      return failure(
        name,
        `cannot reach ${where} (${f.error_code})`,
        'check the network connection' + (config.plaidBaseUrl ? ' and PLAID_BASE_URL' : ''),
      );
    }
    return failure(
      name,
      `${where} refused a link token: ${f ? `${f.error_code}: ${f.error_message}` : String(err)}`,
      'check PLAID_PRODUCTS and PLAID_COUNTRY_CODES against what your Plaid account is enabled for',
    );
  }
}

async function checkStore(config: ServiceConfig): Promise<CheckResult> {
  const name = 'token store readable';
  const path = join(config.dataDir, STORE_FILE);
  try {
    const file = await readStoreFile(config.dataDir);
    if (!file) return { name, ok: true, detail: `no store yet at ${path}; it is created at the first start` };
    if (file.version === 1)
      return {
        name,
        ok: true,
        detail: `${path} holds ${file.items.length} item(s) in the old plaintext format; the next start encrypts them`,
      };
    if (file.items.length > 0) {
      const key = await loadStoreKey(config.dataDir, storeKeyOptions(config), false);
      if (key.id !== file.key_id) {
        return failure(
          name,
          `${key.source} is not the key ${path} was written with`,
          'set STORE_KEY or STORE_KEY_FILE to the key the store was written with (or restore store.key from ' +
            'the same backup as store.json)',
        );
      }
    }
    return { name, ok: true, detail: `${path} holds ${file.items.length} item(s), tokens encrypted` };
  } catch (err) {
    if (err instanceof StoreCorruptError) {
      return failure(name, `${path} cannot be read`, err.message);
    }
    if (err instanceof StoreKeyError) {
      return failure(name, `the store key cannot be used`, err.message);
    }
    throw err;
  }
}

/** The settings each check reads: a check runs only when all of them are good. */
const NEEDS = {
  ha: ['haUrl', 'haToken'],
  plaid: ['plaidClientId', 'plaidSecret', 'plaidEnv', 'plaidBaseUrl', 'plaidCountryCodes', 'plaidProducts'],
  store: ['dataDir', 'storeKey', 'storeKeyFile'],
} satisfies Record<string, (keyof ServiceConfig)[]>;

/**
 * Runs every check and returns them in order: first one line per missing or
 * bad setting (all of them, so one run lists everything to fix), then every
 * check whose settings are good; checks that depend on a failed one are skipped.
 */
export async function runDoctor(options: DoctorOptions): Promise<CheckResult[]> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const { config: partial, errors } = checkConfig(options.sources);
  if (partial.plaidSecret) options.log.addSecret(partial.plaidSecret);
  if (partial.haToken) options.log.addSecret(partial.haToken);
  const results: CheckResult[] = errors.map(({ error }) =>
    failure('config', error.message, `set ${error.setting} (see the README, "The companion")`),
  );
  const bad = new Set(errors.map((e) => e.key));
  const can = (group: keyof typeof NEEDS) => NEEDS[group].every((key) => !bad.has(key));
  // Every check reads only settings it was allowed past `can` for.
  const config = partial as ServiceConfig;
  if (!errors.length)
    results.push({
      name: 'config',
      ok: true,
      detail: `Plaid ${config.plaidEnv}, HA at ${config.haUrl}, data in ${config.dataDir}`,
    });

  const reachable = can('ha') ? await checkReachable(config, timeoutMs) : undefined;
  if (reachable) results.push(reachable);
  if (reachable?.ok) {
    const { result, conn } = await checkToken(config, timeoutMs);
    results.push(result);
    if (conn) {
      results.push(await checkAdmin(conn));
      conn.close();
    }
  }
  if (can('plaid')) results.push(await checkPlaid(config, options.log, timeoutMs));
  if (can('store')) results.push(await checkStore(config));
  return results;
}

export function formatCheck(check: CheckResult): string {
  return check.ok ? `✓ ${check.name}: ${check.detail}` : `✗ ${check.name}: ${check.detail}\n    fix: ${check.fix}`;
}
