// `npm run demo`: the whole product on loopback with no Plaid account and no
// Home Assistant (simulators + the real companion + HA's own frontend with the
// card on a dashboard), or, when HA_URL is set, only the companion against the
// real Home Assistant and Plaid.
//
// Each flag is one entry in OPTIONS and, where it changes the stack, one field
// of the DemoStack options, so flags from other work merge as single lines.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { COMPANION_NODE_FLAGS } from './build-companion.mjs';
import { CARD_BUNDLE, DemoStack } from '../simulators/demo/demo-stack.js';
import { closeOnSignal } from '../simulators/demo/close-on-signal.js';
import { writeLinkedHistory } from '../simulators/demo/demo-history.js';
import { DEMO_BANK, DEMO_PLAID_PRODUCTS } from '../simulators/demo/demo-bank.js';
import { calmDues } from '../simulators/demo/demo-dues.js';
import { DUE_SENSORS, itemSensorCounts } from '../src/protocol/index.js';

/** The sensors of a card's or loan's due, by the suffixes src/protocol/due-attributes.ts gives them. */
const DUE_SENSOR = new RegExp(`_(${Object.values(DUE_SENSORS).join('|')})$`);

/** Short, so changes made through the Plaid simulator's controls show up soon; allowed only against a simulator. */
const DEMO_POLL_INTERVAL = '15s';

const USAGE =
  `usage: npm run demo -- [--port N] [--plaid-port N] [--linked] [--mqtt] ` +
  `[--poll-interval ${DEMO_POLL_INTERVAL}]

Without HA_URL: starts the HA simulator (serving Home Assistant's own frontend
with the card on a dashboard), the Plaid simulator and the companion, and
prints the dashboard's URL and the logins (default port 8123).
  --plaid-port N       the Plaid simulator's port (default: any free port)
  --linked             link First Platypus Bank at start (with 90 days of history and its payment due dates),
                       so balances, trends and due dates show at once
  --mqtt               entities over MQTT discovery: starts Debian's Mosquitto (/usr/sbin/mosquitto)
                       and HA's MQTT integration in the simulator; prints the broker's URL
  --poll-interval D    the companion's POLL_INTERVAL (default ${DEMO_POLL_INTERVAL})
With HA_URL (and HA_TOKEN, PLAID_CLIENT_ID, PLAID_SECRET, ...): runs only the
companion against your Home Assistant and Plaid.`;

const OPTIONS = {
  port: { type: 'string', default: '8123' },
  'plaid-port': { type: 'string', default: '0' },
  mqtt: { type: 'boolean', default: false },
  linked: { type: 'boolean', default: false },
  'poll-interval': { type: 'string', default: DEMO_POLL_INTERVAL },
  help: { type: 'boolean', default: false },
} as const;

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

const { values } = parseArgs({ options: OPTIONS });
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}

if (process.env.HA_URL) {
  console.log(`HA_URL is set: running only the companion against ${process.env.HA_URL} (no simulators, no dashboard).`);
  if (process.argv.slice(2).some((a) => a.startsWith('--port') || a.startsWith('--linked'))) {
    console.log('--port and --linked apply to the simulated demo only; ignoring them.');
  }
  const companion = spawn(
    process.execPath,
    [...COMPANION_NODE_FLAGS, fileURLToPath(new URL('./companion.mjs', import.meta.url)), 'start'],
    {
      stdio: 'inherit',
    },
  );
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => companion.kill(signal));
  companion.on('exit', (code) => process.exit(code ?? 1));
} else {
  const portOf = (flag: 'port' | 'plaid-port'): number => {
    const n = Number(values[flag]);
    if (!Number.isInteger(n) || n < 0 || n > 65_535)
      fail(`--${flag} must be a whole number from 0 to 65535 (got "${values[flag]}")`);
    return n;
  };
  const port = portOf('port');
  const plaidPort = portOf('plaid-port');
  if (!existsSync(CARD_BUNDLE)) fail('dist/plaid-balance-card.js is missing: run npm run build first');

  const stack = await DemoStack.start({
    haPort: port,
    plaidPort,
    pollInterval: values['poll-interval'],
    mqtt: values.mqtt,
    ...(values.linked && { plaidProducts: DEMO_PLAID_PRODUCTS }),
    onCompanionOutput: (line) => console.log(`[companion] ${line}`),
  }).catch((err: unknown) => {
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE')
      fail(
        `port ${port} or ${plaidPort} is in use (a real Home Assistant?); choose others with --port and --plaid-port`,
      );
    throw err;
  });
  closeOnSignal(
    () => stack.close(),
    () => '\nStopping the companion and the simulators…',
  );
  if (values.linked) {
    const sensors = await stack.linkBank(DEMO_BANK.institutionId, {
      dueDates: true,
      beforeChoosing: (itemId) => calmDues(stack.plaid, itemId),
    });
    // As if HA had recorded the bank for 90 days: the card's trends show at once.
    const withHistory = writeLinkedHistory(stack.statistics, stack.ha.states);
    const states = stack.ha.states;
    const isDue = (id: string) => DUE_SENSOR.test(id);
    // Named as the card's Remove names them, so the two counts read alike.
    const { balances, statuses } = itemSensorCounts(sensors.filter((id) => !isDue(id)));
    const dueDates = sensors.filter((id) => isDue(id) && id.endsWith(`_${DUE_SENSORS.next_payment_due_date}`));
    const next = dueDates.map((id) => states.get(id)?.state).sort()[0];
    const overdue = sensors.filter(
      (id) => isDue(id) && id.startsWith('binary_sensor.') && states.get(id)?.state === 'on',
    );
    console.log(
      `Linked ${DEMO_BANK.name}: ${balances} balance sensors and ${statuses} status sensors, ` +
        `${withHistory.length} with 90 days of history`,
    );
    console.log(
      `Payment due dates of ${dueDates.length} cards and loans, the next on ${next}, ` +
        `${overdue.length ? `${overdue.length} overdue` : 'none overdue'}`,
    );
  }
  const admin = stack.ha.adminUser;
  const user = stack.ha.normalUser;
  console.log('');
  console.log(`Dashboard: ${stack.dashboardUrl}`);
  console.log(`Login: ${admin.username} / ${admin.password} (admin)`);
  console.log(`Login: ${user.username} / ${user.password} (non-admin)`);
  console.log(`Plaid simulator: ${stack.plaid.url} — sandbox login user_good / pass_good`);
  if (stack.broker) {
    const { username, password } = stack.broker.companion;
    console.log(`MQTT: mqtt://${username}:${password}@127.0.0.1:${stack.broker.port}`);
  }
  // The simulators' own credentials, not real secrets: printed so doctor, link and list can be tried against them.
  const env = stack.companionEnv();
  console.log('To try the companion CLI against the simulators (doctor, list; link with another DATA_DIR):');
  console.log(
    `  HA_URL=${env.HA_URL} HA_TOKEN=${env.HA_TOKEN} PLAID_CLIENT_ID=${env.PLAID_CLIENT_ID} ` +
      `PLAID_SECRET=${env.PLAID_SECRET} PLAID_BASE_URL=${env.PLAID_BASE_URL} DATA_DIR=${env.DATA_DIR} npm run ` +
      `companion -- doctor`,
  );
  console.log('Press Ctrl-C to stop.');
}
