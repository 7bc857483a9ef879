// Failed logins and IP bans as http/ban.py handles them: every auth_invalid and
// every REST 401 is a wrong login; at the threshold the address is banned and
// everything from it answers 403; the Supervisor's address is never banned.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RawWsClient } from './raw-ws-client.js';
import { startHaSim, type HaSim } from './ha-server.js';
import { NOTIFICATION_ID_BAN, NOTIFICATION_ID_LOGIN } from './ip-ban.js';

async function withSim(options: Parameters<typeof startHaSim>[0], body: (sim: HaSim) => Promise<void>): Promise<void> {
  const sim = await startHaSim(options);
  try {
    await body(sim);
  } finally {
    await sim.close();
  }
}

async function wrongWsLogin(sim: HaSim, token = 'not-a-token'): Promise<string> {
  const client = await RawWsClient.connect(sim.wsUrl);
  client.send({ type: 'auth', access_token: token });
  const answer = await client.next((m) => m['type'] === 'auth_invalid');
  await client.closed;
  return String(answer['message']);
}

const restWithToken = (sim: HaSim, token: string) =>
  fetch(`${sim.url}/api/states`, { headers: { Authorization: `Bearer ${token}` } });

describe('HA sim: failed logins and IP bans (http/ban.py)', () => {
  it('without a threshold (HA default) a wrong login only notifies, and never bans', async () => {
    await withSim({}, async (sim) => {
      for (let i = 0; i < 6; i++) assert.equal(await wrongWsLogin(sim), 'Invalid access token or password');
      const note = sim.notifications.get(NOTIFICATION_ID_LOGIN);
      assert.equal(note?.title, 'Login attempt failed');
      assert.match(
        note!.message,
        new RegExp(
          /^Login attempt or request with invalid authentication from 127\.0\.0\.1 \(127\.0\.0\.1\)\. /.source +
            /See the log for details\.$/.source,
        ),
      );
      assert.equal(sim.ipBans.banned().size, 0);
      assert.equal((await restWithToken(sim, sim.adminToken)).status, 200);
    });
  });

  it(
    'bans at login_attempts_threshold, counting websocket auth_invalid and REST 401 alike; ' + 'then everything is 403',
    async () => {
      await withSim({ ipBan: { loginAttemptsThreshold: 3 } }, async (sim) => {
        await wrongWsLogin(sim);
        assert.equal((await restWithToken(sim, 'nope')).status, 401);
        assert.equal(sim.ipBans.failedAttemptsOf('127.0.0.1'), 2);
        assert.equal(sim.ipBans.banned().size, 0);
        // A non-admin writing a state is a 401 raised by the view: a wrong login too.
        const write = await fetch(`${sim.url}/api/states/sensor.x`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${sim.userToken}` },
          body: JSON.stringify({ state: '1' }),
        });
        assert.equal(write.status, 401);
        assert.deepEqual([...sim.ipBans.banned().keys()], ['127.0.0.1']);
        assert.equal(sim.notifications.get(NOTIFICATION_ID_BAN)?.title, 'Banning IP address');

        const banned = await restWithToken(sim, sim.adminToken);
        assert.equal(banned.status, 403);
        assert.equal(await banned.text(), '403: Forbidden');
        await assert.rejects(RawWsClient.connect(sim.wsUrl, sim.adminToken), /403/);

        sim.ipBans.unban('127.0.0.1');
        assert.equal((await restWithToken(sim, sim.adminToken)).status, 200);
      });
    },
  );

  it('a successful websocket login resets the count; a successful REST call does not', async () => {
    await withSim({ ipBan: { loginAttemptsThreshold: 3 } }, async (sim) => {
      await wrongWsLogin(sim);
      await wrongWsLogin(sim);
      assert.equal((await restWithToken(sim, sim.adminToken)).status, 200);
      assert.equal(sim.ipBans.failedAttemptsOf('127.0.0.1'), 2);
      const ok = await RawWsClient.connect(sim.wsUrl, sim.adminToken);
      ok.close();
      assert.equal(sim.ipBans.failedAttemptsOf('127.0.0.1'), 0);
    });
  });

  it('counts but never bans the Supervisor’s address', async () => {
    await withSim({ ipBan: { loginAttemptsThreshold: 2, supervisorIp: '127.0.0.1' } }, async (sim) => {
      for (let i = 0; i < 4; i++) await wrongWsLogin(sim);
      assert.equal(sim.ipBans.failedAttemptsOf('127.0.0.1'), 4);
      assert.equal(sim.ipBans.banned().size, 0);
      assert.equal((await restWithToken(sim, sim.adminToken)).status, 200);
    });
  });

  it('a revoked token closes its websockets and is refused from then on', async () => {
    await withSim({}, async (sim) => {
      const client = await RawWsClient.connect(sim.wsUrl, sim.adminToken);
      sim.revokeToken(sim.adminToken);
      await client.closed;
      assert.equal(await wrongWsLogin(sim, sim.adminToken), 'Invalid access token or password');
      assert.equal((await restWithToken(sim, sim.adminToken)).status, 401);
    });
  });
});
