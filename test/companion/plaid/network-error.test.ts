import assert from 'node:assert/strict';
import { createServer, type Socket } from 'node:net';
import { describe, it } from 'node:test';
import { describeNetworkError } from '../../../src/companion/plaid/network-error.js';

async function fetchError(url: string, timeoutMs = 2000): Promise<unknown> {
  try {
    await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  } catch (err) {
    return err;
  }
  throw new Error(`${url} answered`);
}

describe('describeNetworkError', () => {
  it('says "connection refused" for a port nothing listens on', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const url = `http://127.0.0.1:${port}/api/`;
    assert.equal(
      describeNetworkError(await fetchError(url), url, 2000),
      `connection refused: nothing is listening at 127.0.0.1:${port}`,
    );
  });

  it('says "timed out" for a server that never answers', async () => {
    const sockets: Socket[] = [];
    const server = createServer((socket) => void sockets.push(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/`;
      assert.match(
        describeNetworkError(await fetchError(url, 200), url, 200),
        /^timed out: 127\.0\.0\.1:\d+ did not answer within 0 s$/,
      );
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('says "TLS failed" for https to a plain-http port', async () => {
    const sockets: Socket[] = [];
    const server = createServer((socket) => {
      sockets.push(socket);
      socket.end('HTTP/1.1 400 Bad Request\r\n\r\n');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `https://127.0.0.1:${(server.address() as { port: number }).port}/`;
      assert.match(describeNetworkError(await fetchError(url), url, 2000), /^TLS failed \(/);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('names an unknown host and other causes in words', () => {
    const notFound = Object.assign(new TypeError('fetch failed'), { cause: { code: 'ENOTFOUND' } });
    assert.equal(
      describeNetworkError(notFound, 'http://homeassistant.lan:8123', 1000),
      'name not found: homeassistant.lan does not resolve to an address',
    );
    const expired = Object.assign(new TypeError('fetch failed'), { cause: { code: 'CERT_HAS_EXPIRED' } });
    assert.match(describeNetworkError(expired, 'https://ha.example', 1000), /^TLS failed \(CERT_HAS_EXPIRED\)/);
  });

  it('says a blocked port is blocked', async () => {
    const url = 'http://127.0.0.1:9/api/';
    assert.equal(
      describeNetworkError(await fetchError(url), url, 1000),
      'blocked port: fetch never connects to 127.0.0.1:9, a port reserved for another protocol',
    );
  });
});
