// A harness whose start fails half-way must leave nothing behind: no server
// listening, no child process or browser running, no temporary directory.
// Otherwise the test file never exits and the whole suite hangs behind it.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { describe, it } from 'node:test';
import { launchBrowser } from '../../test/e2e/support/chromium-browser.js';
import { DemoStack } from './demo-stack.js';
import { StartedParts, startOrUndo, startTogether } from './undo-on-failure.js';

/**
 * Listening servers and child processes (Chromium included) this process holds.
 * libuv releases a closed handle in the close phase of a later loop turn than
 * the one that resolved `close()`, so count after a short timer.
 */
async function heldResources(): Promise<{ servers: number; processes: number }> {
  await new Promise((resolve) => setTimeout(resolve, 50));
  const info = process.getActiveResourcesInfo();
  return {
    servers: info.filter((r) => r === 'TCPServerWrap').length,
    processes: info.filter((r) => r === 'ProcessWrap').length,
  };
}

function demoDirs(): string[] {
  return readdirSync(tmpdir()).filter((f) => f.startsWith('plaid-balance-demo-'));
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function refusesConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

/** The companion refuses this POLL_INTERVAL with exit code 2, after both simulators are listening. */
const FAILS_AT_COMPANION = { pollInterval: 'every-now-and-then' };

describe('a harness whose start fails half-way', { timeout: 120_000 }, () => {
  it('DemoStack stops both simulators and removes its data directory when the companion fails to start', async () => {
    const before = await heldResources();
    const dirsBefore = demoDirs();
    const haPort = await freePort();
    await assert.rejects(DemoStack.start({ ...FAILS_AT_COMPANION, haPort }), /companion exited with code 2/);
    assert.deepEqual(await heldResources(), before);
    assert.equal(await refusesConnections(haPort), true, 'the HA simulator still listens');
    assert.deepEqual(demoDirs(), dirsBefore);
  });

  it('startTogether closes the browser that started when the stack beside it failed', async () => {
    const before = await heldResources();
    await assert.rejects(
      startTogether(
        { start: () => DemoStack.start(FAILS_AT_COMPANION), stop: (s) => s.close() },
        { start: launchBrowser, stop: (b) => b.close() },
      ),
      /companion exited with code 2/,
    );
    assert.deepEqual(await heldResources(), before);
  });
});

describe('StartedParts', () => {
  it('stops parts last first, and runs every stop even when one throws', async () => {
    const stopped: string[] = [];
    const parts = new StartedParts();
    parts.add('a', (p) => stopped.push(p));
    parts.add('b', () => {
      throw new Error('b will not stop');
    });
    parts.add('c', (p) => stopped.push(p));
    await assert.rejects(parts.stopAll(), AggregateError);
    assert.deepEqual(stopped, ['c', 'a']);
  });

  it('startOrUndo rethrows the start error after undoing, and returns the value when start succeeds', async () => {
    const stopped: string[] = [];
    await assert.rejects(
      startOrUndo(async (parts) => {
        parts.add('server', (p) => stopped.push(p));
        throw new Error('second part failed');
      }),
      /second part failed/,
    );
    assert.deepEqual(stopped, ['server']);
    assert.equal(await startOrUndo(async (parts) => parts.add(42, () => stopped.push('never'))), 42);
    assert.deepEqual(stopped, ['server']);
  });
});
