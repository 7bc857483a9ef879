import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { callService, type Connection } from 'home-assistant-js-websocket';
import { connectHaws } from './haws-node-socket.js';
import { startHaSim, type HaSim } from './ha-server.js';

describe('HA sim record', () => {
  let sim: HaSim;
  let conn: Connection;

  before(async () => {
    sim = await startHaSim();
    conn = await connectHaws(sim.url, sim.adminToken);
  });

  after(async () => {
    conn.close();
    await sim.close();
  });

  it('keeps every request, frame, state, event and service call, searchable as text', async () => {
    const res = await fetch(`${sim.url}/api/states/sensor.marker`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${sim.adminToken}` },
      body: JSON.stringify({ state: '1', attributes: { note: 'STATE-MARKER-7f3a' } }),
    });
    await res.arrayBuffer();
    await conn.sendMessagePromise({
      type: 'fire_event',
      event_type: 'plaid_balance_request',
      event_data: { note: 'EVENT-MARKER-91c2' },
    });
    await callService(conn, 'persistent_notification', 'create', { message: 'SERVICE-MARKER-44d0' });
    await conn.ping();

    const text = sim.recordText();
    for (const marker of ['STATE-MARKER-7f3a', 'EVENT-MARKER-91c2', 'SERVICE-MARKER-44d0'])
      assert.ok(text.includes(marker), marker);

    const kinds = new Set(sim.record.map((e) => e.kind));
    for (const kind of ['lifecycle', 'http-request', 'http-response', 'ws-in', 'ws-out', 'state', 'event', 'service']) {
      assert.ok(kinds.has(kind as never), `records ${kind}`);
    }
    const request = sim.record.find((e) => e.kind === 'http-request' && e.path === '/api/states/sensor.marker');
    assert.ok(request && request.kind === 'http-request' && request.body.includes('STATE-MARKER-7f3a'));
    const wsIn = sim.record.find((e) => e.kind === 'ws-in' && e.text.includes('EVENT-MARKER-91c2'));
    assert.ok(wsIn, 'the raw websocket frame is kept as sent');
    assert.ok(sim.record.every((e) => typeof e.at === 'number'));
  });

  it('a state written with a value keeps that value findable verbatim', async () => {
    sim.setState('sensor.quoted', 'x', { weird: 'quote"and\\slash' });
    assert.ok(sim.recordText().includes('quote\\"and\\\\slash'), 'JSON-encoded, as it went over the wire');
  });
});
