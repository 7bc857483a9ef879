import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validate } from 'superstruct';
import { FlowEventSchema, FlowStepSchema, type FlowStep } from '../../src/protocol/index.js';
import { createLinkKeyPair, sealLink } from '../../src/protocol/sealed-link.js';

const id = 'a1b2c3d4e5f60718';

test('each flow step type validates, and malformed steps do not', () => {
  const steps: FlowStep[] = [
    {
      type: 'external',
      step_id: 'hosted_link',
      sealed_url: sealLink('https://hosted.plaid.com/link/x', createLinkKeyPair().publicKey),
      expires_at: '2026-11-24T18:00:00Z',
    },
    { type: 'progress', step_id: 'wait', progress_action: 'wait_for_plaid' },
    {
      type: 'form',
      step_id: 'accounts',
      data: {
        item_id: 'item-1',
        institution_id: 'ins_109508',
        institution_name: 'First Platypus Bank',
        accounts: [
          {
            account_id: 'acc1',
            name: 'Plaid Checking',
            official_name: null,
            mask: '0000',
            type: 'depository',
            subtype: 'checking',
            currency: 'USD',
            current: 110,
            available: 100,
            limit: null,
            suggested_kinds: ['current'],
            entity_ids: { current: 'sensor.plaid_first_platypus_bank_0000_current' },
          },
        ],
        duplicate_of: null,
      },
      errors: {},
    },
    {
      type: 'create_entry',
      result: {
        item_id: 'item-1',
        institution_name: 'First Platypus Bank',
        entities: [
          {
            entity_id: 'sensor.plaid_first_platypus_bank_0000_current',
            account_name: 'Plaid Checking',
            balance_kind: 'current',
            state: 110,
            unit_of_measurement: 'USD',
          },
        ],
      },
    },
    { type: 'abort', reason: 'user_exited', message: 'You closed Plaid before finishing.' },
  ];
  for (const step of steps) {
    assert.equal(validate(step, FlowStepSchema)[0], undefined, step.type);
    assert.equal(validate({ v: 1, flow_id: id, step }, FlowEventSchema)[0], undefined, step.type);
  }
  assert.notEqual(validate({ type: 'abort', reason: 'bored', message: '' }, FlowStepSchema)[0], undefined);
  assert.notEqual(validate({ type: 'external', step_id: 'hosted_link' }, FlowStepSchema)[0], undefined);
  // The URL in the clear is no longer a valid step: a companion cannot send it by mistake.
  assert.notEqual(
    validate(
      {
        type: 'external',
        step_id: 'hosted_link',
        url: 'https://hosted.plaid.com/link/x',
        expires_at: '2026-11-24T18:00:00Z',
      },
      FlowStepSchema,
    )[0],
    undefined,
  );
});
