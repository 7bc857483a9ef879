import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HaRest } from '../../../src/companion/ha/ha-rest.js';

test(
  'keeps the base URL path (the add-on reaches HA at http://supervisor/core) ' + 'and sends the token and body',
  async () => {
    const seen: Array<{ method: string; url: string; auth: string; body: string }> = [];
    const server = createServer((req: IncomingMessage, res) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => {
        seen.push({ method: req.method!, url: req.url!, auth: req.headers.authorization ?? '', body });
        res.writeHead(req.method === 'DELETE' ? 404 : 201, { 'content-type': 'application/json' });
        res.end('{"message":"ok"}');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    const rest = new HaRest(`http://127.0.0.1:${port}/core/`, 'tok', 2000);
    try {
      assert.equal(await rest.send('POST', '/api/states/sensor.x', '{"state":"1"}'), 201);
      assert.equal(await rest.send('DELETE', '/api/states/sensor.x'), 404);
    } finally {
      rest.close();
      server.close();
    }
    assert.deepEqual(seen, [
      { method: 'POST', url: '/core/api/states/sensor.x', auth: 'Bearer tok', body: '{"state":"1"}' },
      { method: 'DELETE', url: '/core/api/states/sensor.x', auth: 'Bearer tok', body: '' },
    ]);
  },
);

test('an unreachable HA rejects instead of hanging', async () => {
  const rest = new HaRest('http://127.0.0.1:9/', 'tok', 2000);
  await assert.rejects(rest.send('POST', '/api/states/sensor.x', '{}'));
  rest.close();
});
