// Latency on the HA simulator: every websocket message and REST answer waits,
// and a connection's messages keep their order whatever the jitter. Only lower
// bounds are asserted (a timer never fires early); no upper bounds.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RawWsClient } from './raw-ws-client.js';
import { startHaSim } from './ha-server.js';

describe('HA sim latency', () => {
  it('delays each websocket message both ways, keeping their order under jitter', async () => {
    const sim = await startHaSim({ latency: { wsMessageMs: 100, jitterMs: 200 } });
    let client: RawWsClient | undefined;
    try {
      client = await RawWsClient.connect(sim.wsUrl, sim.adminToken);
      const sent = Date.now();
      for (let id = 1; id <= 20; id++) client.send({ id, type: 'ping' });
      const first = await client.reply(1, 10_000);
      // In to HA and back out: at least two message delays.
      assert.ok(Date.now() - sent >= 200, `the first pong came after ${Date.now() - sent} ms`);
      assert.equal(first['type'], 'pong');
      const ids: number[] = [];
      for (let id = 2; id <= 20; id++) ids.push(Number((await client.next((m) => m['type'] === 'pong', 10_000))['id']));
      assert.deepEqual(
        ids,
        Array.from({ length: 19 }, (_, i) => i + 2),
      );
    } finally {
      client?.close();
      await sim.close();
    }
  });

  it('delays each REST answer', async () => {
    const sim = await startHaSim({ latency: { restMs: 250 } });
    try {
      const sent = Date.now();
      const res = await fetch(`${sim.url}/api/`, { headers: { Authorization: `Bearer ${sim.adminToken}` } });
      assert.equal(res.status, 200);
      assert.ok(Date.now() - sent >= 250, `answered after ${Date.now() - sent} ms`);
    } finally {
      await sim.close();
    }
  });
});
