import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dueSensorId } from '../../src/protocol/index.js';

describe('dueSensorId', () => {
  it('names the due sensors after the account, the overdue one a binary sensor', () => {
    assert.equal(dueSensorId('Chase', '3333', 'acc_1', 'next_payment_due_date'), 'sensor.plaid_chase_3333_payment_due');
    assert.equal(dueSensorId('Chase', null, 'acc_123456789', 'is_overdue'), 'binary_sensor.plaid_chase_acc_12_overdue');
  });
});
