/**
 * The one Home Assistant release the simulators play. Everything that reports
 * a version (the websocket's `auth_required`/`auth_ok`, `get_config`, REST
 * `/api/config`, the Supervisor's Core) reads it from here, and the frontend
 * they serve must be the build this release's `components/frontend/manifest.json`
 * requires (`home-assistant-frontend==20260826.7`, core PR #181950, first in
 * 2026.9.3; ha-release.test.ts checks the fetched files).
 */
export const HA_RELEASE = {
  /** `homeassistant.const.__version__`. */
  core: '2026.9.3',
  /** The frontend's `version.txt` and its bundle's `window.frontendVersion`. */
  frontend: '20260826.7',
} as const;
