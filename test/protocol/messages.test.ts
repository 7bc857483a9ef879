import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validate } from 'superstruct';
import {
  FlowEventSchema,
  FlowStepSchema,
  PROTOCOL_VERSION,
  createLinkKeyPair,
  newId,
  parseRequest,
  parseResponse,
  parseResult,
  sealLink,
  type FlowStep,
} from '../../src/protocol/index.js';

const id = 'a1b2c3d4e5f60718';
const link_key = createLinkKeyPair().publicKey;

test('every action parses when well formed', () => {
  const good = [
    { v: 1, id, action: 'ping' },
    { v: 1, id, action: 'flow/start', mode: 'link', link_key },
    { v: 1, id, action: 'flow/start', mode: 'link', link_key, redirect_uri: 'https://ha.local/lovelace/0' },
    { v: 1, id, action: 'flow/start', mode: 'reconnect', link_key, item_id: 'item-1' },
    { v: 1, id, action: 'flow/get', flow_id: id },
    {
      v: 1,
      id,
      action: 'flow/configure',
      flow_id: id,
      user_input: { accounts: [{ account_id: 'acc1', kinds: ['current', 'available'], name: 'Joint' }] },
    },
    { v: 1, id, action: 'flow/configure', flow_id: id, user_input: { accounts: [], duplicate: 'keep_existing' } },
    { v: 1, id, action: 'flow/abort', flow_id: id },
    { v: 1, id, action: 'items/list' },
    { v: 1, id, action: 'items/refresh' },
    { v: 1, id, action: 'items/refresh', item_id: 'item-1' },
    { v: 1, id, action: 'items/remove', item_id: 'item-1' },
  ];
  for (const msg of good) {
    const parsed = parseRequest(msg);
    assert.equal(parsed.ok, true, `${JSON.stringify(msg)}: ${parsed.ok ? '' : parsed.error.message}`);
  }
});

test('bad requests get the right error code and keep a usable id', () => {
  const cases: Array<[unknown, string, string | null]> = [
    [null, 'invalid_request', null],
    ['ping', 'invalid_request', null],
    [[1, 2], 'invalid_request', null],
    [{ v: 2, id, action: 'ping' }, 'unsupported_version', id],
    [{ id, action: 'ping' }, 'unsupported_version', id],
    [{ v: 1, id, action: 'flow/explode' }, 'unknown_action', id],
    [{ v: 1, id, action: '__proto__' }, 'unknown_action', id],
    [{ v: 1, id, action: 'toString' }, 'unknown_action', id],
    [{ v: 1, id: 'short', action: 'ping' }, 'invalid_request', null],
    [{ v: 1, id: 'x'.repeat(65), action: 'ping' }, 'invalid_request', null],
    [{ v: 1, id: 'has spaces in it', action: 'ping' }, 'invalid_request', null],
    [{ v: 1, id, action: 'flow/start', mode: 'steal', link_key }, 'invalid_request', id],
    [{ v: 1, id, action: 'flow/start', mode: 'link', link_key, extra: 1 }, 'invalid_request', id],
    // Without a key the companion could only send the Hosted Link URL in the clear.
    [{ v: 1, id, action: 'flow/start', mode: 'link' }, 'invalid_request', id],
    [{ v: 1, id, action: 'flow/start', mode: 'link', link_key: link_key.toUpperCase() }, 'invalid_request', id],
    [{ v: 1, id, action: 'flow/start', mode: 'link', link_key: link_key.slice(2) }, 'invalid_request', id],
    [{ v: 1, id, action: 'flow/get' }, 'invalid_request', id],
    [{ v: 1, id, action: 'flow/configure', flow_id: id, user_input: { accounts: [{ account_id: 'a', kinds: [] }] } }, 'invalid_request', id],
    [{ v: 1, id, action: 'flow/configure', flow_id: id, user_input: { accounts: [{ account_id: 'a', kinds: ['owed'] }] } }, 'invalid_request', id],
    [{ v: 1, id, action: 'items/remove' }, 'invalid_request', id],
    [{ v: 1, id, action: 'items/remove', item_id: 'x'.repeat(10_000) }, 'invalid_request', id],
  ];
  for (const [msg, code, echoed] of cases) {
    const parsed = parseRequest(msg);
    assert.equal(parsed.ok, false, JSON.stringify(msg));
    if (parsed.ok) continue;
    assert.equal(parsed.error.code, code, JSON.stringify(msg));
    assert.equal(parsed.id, echoed, JSON.stringify(msg));
    assert.ok(parsed.error.message.length > 0);
  }
});

test('an error message names the offending field', () => {
  const parsed = parseRequest({ v: 1, id, action: 'flow/start', mode: 'link', link_key, redirect_uri: 42 });
  assert.equal(parsed.ok, false);
  if (!parsed.ok) assert.match(parsed.error.message, /^redirect_uri: /);
});

test('prototype-pollution keys are rejected, not merged', () => {
  const hostile = JSON.parse(`{"v":1,"id":"${id}","action":"ping","__proto__":{"polluted":true}}`);
  const parsed = parseRequest(hostile);
  assert.equal(parsed.ok, false);
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
});

test('responses: envelope and per-action result are both checked', () => {
  const ok = parseResponse({ v: PROTOCOL_VERSION, id, ok: true, result: { version: '0.1.0', items: 2 } });
  assert.equal(ok.ok, true);
  assert.equal(parseResult('ping', { version: '0.1.0', items: 2 }).ok, true);
  assert.equal(parseResult('ping', { version: 1 }).ok, false);
  assert.equal(parseResponse({ v: 1, id, ok: false, error: { code: 'not_found', message: 'no such flow' } }).ok, true);
  assert.equal(parseResponse({ v: 1, id, ok: false, error: { code: 'teapot', message: '' } }).ok, false);
  assert.equal(parseResponse({ v: 1, id, ok: 'yes' }).ok, false);
});

test('each flow step type validates, and malformed steps do not', () => {
  const steps: FlowStep[] = [
    { type: 'external', step_id: 'hosted_link', sealed_url: sealLink('https://hosted.plaid.com/link/x', createLinkKeyPair().publicKey), expires_at: '2026-11-24T18:00:00Z' },
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
    validate({ type: 'external', step_id: 'hosted_link', url: 'https://hosted.plaid.com/link/x', expires_at: '2026-11-24T18:00:00Z' }, FlowStepSchema)[0],
    undefined,
  );
});

test('newId gives 128-bit ids the parser accepts', () => {
  const ids = new Set(Array.from({ length: 1000 }, newId));
  assert.equal(ids.size, 1000);
  for (const one of ids) assert.equal(parseRequest({ v: 1, id: one, action: 'ping' }).ok, true);
});
