// CLI: `npm run sim:plaid -- [--port N] [--host H]`. Uses PLAID_CLIENT_ID /
// PLAID_SECRET when set, else makes up a pair and prints it so the companion can
// be pointed here (PLAID_BASE_URL=<url>). Runs until SIGINT/SIGTERM.
import { parseArgs } from 'node:util';
import { closeOnSignal } from '../demo/close-on-signal.js';
import { startPlaidSim } from './plaid-server.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    host: { type: 'string', default: '127.0.0.1' },
  },
});

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  console.error(`--port must be an integer 0-65535, got ${values.port}`);
  process.exit(2);
}

const sim = await startPlaidSim({
  port,
  host: values.host,
  clientId: process.env.PLAID_CLIENT_ID || undefined,
  secret: process.env.PLAID_SECRET || undefined,
});

console.log(`Plaid simulator listening on ${sim.url}`);
console.log(`PLAID_BASE_URL=${sim.url}`);
console.log(`PLAID_CLIENT_ID=${sim.clientId}`);
// A secret the user set is not echoed; a generated one must be, or nobody could use it.
console.log(process.env.PLAID_SECRET ? 'PLAID_SECRET: the one from the environment' : `PLAID_SECRET=${sim.secret}`);
console.log('Sandbox login: user_good / pass_good. Controls: POST /__sim/... (see simulators/plaid/README.md)');

closeOnSignal(
  () => sim.close(),
  (signal) => `${signal}: closing`,
);
