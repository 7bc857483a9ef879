import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LinkTokenGetSessionsResponse } from 'plaid';
import { readLinkSessions } from '../../../src/companion/link/link-sessions.js';

const session = (over: Partial<LinkTokenGetSessionsResponse>): LinkTokenGetSessionsResponse => ({
  link_session_id: 'ls-1',
  started_at: '2026-12-01T10:00:00Z',
  finished_at: null,
  ...over,
});
const linked = session({
  finished_at: '2026-12-01T10:01:00Z',
  results: { item_add_results: [{ public_token: 'public-sandbox-1', institution: null, accounts: [] }] } as never,
});
const plaidError = {
  error_type: 'ITEM_ERROR',
  error_code: 'INVALID_CREDENTIALS',
  error_message: 'x',
  display_message: 'Wrong password',
} as never;

describe("reading Plaid's link sessions", () => {
  it('waits while the session is open, and reports linked Items in a link flow', () => {
    assert.deepEqual(readLinkSessions('link', []), { kind: 'waiting' });
    assert.deepEqual(readLinkSessions('link', [session({})]), { kind: 'waiting' });
    const outcome = readLinkSessions('link', [linked]);
    assert.equal(outcome.kind, 'linked');
    assert.equal(outcome.kind === 'linked' && outcome.results[0]?.public_token, 'public-sandbox-1');
  });

  it('reports a reconnect as done once a session succeeded', () => {
    assert.deepEqual(readLinkSessions('reconnect', [session({ finished_at: '2026-12-01T10:01:00Z' })]), {
      kind: 'reconnected',
    });
    assert.deepEqual(
      readLinkSessions('reconnect', [session({ on_success: { public_token: 'p', metadata: null } as never })]),
      { kind: 'reconnected' },
    );
  });

  it("reports an exit without success, with Plaid's error when there is one", () => {
    const exited = session({ finished_at: '2026-12-01T10:01:00Z', exit: { error: null, metadata: null } as never });
    assert.deepEqual(readLinkSessions('link', [exited]), { kind: 'exited', error: null });
    const failed = session({
      finished_at: '2026-12-01T10:01:00Z',
      on_exit: { error: plaidError, metadata: null } as never,
    });
    assert.deepEqual(readLinkSessions('reconnect', [failed]), { kind: 'exited', error: plaidError });
  });
});
