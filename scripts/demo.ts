// `npm run demo`: the whole product on loopback with no Plaid account and no
// Home Assistant (simulators + the real companion + a dashboard), or, when
// HA_URL is set, only the companion against the real Home Assistant and Plaid.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { COMPANION_NODE_FLAGS } from './build-companion.mjs';
import { DemoStack } from '../test/sim/demo-stack.js';
import { DEFAULT_CARD_BUNDLE } from '../test/sim/dashboard/dashboard.js';
import { closeOnSignal } from '../test/sim/close-on-signal.js';

/** Short, so changes made through the Plaid simulator's controls show up soon; allowed only against a simulator. */
const DEMO_POLL_INTERVAL = '15s';

const USAGE = `usage: npm run demo -- [--port N] [--plaid-port N] [--user admin|user] [--poll-interval ${DEMO_POLL_INTERVAL}]

Without HA_URL: starts the HA and Plaid simulators and the companion, and serves
a dashboard with the card on http://127.0.0.1:<port>/dashboard (default port 8123).
  --plaid-port N        the Plaid simulator's port (default: any free port)
  --user user          print the URL of the non-admin user's dashboard
  --poll-interval D    the companion's POLL_INTERVAL (default ${DEMO_POLL_INTERVAL})
  --mqtt               entities over MQTT discovery: starts Debian's Mosquitto (/usr/sbin/mosquitto)
With HA_URL (and HA_TOKEN, PLAID_CLIENT_ID, PLAID_SECRET, ...): runs only the
companion against your Home Assistant and Plaid.`;

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8123' },
    'plaid-port': { type: 'string', default: '0' },
    user: { type: 'string', default: 'admin' },
    'poll-interval': { type: 'string', default: DEMO_POLL_INTERVAL },
    mqtt: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}

if (process.env.HA_URL) {
  console.log(`HA_URL is set: running only the companion against ${process.env.HA_URL} (no simulators, no dashboard).`);
  if (process.argv.slice(2).some((a) => a.startsWith('--port') || a.startsWith('--user'))) {
    console.log('--port and --user apply to the simulated demo only; ignoring them.');
  }
  const companion = spawn(process.execPath, [...COMPANION_NODE_FLAGS, fileURLToPath(new URL('./companion.mjs', import.meta.url)), 'start'], {
    stdio: 'inherit',
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => companion.kill(signal));
  companion.on('exit', (code) => process.exit(code ?? 1));
} else {
  const portOf = (flag: 'port' | 'plaid-port'): number => {
    const n = Number(values[flag]);
    if (!Number.isInteger(n) || n < 0 || n > 65_535) fail(`--${flag} must be a whole number from 0 to 65535 (got "${values[flag]}")`);
    return n;
  };
  const port = portOf('port');
  const plaidPort = portOf('plaid-port');
  if (values.user !== 'admin' && values.user !== 'user') fail(`--user must be admin or user (got "${values.user}")`);
  if (!existsSync(DEFAULT_CARD_BUNDLE)) fail('dist/plaid-balance-card.js is missing: run npm run build first');

  const stack = await DemoStack.start({
    haPort: port,
    plaidPort,
    pollInterval: values['poll-interval'],
    onCompanionOutput: (line) => console.log(`[companion] ${line}`),
    mqtt: values.mqtt,
  }).catch((err: unknown) => {
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') fail(`port ${port} or ${plaidPort} is in use (a real Home Assistant?); choose others with --port and --plaid-port`);
    throw err;
  });
  const user = values.user;
  console.log('');
  console.log(`Dashboard: ${stack.dashboardUrl(user)}`);
  console.log(`  (as the other user: ${stack.dashboardUrl(user === 'admin' ? 'user' : 'admin')})`);
  console.log(`Plaid simulator: ${stack.plaid.url} — sandbox login user_good / pass_good`);
  if (stack.broker) {
    const { username, password } = stack.broker.companion;
    console.log(`MQTT: mqtt://${username}:${password}@127.0.0.1:${stack.broker.port}`);
  }
  // The simulators' own credentials, not real secrets: printed so doctor, link and list can be tried against them.
  const env = stack.companionEnv();
  console.log('To try the companion CLI against the simulators (doctor, list; link with another DATA_DIR):');
  console.log(
    `  HA_URL=${env.HA_URL} HA_TOKEN=${env.HA_TOKEN} PLAID_CLIENT_ID=${env.PLAID_CLIENT_ID} PLAID_SECRET=${env.PLAID_SECRET} PLAID_BASE_URL=${env.PLAID_BASE_URL} DATA_DIR=${env.DATA_DIR} npm run companion -- doctor`,
  );
  console.log('Press Ctrl-C to stop.');

  closeOnSignal(() => stack.close(), () => '\nStopping the companion and the simulators…');
}
