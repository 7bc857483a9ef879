import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { after, describe, it } from 'node:test';
import { fetchSupervisorMqtt, supervisorUrlFor } from '../../../src/companion/config/supervisor-mqtt.js';

/** Answers like supervisor/api/services.py behind `api_process`: {result, data} or {result: error, message}. */
function supervisor(
  answer: { status: number; body: unknown },
  seen: string[],
): Promise<{ server: Server; url: string }> {
  return new Promise((resolve) => {
    const server = createServer((req, res) => {
      seen.push(`${req.method} ${req.url} ${req.headers.authorization}`);
      res.writeHead(answer.status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(answer.body));
    });
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve({ server, url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}` });
    });
  });
}

describe('the Supervisor mqtt service', () => {
  const servers: Server[] = [];
  after(() => servers.forEach((s) => s.close()));

  it('turns the service data into broker settings, asking with the add-on token', async () => {
    const seen: string[] = [];
    const { server, url } = await supervisor(
      {
        status: 200,
        body: {
          result: 'ok',
          data: {
            host: 'core-mosquitto',
            port: 1883,
            ssl: false,
            protocol: '3.1.1',
            username: 'addons',
            password: 'pw',
            addon: 'core_mosquitto',
          },
        },
      },
      seen,
    );
    servers.push(server);
    const answer = await fetchSupervisorMqtt(url, 'sv-token');
    assert.deepEqual(answer, { settings: { url: 'mqtt://core-mosquitto:1883', username: 'addons', password: 'pw' } });
    assert.deepEqual(seen, ['GET /services/mqtt Bearer sv-token']);
  });

  it('uses mqtts when the service says ssl', async () => {
    const { server, url } = await supervisor(
      { status: 200, body: { result: 'ok', data: { host: 'broker', port: 8883, ssl: true } } },
      [],
    );
    servers.push(server);
    assert.deepEqual(await fetchSupervisorMqtt(url, 't'), {
      settings: { url: 'mqtts://broker:8883', username: null, password: null },
    });
  });

  it("reports the Supervisor's reason when no broker add-on provides the service", async () => {
    const { server, url } = await supervisor(
      { status: 400, body: { result: 'error', message: 'Service not enabled' } },
      [],
    );
    servers.push(server);
    const answer = await fetchSupervisorMqtt(url, 't');
    assert.ok('reason' in answer && answer.reason.includes('Service not enabled'));
  });

  it('finds the Supervisor beside an add-on HA_URL, else at http://supervisor', () => {
    assert.equal(supervisorUrlFor('http://127.0.0.1:4000/core'), 'http://127.0.0.1:4000');
    assert.equal(supervisorUrlFor('http://homeassistant.local:8123'), 'http://supervisor');
  });
});
