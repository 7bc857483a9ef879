// Brings Home Assistant's prebuilt frontend into .cache/ha-frontend/ for the HA
// simulator (npm `postinstall` runs it). HA's frontend is on npm prebuilt only
// inside `iobroker.lovelace` (HA's own build of the frontend that the release
// in simulators/ha/ha-release.ts requires; ha-release.test.ts checks it); making
// that a dependency would install ioBroker's adapter stack, so this packs the
// one pinned tarball, checks its integrity, and extracts only `hass_frontend/`
// without the ES5 build and the precompressed and source-map copies (~120 MB
// instead of ~190). ioBroker's build put its own name where HA's says "Home
// Assistant" (page titles, the sidebar, login and error texts, translations),
// and filed the login page's strings for HA's `homeassistant` auth provider
// under an `iobroker` one; both are put back, so the UI reads as HA's own and
// the login form has its "Username" and "Password" labels. A second run finds
// the stamp and returns at once.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const PACKAGE = 'iobroker.lovelace@7.1.0';
export const INTEGRITY =
  'sha512-frOdRM3WujKU/CDuDuZVfb3z9Bf4oJJz3RY4vymMg+O+0a7zvQYJVFQo6Z++aUCqQI5fv8Fuatk2+LvUwh/OUw==';
export const FRONTEND_CACHE = resolve(import.meta.dirname, '../.cache/ha-frontend');
/** The frontend's files (index.html, frontend_latest/, static/ ...). */
export const FRONTEND_DIR = join(FRONTEND_CACHE, 'hass_frontend');
const STAMP = join(FRONTEND_CACHE, 'integrity.txt');
/** Changes when the extraction does, so an older cache is brought up to date. */
const STAMP_TEXT = `${INTEGRITY} names-restored login-provider-restored`;

export function frontendReady() {
  return (
    existsSync(STAMP) &&
    readFileSync(STAMP, 'utf8').trim() === STAMP_TEXT &&
    existsSync(join(FRONTEND_DIR, 'index.html'))
  );
}

/** The pinned package is there, stamped by an earlier version of this script. */
function samePackageExtracted() {
  return (
    existsSync(STAMP) &&
    readFileSync(STAMP, 'utf8').startsWith(`${INTEGRITY} `) &&
    existsSync(join(FRONTEND_DIR, 'index.html'))
  );
}

export function fetchHaFrontend(log = console.log) {
  if (frontendReady()) return FRONTEND_DIR;
  if (samePackageExtracted()) {
    // Extracted before a restore was added: the restores are idempotent, so they run again in place.
    restoreHomeAssistantNames(FRONTEND_DIR);
    writeFileSync(STAMP, `${STAMP_TEXT}\n`);
    log(`Home Assistant frontend in ${FRONTEND_CACHE} brought up to date`);
    return FRONTEND_DIR;
  }
  const work = join(FRONTEND_CACHE, 'incoming');
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  log(`Fetching Home Assistant's frontend (${PACKAGE}, ~68 MB, once) into ${FRONTEND_CACHE}`);
  const [packed] = JSON.parse(
    execFileSync('npm', ['pack', PACKAGE, '--json', '--silent', '--pack-destination', work], {
      encoding: 'utf8',
      maxBuffer: 512 * 1024 * 1024,
    }),
  );
  const tarball = join(work, packed.filename);
  const actual = `sha512-${createHash('sha512').update(readFileSync(tarball)).digest('base64')}`;
  if (actual !== INTEGRITY) throw new Error(`${PACKAGE}: integrity ${actual} does not match the pinned ${INTEGRITY}`);
  execFileSync('tar', [
    'xzf',
    tarball,
    '-C',
    work,
    '--wildcards',
    'package/hass_frontend/*',
    '--exclude=package/hass_frontend/frontend_es5',
    '--exclude=*.br',
    '--exclude=*.gz',
    '--exclude=*.map',
  ]);
  restoreHomeAssistantNames(join(work, 'package/hass_frontend'));
  rmSync(FRONTEND_DIR, { recursive: true, force: true });
  renameSync(join(work, 'package/hass_frontend'), FRONTEND_DIR);
  rmSync(work, { recursive: true, force: true });
  writeFileSync(STAMP, `${STAMP_TEXT}\n`);
  log(`Home Assistant frontend ${readFileSync(join(FRONTEND_DIR, 'version.txt'), 'utf8').trim()} ready`);
  return FRONTEND_DIR;
}

/**
 * The authorize page labels a login form's fields with
 * `ui.panel.page-authorize.form.providers.<handler>.step.<step>.data.<field>`
 * (ha-auth-flow), and HA's own provider's handler is `homeassistant`.
 */
const IOBROKER_PROVIDER = 'ui.panel.page-authorize.form.providers.iobroker.';
const HOMEASSISTANT_PROVIDER = 'ui.panel.page-authorize.form.providers.homeassistant.';

function restoreHomeAssistantNames(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !/\.(js|json|html)$/.test(entry.name)) continue;
    const path = join(entry.parentPath, entry.name);
    const text = readFileSync(path, 'utf8');
    if (text.includes('ioBroker') || text.includes(IOBROKER_PROVIDER)) {
      writeFileSync(
        path,
        text.replaceAll('ioBroker', 'Home Assistant').replaceAll(IOBROKER_PROVIDER, HOMEASSISTANT_PROVIDER),
      );
    }
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    fetchHaFrontend();
  } catch (err) {
    console.error(`Could not fetch Home Assistant's frontend: ${err instanceof Error ? err.message : err}`);
    process.exit(1);
  }
}
