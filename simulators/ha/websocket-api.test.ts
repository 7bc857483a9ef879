// The HA simulator's websocket API, checked through the real
// home-assistant-js-websocket and a raw socket. Over 300 lines: one case per
// command family HA answers, sharing one simulator; split, they would each
// start their own.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  ERR_INVALID_AUTH,
  callService,
  getConfig,
  getUser,
  type Connection,
  type HassEvent,
} from 'home-assistant-js-websocket';
import { connectHaws } from './haws-node-socket.js';
import { RawWsClient } from './raw-ws-client.js';
import { startHaSim, type HaSim } from './ha-server.js';
import { HA_RELEASE } from './ha-release.js';

/** Subscribes and, once HA confirmed, hands back the promise of the first event. */
async function firstEvent(conn: Connection, eventType: string): Promise<{ event: Promise<HassEvent> }> {
  let resolve!: (event: HassEvent) => void;
  const event = new Promise<HassEvent>((r) => (resolve = r));
  const unsub = await conn.subscribeEvents<HassEvent>(resolve, eventType);
  return { event: event.finally(() => unsub()) };
}

describe('HA sim websocket API', () => {
  let sim: HaSim;
  let admin: Connection;
  let user: Connection;

  before(async () => {
    sim = await startHaSim();
    admin = await connectHaws(sim.url, sim.adminToken);
    user = await connectHaws(sim.url, sim.userToken);
  });

  after(async () => {
    admin.close();
    user.close();
    await sim.close();
  });

  describe('auth phase', () => {
    it('accepts a long-lived token and reports the HA version', async () => {
      assert.equal(admin.haVersion, HA_RELEASE.core);
      await admin.ping();
    });

    it('rejects a bad token with ERR_INVALID_AUTH (the real client)', async () => {
      await assert.rejects(connectHaws(sim.url, 'not-a-token'), (err) => err === ERR_INVALID_AUTH);
    });

    it('sends auth_required, then auth_invalid and closes (raw)', async () => {
      const raw = await RawWsClient.connect(sim.wsUrl);
      raw.send({ type: 'auth', access_token: 'wrong' });
      assert.deepEqual(await raw.next(), { type: 'auth_invalid', message: 'Invalid access token or password' });
      assert.equal(await raw.closed, 1000);
    });

    it('refuses a malformed auth message with voluptuous text', async () => {
      const raw = await RawWsClient.connect(sim.wsUrl);
      raw.send({ type: 'auth', access_token: sim.adminToken, id: 1 });
      const answer = await raw.next();
      assert.equal(answer['type'], 'auth_invalid');
      assert.equal(answer['message'], "Auth message incorrectly formatted: extra keys not allowed @ data['id']. Got 1");
      await raw.closed;
    });

    it('refuses the token of an inactive user', async () => {
      const inactive = sim.addUser({ name: 'Gone', admin: true, active: false });
      await assert.rejects(connectHaws(sim.url, inactive.token!), (err) => err === ERR_INVALID_AUTH);
    });
  });

  describe('message handling', () => {
    it('answers a reused or lower id with id_reuse, an unknown type with unknown_command', async () => {
      const raw = await RawWsClient.connect(sim.wsUrl, sim.adminToken);
      raw.send({ id: 5, type: 'ping' });
      assert.deepEqual(await raw.reply(5), { id: 5, type: 'pong' });
      raw.send({ id: 5, type: 'ping' });
      assert.deepEqual(await raw.reply(5), {
        id: 5,
        type: 'result',
        success: false,
        error: { code: 'id_reuse', message: 'Identifier values have to increase.' },
      });
      raw.send({ id: 3, type: 'get_states' });
      assert.equal(((await raw.reply(3))['error'] as { code: string }).code, 'id_reuse');
      raw.send({ id: 6, type: 'no_such_command' });
      assert.deepEqual(await raw.reply(6), {
        id: 6,
        type: 'result',
        success: false,
        error: { code: 'unknown_command', message: 'Unknown command.' },
      });
      // HA does not advance its last id on an unknown command, so 6 is still free.
      raw.send({ id: 6, type: 'ping' });
      assert.equal((await raw.reply(6))['type'], 'pong');
      raw.close();
    });

    it('answers a message without an integer id with invalid_format', async () => {
      const raw = await RawWsClient.connect(sim.wsUrl, sim.adminToken);
      raw.send({ type: 'ping' });
      assert.deepEqual(await raw.next(), {
        id: null,
        type: 'result',
        success: false,
        error: { code: 'invalid_format', message: 'Message incorrectly formatted.' },
      });
      raw.send({ id: 1, type: 'fire_event' });
      const missing = await raw.reply(1);
      assert.deepEqual(missing['error'], {
        code: 'invalid_format',
        message: "required key not provided @ data['event_type']. Got None",
      });
      raw.close();
    });

    it('closes the connection on invalid JSON, as HA does', async () => {
      const raw = await RawWsClient.connect(sim.wsUrl, sim.adminToken);
      raw.send('{not json');
      assert.equal(await raw.closed, 1000);
    });

    it('coalesces queued messages into one array frame once supported_features asks for it', async () => {
      const raw = await RawWsClient.connect(sim.wsUrl, sim.adminToken);
      raw.send({ id: 1, type: 'supported_features', features: { coalesce_messages: 1 } });
      await raw.reply(1);
      raw.send([
        { id: 2, type: 'ping' },
        { id: 3, type: 'ping' },
      ]);
      await raw.reply(3);
      assert.equal(raw.frames.at(-1), '[{"id":2,"type":"pong"},{"id":3,"type":"pong"}]');
      raw.close();
    });
  });

  describe('commands', () => {
    it('get_config has what clients read', async () => {
      const config = await getConfig(admin);
      assert.equal(config.state, 'RUNNING');
      assert.equal(config.version, HA_RELEASE.core);
      assert.equal(config.currency, 'USD');
      assert.equal(config.unit_system.temperature, '°F');
      assert.ok(config.components.includes('persistent_notification'));
    });

    it('auth/current_user for the owner and for a normal user', async () => {
      const owner = await getUser(admin);
      assert.deepEqual(owner, {
        id: sim.adminUser.id,
        name: 'Admin',
        is_owner: true,
        is_admin: true,
        credentials: [{ auth_provider_type: 'homeassistant', auth_provider_id: null }],
        mfa_modules: [{ id: 'totp', name: 'Authenticator app', enabled: false }],
      });
      const normal = await getUser(user);
      assert.equal(normal.id, sim.normalUser.id);
      assert.equal(normal.is_admin, false);
      assert.equal(normal.is_owner, false);
    });

    it('config/auth/list is for admins only', async () => {
      const users = await admin.sendMessagePromise<Array<Record<string, unknown>>>({ type: 'config/auth/list' });
      const byId = new Map(users.map((u) => [u['id'], u]));
      assert.deepEqual(byId.get(sim.adminUser.id), {
        id: sim.adminUser.id,
        username: 'admin',
        name: 'Admin',
        is_owner: true,
        is_active: true,
        local_only: false,
        system_generated: false,
        group_ids: ['system-admin'],
        credentials: [{ type: 'homeassistant' }],
      });
      assert.deepEqual(byId.get(sim.normalUser.id)?.['group_ids'], ['system-users']);
      assert.ok(
        users.some((u) => u['system_generated'] === true),
        'HA lists its own system user too',
      );
      await assert.rejects(user.sendMessagePromise({ type: 'config/auth/list' }), {
        code: 'unauthorized',
        message: 'Unauthorized',
      });
    });
  });

  describe('events and permissions', () => {
    it('non-admins may not fire events', async () => {
      await assert.rejects(
        user.sendMessagePromise({ type: 'fire_event', event_type: 'plaid_balance_request', event_data: { v: 1 } }),
        {
          code: 'unauthorized',
          message: 'Unauthorized',
        },
      );
      assert.equal(sim.events.filter((e) => e.event_type === 'plaid_balance_request').length, 0);
    });

    it('non-admins may not subscribe to custom events, nor to all events', async () => {
      await assert.rejects(
        user.subscribeEvents(() => undefined, 'plaid_balance_response'),
        { code: 'unauthorized' },
      );
      await assert.rejects(
        user.subscribeEvents(() => undefined),
        { code: 'unauthorized' },
      );
    });

    it('non-admins may subscribe to state_changed (on the allowlist)', async () => {
      const unsub = await user.subscribeEvents(() => undefined, 'state_changed');
      await unsub();
    });

    it('an admin fires an event; subscribers get it with the firing user in the context', async () => {
      const received = await firstEvent(admin, 'plaid_balance_response');
      const result = await admin.sendMessagePromise<{ context: { id: string; user_id: string } }>({
        type: 'fire_event',
        event_type: 'plaid_balance_response',
        event_data: { v: 1, id: 'r1', ok: true },
      });
      assert.equal(result.context.user_id, sim.adminUser.id);
      const event = await received.event;
      assert.deepEqual(Object.keys(event), ['event_type', 'data', 'origin', 'time_fired', 'context']);
      assert.equal(event.event_type, 'plaid_balance_response');
      assert.deepEqual(event.data, { v: 1, id: 'r1', ok: true });
      assert.equal(event.origin, 'LOCAL');
      assert.match(event.time_fired, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?\+00:00$/);
      assert.deepEqual(event.context, { id: result.context.id, parent_id: null, user_id: sim.adminUser.id });
    });

    it('unsubscribe_events stops delivery; an unknown subscription is not_found', async () => {
      const seen: HassEvent[] = [];
      const unsub = await admin.subscribeEvents<HassEvent>((e) => seen.push(e), 'sim_test_event');
      sim.fireEvent('sim_test_event', { n: 1 });
      await new Promise((resolve) => setTimeout(resolve, 30));
      await unsub();
      sim.fireEvent('sim_test_event', { n: 2 });
      await new Promise((resolve) => setTimeout(resolve, 30));
      assert.deepEqual(
        seen.map((e) => e.data['n']),
        [1],
      );
      await assert.rejects(admin.sendMessagePromise({ type: 'unsubscribe_events', subscription: 9999 }), {
        code: 'not_found',
        message: 'Subscription not found.',
      });
    });

    it('with fireEventRequiresAdmin: false, a non-admin can fire (a misconfigured HA)', async () => {
      const lax = await startHaSim({ fireEventRequiresAdmin: false });
      const conn = await connectHaws(lax.url, lax.userToken);
      try {
        await conn.sendMessagePromise({
          type: 'fire_event',
          event_type: 'plaid_balance_request',
          event_data: { v: 1 },
        });
        const event = await lax.waitForEvent('plaid_balance_request');
        assert.equal(event.context.user_id, lax.normalUser.id);
        lax.setFireEventRequiresAdmin(true);
        await assert.rejects(
          conn.sendMessagePromise({ type: 'fire_event', event_type: 'plaid_balance_request', event_data: { v: 2 } }),
          { code: 'unauthorized' },
          'switched back while running, HA refuses the non-admin again',
        );
      } finally {
        conn.close();
        await lax.close();
      }
    });
  });

  describe('call_service', () => {
    it('persistent_notification.create and dismiss, with call_service events', async () => {
      const events = sim.events.length;
      const result = await callService(user, 'persistent_notification', 'create', {
        message: 'Reconnect your bank',
        title: 'Plaid',
        notification_id: 'plaid_item_1',
      });
      assert.deepEqual(Object.keys(result as object), ['context']);
      assert.deepEqual(
        { ...sim.notifications.get('plaid_item_1'), created_at: 'x' },
        { message: 'Reconnect your bank', notification_id: 'plaid_item_1', title: 'Plaid', created_at: 'x' },
      );
      const fired = sim.events.slice(events).find((e) => e.event_type === 'call_service');
      assert.deepEqual(fired?.data, {
        domain: 'persistent_notification',
        service: 'create',
        service_data: { message: 'Reconnect your bank', title: 'Plaid', notification_id: 'plaid_item_1' },
      });
      assert.equal(fired?.context.user_id, sim.normalUser.id);

      await callService(admin, 'persistent_notification', 'dismiss', { notification_id: 'plaid_item_1' });
      assert.equal(sim.notifications.has('plaid_item_1'), false);
    });

    it('a notification without an id gets a generated one', async () => {
      await callService(admin, 'persistent_notification', 'create', { message: 'hello' });
      const created = [...sim.notifications.values()].find((n) => n.message === 'hello');
      assert.match(created?.notification_id ?? '', /^[0-9a-f]{32}$/);
      assert.equal(created?.title, null);
    });

    it('unknown services are not_found; bad data is invalid_format', async () => {
      await assert.rejects(callService(admin, 'plaid', 'refresh'), {
        code: 'not_found',
        message: 'Service plaid.refresh not found.',
      });
      await assert.rejects(callService(admin, 'persistent_notification', 'create', { title: 'no message' }), {
        code: 'invalid_format',
        message: "required key not provided @ data['message']",
      });
    });

    it('homeassistant.update_entity is accepted', async () => {
      await callService(admin, 'homeassistant', 'update_entity', undefined, { entity_id: 'sensor.anything' });
    });
  });
});

describe('HA sim extension points', () => {
  it('registerCommand adds a websocket command with HA’s checks around it', async () => {
    const sim = await startHaSim();
    sim.registerCommand('frontend/get_themes', {
      schema: {},
      handler: (conn, msg) =>
        conn.sendResult(msg.id, { themes: {}, default_theme: 'default', default_dark_theme: null }),
    });
    const raw = await RawWsClient.connect(sim.wsUrl, sim.userToken);
    try {
      raw.send({ id: 1, type: 'frontend/get_themes' });
      assert.deepEqual((await raw.reply(1))['result'], {
        themes: {},
        default_theme: 'default',
        default_dark_theme: null,
      });
      raw.send({ id: 2, type: 'frontend/get_themes', extra: true });
      assert.equal(((await raw.reply(2))['error'] as { code: string }).code, 'invalid_format');
    } finally {
      raw.close();
      await sim.close();
    }
  });
});
