/**
 * What the Home Assistant Supervisor gives an add-on: its API at
 * `http://supervisor` (Core's API proxied under `/core`, services such as
 * `/services/mqtt`), and the add-on's persistent folder `/data` holding the
 * user's options in `/data/options.json`. See supervisor/api/proxy.py and
 * supervisor/apps/app.py (`path_options`).
 *
 * TEST ONLY: `PLAID_BALANCE_TEST_SUPERVISOR_URL` and
 * `PLAID_BALANCE_TEST_DATA_DIR` move both, so the add-on tests (test/addon/)
 * can run the add-on's real start script against the Supervisor simulator
 * (simulators/supervisor/) with a temp dir as `/data`. The Supervisor never sets
 * them and users have no reason to.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../errors.js';

export const SUPERVISOR_URL = 'http://supervisor';
export const ADDON_DATA_DIR = '/data';
export const TEST_SUPERVISOR_URL_ENV = 'PLAID_BALANCE_TEST_SUPERVISOR_URL';
export const TEST_DATA_DIR_ENV = 'PLAID_BALANCE_TEST_DATA_DIR';

export interface AddonEnvironment {
  /** The Supervisor's API, without a trailing slash. */
  supervisorUrl: string;
  /** Home Assistant Core through the Supervisor's proxy (REST under `/api`, the websocket at `/api/websocket`). */
  haUrl: string;
  dataDir: string;
  optionsPath: string;
}

export function addonEnvironment(env: Readonly<Record<string, string | undefined>>): AddonEnvironment {
  const supervisorUrl = (env[TEST_SUPERVISOR_URL_ENV] || SUPERVISOR_URL).replace(/\/+$/, '');
  const dataDir = env[TEST_DATA_DIR_ENV] || ADDON_DATA_DIR;
  return { supervisorUrl, haUrl: `${supervisorUrl}/core`, dataDir, optionsPath: join(dataDir, 'options.json') };
}

/** The user's add-on options, read with `read` (injectable for tests); none when the file is absent. */
export function readAddonOptions(
  optionsPath: string,
  read: () => string = () => readFileSync(optionsPath, 'utf8'),
): Record<string, unknown> {
  let text: string;
  try {
    text = read();
  } catch (err) {
    // An add-on without options is fine: every setting may come from the environment.
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new ConfigError(optionsPath, `${optionsPath} cannot be read: ${(err as Error).message}`);
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed))
      return parsed as Record<string, unknown>;
  } catch {
    // reported below
  }
  throw new ConfigError(optionsPath, `${optionsPath} must hold a JSON object of add-on options`);
}
