import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AdminCheck, isActiveAdmin } from '../../../src/companion/ha/admin-check.js';
import type { HaUser } from '../../../src/companion/ha/ha-client.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { memoryLogger } from '../helpers/fixtures.js';

describe('admin-check', () => {
  it('recognises active admins only', () => {
    assert.equal(isActiveAdmin({ id: 'a', group_ids: ['system-admin'], is_active: true }), true);
    assert.equal(isActiveAdmin({ id: 'a', group_ids: ['system-admin'], is_active: false }), false);
    assert.equal(isActiveAdmin({ id: 'a', group_ids: ['system-users'], is_active: true }), false);
    assert.equal(isActiveAdmin({ id: 'a', is_owner: true, system_generated: true }), false);
  });

  it('caches the user list and refreshes it for an unknown user or after a minute', async () => {
    const clock = new FakeClock();
    let users: HaUser[] = [{ id: 'admin', group_ids: ['system-admin'], is_active: true }];
    let calls = 0;
    const check = new AdminCheck({ listUsers: async () => (calls++, users) }, clock, memoryLogger());
    assert.equal(await check.isAdmin('admin'), true);
    assert.equal(await check.isAdmin('admin'), true);
    assert.equal(calls, 1);
    users = [...users, { id: 'new', group_ids: ['system-admin'], is_active: true }];
    assert.equal(await check.isAdmin('new'), true);
    assert.equal(calls, 2);
    assert.equal(await check.isAdmin(null), false);
    users = [{ id: 'admin', group_ids: ['system-users'], is_active: true }];
    await clock.advance(61_000);
    assert.equal(await check.isAdmin('admin'), false, 'a demoted admin loses access after the cache expires');
  });

  it('fails closed for unknown users when HA cannot list users', async () => {
    const check = new AdminCheck(
      { listUsers: async () => Promise.reject(new Error('down')) },
      new FakeClock(),
      memoryLogger(),
    );
    assert.equal(await check.isAdmin('someone'), false);
  });
});
