import { test } from 'node:test';
import assert from 'node:assert/strict';
import { balanceSensorId, problemSensorId, slugify } from '../../src/protocol/index.js';

test('slugs are lower-case a-z0-9_ with no leading, trailing or double underscores', () => {
  assert.equal(slugify('First Platypus Bank'), 'first_platypus_bank');
  assert.equal(slugify('  Crédit Agricole — Île-de-France '), 'credit_agricole_ile_de_france');
  assert.equal(slugify('Bank & Trust, N.A.'), 'bank_trust_n_a');
  assert.equal(slugify('!!!'), 'unknown');
});

test('balance sensor ids follow the DESIGN', () => {
  assert.equal(
    balanceSensorId('First Platypus Bank', '0000', 'acc', 'current'),
    'sensor.plaid_first_platypus_bank_0000_current',
  );
  assert.equal(
    balanceSensorId('Tartan Bank', null, 'BxBXxLj1m4HMXBm9WZZmCWVbPjX16EHwv99vp', 'available'),
    'sensor.plaid_tartan_bank_bxbxxl_available',
  );
  assert.equal(balanceSensorId('Tartan Bank', '  ', 'abcdefgh', 'current'), 'sensor.plaid_tartan_bank_abcdef_current');
  assert.equal(problemSensorId('Houndstooth Bank'), 'binary_sensor.plaid_houndstooth_bank_problem');
});
