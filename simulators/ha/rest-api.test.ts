import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startHaSim, type HaSim, type StateObject } from './ha-server.js';

describe('HA sim REST API', () => {
  let sim: HaSim;

  before(async () => {
    sim = await startHaSim();
  });

  after(async () => {
    await sim.close();
  });

  function api(path: string, init: { method?: string; token?: string | null; body?: unknown } = {}): Promise<Response> {
    const token = init.token === undefined ? sim.adminToken : init.token;
    return fetch(`${sim.url}${path}`, {
      method: init.method ?? 'GET',
      headers: {
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
        ...(init.body !== undefined ? { 'Content-Type': 'application/json' } : {}),
      },
      ...(init.body !== undefined
        ? { body: typeof init.body === 'string' ? init.body : JSON.stringify(init.body) }
        : {}),
    });
  }

  it('GET /api/ says the API runs', async () => {
    const res = await api('/api/');
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { message: 'API running.' });
  });

  it('refuses a missing or unknown token with aiohttp’s 401', async () => {
    for (const token of [null, 'nope']) {
      const res = await api('/api/states', { token });
      assert.equal(res.status, 401);
      assert.equal(await res.text(), '401: Unauthorized');
    }
  });

  it('POST /api/states creates (201) then updates (200), with Location, as the admin', async () => {
    const created = await api('/api/states/sensor.plaid_test_1234_current', {
      method: 'POST',
      body: { state: '100.5', attributes: { unit_of_measurement: 'USD', friendly_name: 'Checking' } },
    });
    assert.equal(created.status, 201);
    assert.equal(created.headers.get('location'), '/api/states/sensor.plaid_test_1234_current');
    const first = (await created.json()) as StateObject;
    assert.deepEqual(Object.keys(first), [
      'entity_id',
      'state',
      'attributes',
      'last_changed',
      'last_reported',
      'last_updated',
      'context',
    ]);
    assert.equal(first.state, '100.5');
    assert.deepEqual(first.context, { id: first.context.id, parent_id: null, user_id: sim.adminUser.id });
    assert.match(first.context.id, /^[0-9A-HJKMNP-TV-Z]{26}$/);

    const updated = await api('/api/states/sensor.plaid_test_1234_current', {
      method: 'POST',
      body: { state: '100.5', attributes: { unit_of_measurement: 'USD', friendly_name: 'Checking', current: 100.5 } },
    });
    assert.equal(updated.status, 200);
    const second = (await updated.json()) as StateObject;
    assert.equal(second.last_changed, first.last_changed, 'an attribute change does not move last_changed');
    assert.notEqual(second.last_updated, first.last_updated);

    const changed = (await (
      await api('/api/states/sensor.plaid_test_1234_current', {
        method: 'POST',
        body: { state: 99, attributes: second.attributes },
      })
    ).json()) as StateObject;
    assert.equal(changed.state, '99', 'HA stores str(state)');
    assert.notEqual(changed.last_changed, first.last_changed);
  });

  it('an identical write fires no state_changed and only moves last_reported', async () => {
    const body = { state: 'on', attributes: { a: 1 } };
    await api('/api/states/binary_sensor.plaid_same_problem', { method: 'POST', body });
    const events = sim.events.length;
    const before = sim.states.get('binary_sensor.plaid_same_problem')!;
    const res = await api('/api/states/binary_sensor.plaid_same_problem', {
      method: 'POST',
      body: { state: 'on', attributes: { a: 1 } },
    });
    assert.equal(res.status, 200);
    const after = (await res.json()) as StateObject;
    assert.equal(after.last_updated, before.last_updated);
    assert.notEqual(after.last_reported, before.last_reported);
    assert.deepEqual(
      sim.events.slice(events).map((e) => e.event_type),
      ['state_reported'],
    );
  });

  it('a non-admin may read but not write or delete', async () => {
    sim.setState('sensor.readable', '1');
    const read = await api('/api/states/sensor.readable', { token: sim.userToken });
    assert.equal(read.status, 200);
    const write = await api('/api/states/sensor.readable', {
      method: 'POST',
      token: sim.userToken,
      body: { state: '2' },
    });
    assert.equal(write.status, 401);
    assert.equal(await write.text(), '401: Unauthorized');
    const del = await api('/api/states/sensor.readable', { method: 'DELETE', token: sim.userToken });
    assert.equal(del.status, 401);
    assert.equal(sim.states.get('sensor.readable')?.state, '1');
  });

  it('rejects bad entity ids, bad JSON and a missing state with HA’s messages', async () => {
    const cases: Array<[string, unknown, string]> = [
      ['/api/states/sensor.Bad__id', { state: '1' }, 'Invalid entity ID specified.'],
      ['/api/states/no_domain', { state: '1' }, 'Invalid entity ID specified.'],
      ['/api/states/sensor.ok', '{oops', 'Invalid JSON specified.'],
      ['/api/states/sensor.ok', [1], 'State data should be a JSON object.'],
      ['/api/states/sensor.ok', { attributes: {} }, 'No state specified.'],
      ['/api/states/sensor.ok', { state: 'x'.repeat(256) }, 'Invalid state specified.'],
    ];
    for (const [path, body, message] of cases) {
      const res = await api(path, { method: 'POST', body });
      assert.equal(res.status, 400, path);
      assert.deepEqual(await res.json(), { message });
    }
    assert.equal(sim.states.has('sensor.ok'), false);
  });

  it('lower-cases entity ids as HA does', async () => {
    const res = await api('/api/states/Sensor.Mixed_Case', { method: 'POST', body: { state: '1' } });
    assert.equal(res.status, 201);
    assert.equal(((await res.json()) as StateObject).entity_id, 'sensor.mixed_case');
  });

  it('DELETE removes (200), then GET and DELETE say 404', async () => {
    await api('/api/states/sensor.to_delete', { method: 'POST', body: { state: '1' } });
    const del = await api('/api/states/sensor.to_delete', { method: 'DELETE' });
    assert.equal(del.status, 200);
    assert.deepEqual(await del.json(), { message: 'Entity removed.' });
    const get = await api('/api/states/sensor.to_delete');
    assert.equal(get.status, 404);
    assert.deepEqual(await get.json(), { message: 'Entity not found.' });
    assert.equal((await api('/api/states/sensor.to_delete', { method: 'DELETE' })).status, 404);
    const removal = [...sim.events]
      .reverse()
      .find((e) => e.event_type === 'state_changed' && e.data['entity_id'] === 'sensor.to_delete');
    assert.equal(removal?.data['new_state'], null);
  });

  it('GET /api/states lists every state', async () => {
    const states = (await (await api('/api/states')).json()) as StateObject[];
    assert.ok(states.some((s) => s.entity_id === 'sensor.plaid_test_1234_current'));
  });

  it('POST /api/events fires with origin REMOTE, for admins only', async () => {
    const res = await api('/api/events/plaid_balance_test', { method: 'POST', body: { hello: 'world' } });
    assert.deepEqual(await res.json(), { message: 'Event plaid_balance_test fired.' });
    const event = await sim.waitForEvent('plaid_balance_test');
    assert.equal(event.origin, 'REMOTE');
    assert.equal(event.context.user_id, sim.adminUser.id);
    assert.equal(
      (await api('/api/events/plaid_balance_test', { method: 'POST', token: sim.userToken, body: {} })).status,
      401,
    );
  });

  it('POST /api/services calls a service and lists changed states; unknown services are 400', async () => {
    const res = await api('/api/services/persistent_notification/create', {
      method: 'POST',
      token: sim.userToken,
      body: { message: 'via REST', notification_id: 'rest_note' },
    });
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), []);
    assert.equal(sim.notifications.get('rest_note')?.message, 'via REST');
    const unknown = await api('/api/services/nope/nothing', { method: 'POST', body: {} });
    assert.equal(unknown.status, 400);
    assert.equal(await unknown.text(), '400: Bad Request');
  });

  it('unknown paths are 404, wrong methods 405', async () => {
    assert.equal((await api('/api/nothing')).status, 404);
    const wrong = await api('/api/states', { method: 'DELETE' });
    assert.equal(wrong.status, 405);
  });

  it('serves routes mounted by other parts, before its own', async () => {
    sim.route('GET', '/dashboard', (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html' });
      res.end('<p>dashboard</p>');
    });
    const res = await fetch(`${sim.url}/dashboard/index.html`);
    assert.equal(await res.text(), '<p>dashboard</p>');
  });
});

describe('HA sim REST API: configuration', () => {
  it('answers /api/config with the time zone the simulator was given (Config.as_dict, as get_config)', async () => {
    const sim = await startHaSim({ config: { time_zone: 'Europe/Berlin' } });
    try {
      const res = await fetch(`${sim.url}/api/config`, { headers: { Authorization: `Bearer ${sim.adminToken}` } });
      assert.equal(((await res.json()) as { time_zone: string }).time_zone, 'Europe/Berlin');
    } finally {
      await sim.close();
    }
  });
});
