/**
 * `npm run sim:ha -- [--port N] [--host H]`: runs the HA simulator until
 * SIGINT/SIGTERM. Tokens come from HA_SIM_ADMIN_TOKEN / HA_SIM_USER_TOKEN, or
 * are generated and printed so a companion or browser can use them.
 */
import { parseArgs } from 'node:util';
import { closeOnSignal } from '../demo/close-on-signal.js';
import { HA_RELEASE } from './ha-release.js';
import { startHaSim } from './ha-server.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8123' },
    host: { type: 'string', default: '127.0.0.1' },
  },
});

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be a port number, got ${values.port}`);
  process.exit(2);
}

const adminToken = process.env['HA_SIM_ADMIN_TOKEN'] || undefined;
const userToken = process.env['HA_SIM_USER_TOKEN'] || undefined;
const sim = await startHaSim({ port, host: values.host, adminToken, userToken });

console.log(`Home Assistant ${HA_RELEASE.core} simulator at ${sim.url} (websocket ${sim.wsUrl})`);
if (!adminToken) console.log(`admin token (${sim.adminUser.name}): ${sim.adminToken}`);
if (!userToken) console.log(`user token (${sim.normalUser.name}):  ${sim.userToken}`);

closeOnSignal(
  () => sim.close(),
  (signal) => `${signal}: closing`,
);
