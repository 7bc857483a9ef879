import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { subscribeEntities, type Connection, type HassEntities, type HassEvent } from 'home-assistant-js-websocket';
import { connectHaws } from './haws-node-socket.js';
import { startHaSim, type HaSim } from './ha-server.js';

/** The latest `subscribeEntities` snapshot, and a way to wait for one that satisfies a condition. */
function watchEntities(conn: Connection) {
  let latest: HassEntities = {};
  let waiters: Array<() => void> = [];
  const unsubscribe = subscribeEntities(conn, (entities) => {
    latest = entities;
    const pending = waiters;
    waiters = [];
    pending.forEach((wake) => wake());
  });
  const until = async (condition: (entities: HassEntities) => boolean, timeoutMs = 3000): Promise<HassEntities> => {
    const deadline = Date.now() + timeoutMs;
    while (!condition(latest)) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`entities never matched; last: ${JSON.stringify(latest)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return latest;
  };
  return { until, unsubscribe };
}

function waitForConnectionEvent(conn: Connection, type: 'ready' | 'disconnected'): Promise<void> {
  return new Promise((resolve) => {
    const listener = (): void => {
      conn.removeEventListener(type, listener);
      resolve();
    };
    conn.addEventListener(type, listener);
  });
}

async function post(sim: HaSim, entityId: string, body: unknown): Promise<number> {
  const res = await fetch(`${sim.url}/api/states/${entityId}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${sim.adminToken}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  await res.arrayBuffer();
  return res.status;
}

describe('HA sim with the real home-assistant-js-websocket client', () => {
  let sim: HaSim;
  let conn: Connection;

  before(async () => {
    sim = await startHaSim();
    conn = await connectHaws(sim.url, sim.userToken);
  });

  after(async () => {
    conn.close();
    await sim.close();
  });

  it('subscribeEntities sees REST writes, attribute changes and removals', async () => {
    sim.setState('sensor.before_subscribe', '7', { unit_of_measurement: 'USD' });
    const entities = watchEntities(conn);
    const initial = await entities.until((e) => 'sensor.before_subscribe' in e);
    assert.equal(initial['sensor.before_subscribe']!.state, '7');

    assert.equal(
      await post(sim, 'sensor.plaid_bank_0000_current', { state: '12.34', attributes: { mask: '0000', limit: 500 } }),
      201,
    );
    const added = await entities.until((e) => e['sensor.plaid_bank_0000_current']?.state === '12.34');
    const entity = added['sensor.plaid_bank_0000_current']!;
    assert.deepEqual(entity.attributes, { mask: '0000', limit: 500 });
    assert.equal(entity.context.user_id, sim.adminUser.id, 'a context with a user travels as an object');
    assert.equal(
      entity.last_changed,
      sim.states.get('sensor.plaid_bank_0000_current')!.last_changed.replace(/(\.\d{3})\d*\+00:00$/, '$1Z'),
    );

    await post(sim, 'sensor.plaid_bank_0000_current', { state: '12.34', attributes: { mask: '0000', available: 10 } });
    const changed = await entities.until((e) => e['sensor.plaid_bank_0000_current']?.attributes['available'] === 10);
    assert.deepEqual(
      changed['sensor.plaid_bank_0000_current']!.attributes,
      { mask: '0000', available: 10 },
      '"-" removed limit',
    );
    assert.equal(changed['sensor.plaid_bank_0000_current']!.last_changed, entity.last_changed);

    await post(sim, 'sensor.plaid_bank_0000_current', { state: '20', attributes: { mask: '0000', available: 10 } });
    const moved = await entities.until((e) => e['sensor.plaid_bank_0000_current']?.state === '20');
    assert.notEqual(moved['sensor.plaid_bank_0000_current']!.last_changed, entity.last_changed);

    sim.removeState('sensor.plaid_bank_0000_current');
    await entities.until((e) => !('sensor.plaid_bank_0000_current' in e));
    entities.unsubscribe();
  });

  it('after restart() the states are gone, the client reconnects by itself and its subscriptions resume', async () => {
    sim.setState('sensor.survives_not', '1');
    const entities = watchEntities(conn);
    await entities.until((e) => 'sensor.survives_not' in e);
    const stateChanges: HassEvent[] = [];
    await conn.subscribeEvents<HassEvent>((e) => stateChanges.push(e), 'state_changed');

    const disconnected = waitForConnectionEvent(conn, 'disconnected');
    const ready = waitForConnectionEvent(conn, 'ready');
    const started = Date.now();
    await sim.restart({ downMs: 300 });
    await disconnected;
    assert.equal(sim.states.size, 0);
    assert.equal(sim.notifications.size, 0);
    await ready;
    assert.ok(Date.now() - started >= 300, 'the outage lasted downMs');

    await sim.waitForSubscription('state_changed');
    assert.equal(await post(sim, 'sensor.after_restart', { state: 'back' }), 201);
    await entities.until((e) => e['sensor.after_restart']?.state === 'back');
    await sim.waitForState('sensor.after_restart');
    assert.ok(
      stateChanges.some((e) => e.data['entity_id'] === 'sensor.after_restart'),
      'subscribe_events was renewed',
    );
    entities.unsubscribe();
  });

  it('dropSockets() cuts connections but keeps states; the client reconnects', async () => {
    sim.setState('sensor.kept', 'yes');
    const ready = waitForConnectionEvent(conn, 'ready');
    sim.dropSockets();
    await ready;
    assert.equal(sim.states.get('sensor.kept')?.state, 'yes');
    const states = await conn.sendMessagePromise<Array<{ entity_id: string }>>({ type: 'get_states' });
    assert.ok(states.some((s) => s.entity_id === 'sensor.kept'));
  });
});
