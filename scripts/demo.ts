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

const USAGE = `usage: npm run demo -- [--port N] [--user admin|user] [--poll-interval ${DEMO_POLL_INTERVAL}]

Without HA_URL: starts the HA and Plaid simulators and the companion, and serves
a dashboard with the card on http://127.0.0.1:<port>/dashboard (default port 8123).
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
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) fail(`--port must be a whole number from 0 to 65535 (got "${values.port}")`);
  if (values.user !== 'admin' && values.user !== 'user') fail(`--user must be admin or user (got "${values.user}")`);
  if (!existsSync(DEFAULT_CARD_BUNDLE)) fail('dist/plaid-balance-card.js is missing: run npm run build first');

  const stack = await DemoStack.start({
    haPort: port,
    pollInterval: values['poll-interval'],
    onCompanionOutput: (line) => console.log(`[companion] ${line}`),
    mqtt: values.mqtt,
  }).catch((err: unknown) => {
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') fail(`port ${port} is in use (a real Home Assistant?); choose another with --port`);
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
  console.log('Press Ctrl-C to stop.');

  closeOnSignal(() => stack.close(), () => '\nStopping the companion and the simulators…');
}
