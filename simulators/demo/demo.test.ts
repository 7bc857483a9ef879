// `npm run demo` (scripts/demo.ts) end to end as a process: it starts the
// simulators and the real companion, serves HA's frontend with the card as a
// Lovelace resource, prints the logins, and Ctrl-C stops all of it, the
// companion included.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { it } from 'node:test';
import mqtt from 'mqtt';
import { createServer } from 'node:net';
import { runCli } from '../../test/companion/helpers/spawn-cli.js';
import { getStates } from 'home-assistant-js-websocket';
import { connectHaws } from '../ha/haws-node-socket.js';
import { startCli } from './cli-process.js';
import { CARD_DUE_IN_DAYS } from './demo-dues.js';

interface RegistryEntity {
  entity_id: string;
  unique_id: string;
  platform: string;
  device_id: string | null;
}

const DAY_MS = 86_400_000;
/** The Plaid simulator counts due dates from its clock in UTC days. */
const dayAfter = (days: number) => new Date(Date.now() + days * DAY_MS).toISOString().slice(0, 10);

const DEMO = resolve(import.meta.dirname, '../../scripts/demo.ts');

/** Without HA_URL the demo runs the simulated stack, whatever the developer's shell has set. */
function simulatedEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.HA_URL;
  return env;
}

/** A loopback port free right now (for --plaid-port). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

it(
  'serves the dashboard with a linked bank, prints both logins, and SIGINT stops the companion and both simulators',
  { timeout: 60_000 },
  async () => {
    const plaidPort = await freePort();
    const cli = await startCli(
      DEMO,
      ['--port', '0', '--plaid-port', String(plaidPort), '--linked'],
      simulatedEnv(),
      (out) => out.includes('Press Ctrl-C to stop.'),
    );
    // The bank --linked adds, its sensors named as the card's Remove names them.
    assert.match(
      cli.output(),
      /Linked First Platypus Bank: \d+ balance sensors and 2 status sensors, \d+ with 90 days of history/,
    );
    const dashboard = /Dashboard: (http:\/\/\S+)/.exec(cli.output())![1]!;
    const plaid = /Plaid simulator: (http:\/\/\S+)/.exec(cli.output())![1]!;
    assert.equal(new URL(plaid).port, String(plaidPort));
    // The printed settings (the simulators' own credentials) are enough for doctor.
    const line = /^ {2}(HA_URL=.*) npm run companion -- doctor$/m.exec(cli.output())![1]!;
    const printed = Object.fromEntries(line.split(' ').map((pair) => pair.split('=', 2) as [string, string]));
    assert.deepEqual(Object.keys(printed), [
      'HA_URL',
      'HA_TOKEN',
      'PLAID_CLIENT_ID',
      'PLAID_SECRET',
      'PLAID_BASE_URL',
      'DATA_DIR',
    ]);
    const doctor = await runCli(['doctor'], printed);
    assert.equal(doctor.code, 0, doctor.stdout + doctor.stderr);
    const page = await fetch(dashboard);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /<home-assistant><\/home-assistant>/, "HA's frontend answers the dashboard's URL");
    const card = await fetch(new URL('/local/plaid-balance-card.js', dashboard));
    assert.equal(card.status, 200);
    assert.match(await card.text(), /plaid-balance-card/);
    const [, adminName, adminPassword] = /Login: (\S+) \/ (\S+) \(admin\)/.exec(cli.output()) ?? [];
    assert.ok(adminName && adminPassword, cli.output());
    assert.match(cli.output(), /Login: \S+ \/ \S+ \(non-admin\)/);

    assert.equal(await cli.stop('SIGINT'), 0, cli.output());
    assert.match(cli.output(), /Stopping the companion and the simulators/);
    assert.match(cli.output(), /\[companion\] .*companion stopped/, 'the companion shut down before the demo exited');
    await assert.rejects(fetch(dashboard), 'the HA simulator is closed');
    await assert.rejects(fetch(plaid), 'the Plaid simulator is closed');
  },
);

it('refuses a bad --port with exit code 2 and names the option', async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', DEMO, '--port', 'eighty'], {
    env: simulatedEnv(),
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  const [code] = await once(child, 'exit');
  assert.equal(code, 2);
  assert.match(err, /--port must be a whole number/);
});

it(
  'with --mqtt --linked, prints a working broker URL, and the bank shows its due dates at once, one soon, none overdue',
  { timeout: 90_000 },
  async () => {
    const cli = await startCli(DEMO, ['--port', '0', '--mqtt', '--linked'], simulatedEnv(), (out) =>
      out.includes('Press Ctrl-C to stop.'),
    );
    try {
      const soon = dayAfter(CARD_DUE_IN_DAYS);
      assert.match(
        cli.output(),
        new RegExp(`Payment due dates of 3 cards and loans, the next on ${soon}, none overdue`),
      );
      const [, haUrl, haToken] = /HA_URL=(\S+) HA_TOKEN=(\S+)/.exec(cli.output()) ?? [];
      const conn = await connectHaws(haUrl!, haToken!);
      try {
        const entities = await conn.sendMessagePromise<RegistryEntity[]>({ type: 'config/entity_registry/list' });
        const devices = await conn.sendMessagePromise<{ id: string; name: string }[]>({
          type: 'config/device_registry/list',
        });
        const states = await getStates(conn);
        const entry = entities.find((e) => e.entity_id === 'sensor.plaid_first_platypus_bank_3333_payment_due');
        assert.ok(entry?.unique_id, 'the due date is an MQTT entity with a unique id');
        assert.equal(entry.platform, 'mqtt');
        assert.equal(
          devices.find((d) => d.id === entry.device_id)?.name,
          'First Platypus Bank',
          "in the bank's device",
        );
        const due = states.find((e) => e.entity_id === entry.entity_id);
        assert.equal(due?.attributes.device_class, 'date');
        assert.equal(due.state, soon, 'the credit card is due soon');
        const overdue = states.filter((e) =>
          /^binary_sensor\.plaid_first_platypus_bank_\d+_overdue$/.test(e.entity_id),
        );
        assert.deepEqual(
          overdue.map((e) => e.state),
          ['off', 'off', 'off'],
          "nothing overdue, Sandbox's mortgage included",
        );
        assert.equal(
          states.find((e) => e.entity_id === 'sensor.plaid_first_platypus_bank_3333_minimum_payment')?.state,
          '20',
          'its minimum payment',
        );

        // Money in motion: the checking account's event entity, month sensors and recent list, discovered
        // over MQTT in the bank's device, with the first sync's transactions.
        const checking = 'plaid_first_platypus_bank_0000';
        const ids = ['event', 'spending_this_month', 'income_this_month', 'recent_transactions'].map((what) =>
          what === 'event' ? `event.${checking}_transactions` : `sensor.${checking}_${what}`,
        );
        const deadline = Date.now() + 30_000;
        for (;;) {
          const now = await getStates(conn);
          const recent = now.find((e) => e.entity_id === ids[3]);
          if (Number(recent?.state) > 0) break;
          assert.ok(Date.now() < deadline, `the recent transactions reach HA: ${JSON.stringify(recent)}`);
          await new Promise((r) => setTimeout(r, 250));
        }
        const registry = await conn.sendMessagePromise<RegistryEntity[]>({ type: 'config/entity_registry/list' });
        for (const id of ids) {
          const e = registry.find((x) => x.entity_id === id);
          assert.ok(e?.unique_id, `${id} is an entity with a unique id`);
          assert.equal(e.platform, 'mqtt', id);
          assert.equal(devices.find((d) => d.id === e.device_id)?.name, 'First Platypus Bank', id);
        }
        const spending = (await getStates(conn)).find((e) => e.entity_id === ids[1]);
        assert.equal(spending?.attributes.state_class, 'total');
        assert.match(String(spending.attributes.last_reset), /^\d{4}-\d{2}-01T00:00:00/, 'reset at the month start');
        assert.ok(Number.isFinite(Number(spending.state)), `spending this month: ${spending.state}`);
      } finally {
        conn.close();
      }

      const url = /MQTT: (mqtt:\/\/\S+)/.exec(cli.output())?.[1];
      assert.ok(url, cli.output());
      const client = await mqtt.connectAsync(url);
      const status = new Promise<string>((done) =>
        client.on('message', (topic, payload) => topic === 'plaid_balance/status' && done(payload.toString())),
      );
      await client.subscribeAsync('plaid_balance/status');
      assert.equal(await status, 'online');
      await client.endAsync();
    } finally {
      assert.equal(await cli.stop('SIGINT'), 0, cli.output());
    }
  },
);
