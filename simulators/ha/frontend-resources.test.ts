// The HA simulator's themes (`frontend/get_themes`, `frontend.set_theme`,
// `themes_updated`) and integration resources (`frontend/get_translations`,
// `frontend/get_icons`), over the real home-assistant-js-websocket.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { callService, type Connection } from 'home-assistant-js-websocket';
import { connectHaws } from './haws-node-socket.js';
import { startHaSim, type HaSim } from './ha-server.js';

const MIDNIGHT = { 'primary-color': '#5c6bc0', modes: { dark: { 'primary-background-color': '#0d1117' } } };

describe('HA sim frontend themes', () => {
  let sim: HaSim;
  let admin: Connection;
  let user: Connection;

  before(async () => {
    sim = await startHaSim({ themes: { Midnight: MIDNIGHT, Paper: { 'primary-color': '#795548' } } });
    admin = await connectHaws(sim.url, sim.adminToken);
    user = await connectHaws(sim.url, sim.userToken);
  });

  after(async () => {
    admin?.close();
    user?.close();
    await sim?.close();
  });

  it("answers configuration.yaml's themes with HA's default theme until set_theme picks one", async () => {
    assert.deepEqual(await user.sendMessagePromise({ type: 'frontend/get_themes' }), {
      themes: { Midnight: MIDNIGHT, Paper: { 'primary-color': '#795548' } },
      default_theme: 'default',
      default_dark_theme: null,
    });
  });

  it(
    'set_theme sets the light and dark defaults and fires themes_updated, ' + 'which a non-admin may subscribe to',
    async () => {
      let updates = 0;
      const unsubscribe = await user.subscribeEvents(() => (updates += 1), 'themes_updated');
      await callService(admin, 'frontend', 'set_theme', { name: 'Paper', name_dark: 'Midnight' });
      await callService(admin, 'frontend', 'set_theme', { name: 'none', mode: 'dark' });
      const themes = await user.sendMessagePromise<{ default_theme: string; default_dark_theme: string | null }>({
        type: 'frontend/get_themes',
      });
      assert.equal(themes.default_theme, 'Paper');
      assert.equal(themes.default_dark_theme, null, '`none` in dark mode clears the dark default');
      await callService(admin, 'frontend', 'set_theme', { name: 'none' });
      assert.equal(
        (await user.sendMessagePromise<{ default_theme: string }>({ type: 'frontend/get_themes' })).default_theme,
        'default',
      );
      // The events reach the other connection after the calls' results.
      for (let i = 0; i < 100 && updates < 3; i++) await new Promise((r) => setTimeout(r, 20));
      assert.equal(updates, 3);
      unsubscribe();
    },
  );

  it('set_theme is an admin service and refuses an unknown theme and a call naming neither theme', async () => {
    await assert.rejects(callService(user, 'frontend', 'set_theme', { name: 'Paper' }), { code: 'unauthorized' });
    await assert.rejects(callService(admin, 'frontend', 'set_theme', { name: 'Neon' }), {
      code: 'invalid_format',
      message: /Theme Neon not found/,
    });
    await assert.rejects(callService(admin, 'frontend', 'set_theme', { mode: 'dark' }), {
      code: 'invalid_format',
      message: /at least one of name, name_dark/,
    });
    await assert.rejects(
      callService(admin, 'frontend', 'set_theme', { name: 'Paper', name_dark: 'Midnight', mode: 'dark' }),
      { code: 'invalid_format' },
    );
  });

  it('refuses a theme that is not a map of strings, as THEME_SCHEMA does', async () => {
    await assert.rejects(startHaSim({ themes: { Bad: { 'primary-color': 3 as unknown as string } } }), /expected str/);
    await assert.rejects(startHaSim({ themes: { Bad: { modes: { dusk: {} } as never } } }), /extra keys not allowed/);
  });
});

describe('HA sim integration translations and icons', () => {
  let sim: HaSim;
  let conn: Connection;

  before(async () => {
    sim = await startHaSim();
    conn = await connectHaws(sim.url, sim.adminToken);
  });

  after(async () => {
    conn?.close();
    await sim?.close();
  });

  const translations = (msg: Record<string, unknown>) =>
    conn
      .sendMessagePromise<{ resources: Record<string, string> }>({ type: 'frontend/get_translations', ...msg })
      .then((r) => r.resources);

  it('answers a category for every loaded integration, flattened under component.<domain>.<category>', async () => {
    const titles = await translations({ language: 'en', category: 'title' });
    assert.equal(titles['component.sensor.title'], 'Sensor');
    assert.equal(titles['component.persistent_notification.title'], 'Persistent Notification');
    assert.equal(titles['component.mqtt.title'], undefined, 'MQTT is not loaded');
    const entity = await translations({ language: 'en', category: 'entity_component', integration: 'sensor' });
    assert.deepEqual(entity, {
      'component.sensor.entity_component._.name': 'Sensor',
      'component.sensor.entity_component.monetary.name': 'Balance',
      'component.sensor.entity_component.timestamp.name': 'Timestamp',
    });
  });

  it('asked for named integrations, answers those, loaded or not; German falls back to English', async () => {
    const states = await translations({ language: 'de', category: 'entity_component', integration: ['binary_sensor'] });
    assert.equal(states['component.binary_sensor.entity_component.problem.state.on'], 'Problem');
    assert.equal(states['component.binary_sensor.entity_component.problem.state.off'], 'OK');
    assert.deepEqual(
      await translations({ language: 'en', category: 'config', config_flow: true }),
      {},
      'no integration here has a config flow',
    );
    await assert.rejects(translations({ language: 'en' }), { code: 'invalid_format' });
  });

  it(
    'loading an integration (MQTT discovery sets up its platforms) ' + 'adds it to get_config and the answers',
    async () => {
      let loaded: unknown;
      const unsubscribe = await conn.subscribeEvents((e: { data: unknown }) => (loaded = e.data), 'component_loaded');
      sim.hass.loadComponent('mqtt');
      for (let i = 0; i < 50 && loaded === undefined; i++) await new Promise((r) => setTimeout(r, 20));
      assert.deepEqual(loaded, { component: 'mqtt' });
      assert.equal((await translations({ language: 'en', category: 'title' }))['component.mqtt.title'], 'MQTT');
      const config = await conn.sendMessagePromise<{ components: string[] }>({ type: 'get_config' });
      assert.ok(config.components.includes('mqtt'));
      unsubscribe();
    },
  );

  it('answers icons by domain for a category, as icons.json has them (service shorthands expanded)', async () => {
    const icons = (msg: Record<string, unknown>) =>
      conn
        .sendMessagePromise<{ resources: Record<string, unknown> }>({ type: 'frontend/get_icons', ...msg })
        .then((r) => r.resources);
    const components = await icons({ category: 'entity_component', integration: ['sensor', 'binary_sensor'] });
    assert.deepEqual(components['sensor'], {
      _: { default: 'mdi:eye' },
      monetary: { default: 'mdi:cash' },
      timestamp: { default: 'mdi:clock' },
    });
    assert.deepEqual((components['binary_sensor'] as Record<string, unknown>)['problem'], {
      default: 'mdi:check-circle',
      state: { on: 'mdi:alert-circle' },
    });
    const services = await icons({ category: 'services' });
    assert.deepEqual(services['persistent_notification'], {
      create: { service: 'mdi:message-badge' },
      dismiss: { service: 'mdi:bell-off' },
      dismiss_all: { service: 'mdi:notification-clear-all' },
    });
    assert.deepEqual(await icons({ category: 'triggers' }), {}, 'no simulated integration has trigger icons');
    await assert.rejects(icons({ category: 'title' }), { code: 'invalid_format' });
  });
});
