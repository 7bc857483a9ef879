/**
 * The Supervisor simulator answers as supervisor/api/proxy.py,
 * api/services.py and apps/options.py do: the add-on's token is checked by
 * the Supervisor, Core sees the Supervisor's user, `/services/mqtt` follows
 * the add-on's `services:` role and the broker's registration.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { HA_RELEASE } from '../ha/ha-release.js';
import { startHaSim, type HaSim, type SimUser } from '../ha/ha-server.js';
import { OptionsInvalid, validateOptions } from './addon-options.js';
import { SupervisorSim } from './supervisor-server.js';

const ADDON_DIR = fileURLToPath(new URL('../../plaid-balance-companion/', import.meta.url));

/** A message from the websocket API; the fields these tests read. */
interface WsMessage {
  type?: unknown;
  message?: unknown;
  result?: { id?: unknown; is_admin?: unknown };
  [key: string]: unknown;
}

/** One websocket conversation: sends `send` in turn, each after the previous reply. */
function converse(url: string, messages: object[]): Promise<WsMessage[]> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    const got: WsMessage[] = [];
    let sent = 0;
    ws.on('error', reject);
    ws.on('message', (raw) => {
      const parsed = JSON.parse(raw.toString());
      for (const m of Array.isArray(parsed) ? parsed : [parsed]) got.push(m);
      if (sent < messages.length) ws.send(JSON.stringify(messages[sent++]));
      else ws.close();
    });
    ws.on('close', () => resolve(got));
  });
}

describe('supervisor simulator', () => {
  let ha: HaSim;
  let supervisorUser: SimUser;
  let sup: SupervisorSim;
  let token: string;
  const haToken = randomBytes(32).toString('hex');

  before(async () => {
    ha = await startHaSim();
    supervisorUser = ha.addUser({ name: 'Supervisor', systemGenerated: true, admin: true, token: haToken });
    sup = await SupervisorSim.start({ addonDir: ADDON_DIR, haUrl: ha.url, haToken });
    // A started add-on holds a token; the start script itself is exercised in test/addon/.
    sup.userOptions = { plaid_client_id: 'cid', plaid_secret: 'secret', poll_interval: '30s' };
    await sup.startAddon();
    await sup.waitForExit();
    token = sup.addonSupervisorToken!;
  });

  after(async () => {
    await sup?.close();
    await ha?.close();
  });

  it('proxies Core’s REST API for the add-on’s token, as the Supervisor’s user', async () => {
    const res = await fetch(`${sup.url}/core/api/states/sensor.x`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ state: '1' }),
    });
    assert.equal(res.status, 201);
    assert.equal(ha.states.get('sensor.x')!.context.user_id, supervisorUser.id);
    const legacy = await fetch(`${sup.url}/core/api/states/sensor.x`, { headers: { 'x-ha-access': token } });
    assert.equal(legacy.status, 200);
  });

  it('refuses other tokens with aiohttp’s plain 401, and Core’s hassio endpoints with 403', async () => {
    const bad = await fetch(`${sup.url}/core/api/states`, { headers: { authorization: `Bearer ${ha.adminToken}` } });
    assert.equal(bad.status, 401);
    assert.equal(await bad.text(), '401: Unauthorized');
    const hassio = await fetch(`${sup.url}/core/api/hassio_auth`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(hassio.status, 403);
  });

  it('authenticates the websocket itself, then relays to Core and blocks supervisor/ commands', async () => {
    const ws = sup.url.replace('http', 'ws') + '/core/websocket';
    const refused = await converse(ws, [{ type: 'auth', access_token: 'nope' }]);
    assert.deepEqual(
      refused.map((m) => m.type),
      ['auth_required', 'auth_invalid'],
    );
    assert.equal(refused[1]!.message, 'Invalid access');
    const session = await converse(ws, [
      { type: 'auth', access_token: token },
      { id: 1, type: 'auth/current_user' },
      { id: 2, type: 'supervisor/api', endpoint: '/info', method: 'get' },
    ]);
    assert.deepEqual(
      session.map((m) => m.type),
      ['auth_required', 'auth_ok', 'result', 'result'],
    );
    assert.equal(session[2]!.result?.id, supervisorUser.id);
    assert.equal(session[2]!.result?.is_admin, true, 'HA sees the Supervisor as an admin');
    assert.deepEqual(session[3], {
      id: 2,
      type: 'result',
      success: false,
      error: { code: 'unauthorized', message: 'Unauthorized' },
    });
  });

  it('tells websocket clients the Core version it installed: the release the simulators play', async () => {
    const ws = sup.url.replace('http', 'ws') + '/core/websocket';
    const [required, ok] = await converse(ws, [{ type: 'auth', access_token: token }]);
    assert.deepEqual(
      [required, ok],
      [
        { type: 'auth_required', ha_version: HA_RELEASE.core },
        { type: 'auth_ok', ha_version: HA_RELEASE.core },
      ],
    );
  });

  it('answers /services/mqtt by the add-on’s role and the broker’s registration', async () => {
    const get = (headers: Record<string, string>) => fetch(`${sup.url}/services/mqtt`, { headers });
    assert.equal((await get({})).status, 401);
    assert.equal((await get({ 'x-supervisor-token': 'someone-else' })).status, 403);
    const none = await get({ authorization: `Bearer ${token}` });
    assert.equal(none.status, 400);
    assert.deepEqual(await none.json(), { result: 'error', message: 'Service not enabled' });
    sup.mqtt = {
      host: 'core-mosquitto',
      port: 1883,
      username: 'addons',
      password: 'broker-pass',
      addon: 'core_mosquitto',
    };
    const some = await get({ 'x-supervisor-token': token });
    assert.equal(some.status, 200);
    assert.deepEqual(await some.json(), {
      result: 'ok',
      data: {
        host: 'core-mosquitto',
        port: 1883,
        username: 'addons',
        password: 'broker-pass',
        ssl: false,
        protocol: '3.1.1',
        addon: 'core_mosquitto',
      },
    });
    sup.mqtt = null;
    assert.equal((await get({ 'x-hassio-key': token, authorization: 'Bearer ignored' })).status, 400);
  });

  it('checks options as the Supervisor does before a start', () => {
    const schema = { a: 'str', b: 'list(x|y)', c: ['match(^[A-Z]{2}$)'], d: 'password?', e: 'int(1,5)' };
    const name = 'Test (test)';
    assert.deepEqual(validateOptions(schema, { b: 'x', c: ['US'], e: 3 }, { a: 'hi', extra: 1 }, name), {
      a: 'hi',
      b: 'x',
      c: ['US'],
      e: 3,
    });
    assert.throws(
      () => validateOptions(schema, { b: 'x', c: [], e: 1 }, {}, name),
      (e: unknown) => e instanceof OptionsInvalid && e.message === "Missing option 'a' in root in Test (test)",
    );
    assert.throws(
      () => validateOptions(schema, { a: 'a', b: 'z', c: [], e: 1 }, {}, name),
      /value must be one of \['x', 'y'\]/,
    );
    assert.throws(
      () => validateOptions(schema, { a: 'a', b: 'x', c: ['usa'], e: 1 }, {}, name),
      /does not match regular expression/,
    );
    assert.throws(
      () => validateOptions(schema, { a: 'a', b: 'x', c: 'US', e: 1 }, {}, name),
      /Invalid list for option 'c'/,
    );
    assert.throws(() => validateOptions(schema, { a: 'a', b: 'x', c: [], e: 9 }, {}, name), /value must be in range/);
  });
});
