import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LinkTokenGetResponse } from 'plaid';
import { AbandonedLinks } from '../../../src/companion/link/abandoned-links.js';
import { PlaidFailure } from '../../../src/companion/errors.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { memoryLogger } from '../helpers/fixtures.js';

const INTERVAL = 2000;

/** Plaid as the watch sees it: a link token whose sessions produce `publicTokens`, and what was called. */
function fakePlaid(clock: FakeClock, expiresAt: number) {
  const calls: string[] = [];
  const state = { publicTokens: [] as string[], removeFailures: 0 };
  const plaid = {
    async getLinkToken(): Promise<LinkTokenGetResponse> {
      calls.push('get');
      if (clock.now() >= expiresAt) throw new PlaidFailure('INVALID_LINK_TOKEN', 'INVALID_INPUT', null, 400, false, '');
      const results = state.publicTokens.map((public_token) => ({ public_token, accounts: [], institution: null }));
      return { link_sessions: [{ results: { item_add_results: results } }] } as unknown as LinkTokenGetResponse;
    },
    async exchangePublicToken(publicToken: string) {
      calls.push(`exchange ${publicToken}`);
      return { access_token: `access-for-${publicToken}`, item_id: `item-${publicToken}` };
    },
    async removeItem(accessToken: string) {
      calls.push(`remove ${accessToken}`);
      if (state.removeFailures-- > 0) throw new PlaidFailure('INTERNAL_SERVER_ERROR', 'API_ERROR', null, 500, true, '');
    },
  };
  return { plaid, calls, state };
}

describe('AbandonedLinks', () => {
  it('removes what the cancelled link produced once, and stops when the link token expires', async () => {
    const clock = new FakeClock();
    const expiresAt = clock.now() + 30 * 60_000;
    const { plaid, calls, state } = fakePlaid(clock, expiresAt);
    const log = memoryLogger('info');
    const links = new AbandonedLinks({ plaid, clock, log, checkIntervalMs: INTERVAL });
    links.watch({ flowId: 'f1', linkToken: 'link-sandbox-x', expiresAt });
    await clock.advance(INTERVAL * 3);
    assert.deepEqual(calls, ['get', 'get', 'get']);
    state.publicTokens = ['public-sandbox-1'];
    await clock.advance(INTERVAL * 3);
    assert.deepEqual(
      calls.filter((c) => c !== 'get'),
      ['exchange public-sandbox-1', 'remove access-for-public-sandbox-1'],
    );
    assert.equal(links.size, 1, 'still watched: Plaid’s tab may link again until the token expires');
    await clock.advance(expiresAt - clock.now() + INTERVAL);
    assert.equal(links.size, 0);
    assert.equal(clock.pending, 0);
    assert.equal(log.lines.filter((l) => /cancelled in Home Assistant/.test(l)).length, 1);
    assert.ok(log.lines.every((l) => !l.includes('access-for') && !l.includes('public-sandbox')));
  });

  it('retries a failed removal with the access token it has, past the link’s expiry', async () => {
    const clock = new FakeClock();
    const expiresAt = clock.now() + INTERVAL * 2;
    const { plaid, calls, state } = fakePlaid(clock, expiresAt);
    state.publicTokens = ['public-sandbox-2'];
    state.removeFailures = 3;
    const links = new AbandonedLinks({ plaid, clock, log: memoryLogger('info'), checkIntervalMs: INTERVAL });
    links.watch({ flowId: 'f2', linkToken: 'link-sandbox-y', expiresAt });
    await clock.advance(INTERVAL * 10);
    assert.deepEqual(
      calls.filter((c) => c.startsWith('exchange')),
      ['exchange public-sandbox-2'],
      'a public token is exchanged only once',
    );
    assert.equal(calls.filter((c) => c.startsWith('remove')).length, 4);
    assert.equal(links.size, 0);
  });

  it('stops watching when the companion stops', async () => {
    const clock = new FakeClock();
    const { plaid } = fakePlaid(clock, clock.now() + 60_000);
    const links = new AbandonedLinks({ plaid, clock, log: memoryLogger('info'), checkIntervalMs: INTERVAL });
    links.watch({ flowId: 'f3', linkToken: 'link-sandbox-z', expiresAt: clock.now() + 60_000 });
    links.close();
    assert.equal(clock.pending, 0);
    links.watch({ flowId: 'f4', linkToken: 'link-sandbox-w', expiresAt: clock.now() + 60_000 });
    assert.equal(clock.pending, 0);
  });
});
