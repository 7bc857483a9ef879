import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseRequest } from '../../src/protocol/index.js';
import { createLinkKeyPair } from '../../src/protocol/sealed-link.js';

const id = 'a1b2c3d4e5f60718';
const link_key = createLinkKeyPair().publicKey;

test('every action parses when well formed', () => {
  const good = [
    { v: 1, id, action: 'ping' },
    { v: 1, id, action: 'flow/start', mode: 'link', link_key },
    { v: 1, id, action: 'flow/start', mode: 'link', link_key, redirect_uri: 'https://ha.local/lovelace/0' },
    { v: 1, id, action: 'flow/start', mode: 'reconnect', link_key, item_id: 'item-1' },
    { v: 1, id, action: 'flow/start', mode: 'link', link_key, due_dates: true, card_release: '0.3.0' },
    { v: 1, id, action: 'flow/start', mode: 'add_due_dates', link_key, item_id: 'item-1' },
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
    [
      { v: 1, id, action: 'flow/configure', flow_id: id, user_input: { accounts: [{ account_id: 'a', kinds: [] }] } },
      'invalid_request',
      id,
    ],
    [
      {
        v: 1,
        id,
        action: 'flow/configure',
        flow_id: id,
        user_input: { accounts: [{ account_id: 'a', kinds: ['owed'] }] },
      },
      'invalid_request',
      id,
    ],
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

test('a card from before the sealed Hosted Link (no link_key) is told to update, with the key named', () => {
  const parsed = parseRequest({ v: 1, id, action: 'flow/start', mode: 'link' });
  assert.equal(parsed.ok, false);
  if (!parsed.ok) {
    assert.equal(parsed.error.code, 'invalid_request');
    assert.match(
      parsed.error.message,
      /^link_key is missing: this card is older than the companion\. Update Plaid Balance Card/,
    );
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

test("payment due dates' consent is a boolean, and their mode one of flow/start's", () => {
  for (const bad of [
    { v: 1, id, action: 'flow/start', mode: 'link', link_key, due_dates: 'yes' },
    { v: 1, id, action: 'flow/start', mode: 'due_dates', link_key, item_id: 'item-1' },
  ]) {
    const parsed = parseRequest(bad);
    assert.equal(parsed.ok ? 'ok' : parsed.error.code, 'invalid_request', JSON.stringify(bad));
  }
});
