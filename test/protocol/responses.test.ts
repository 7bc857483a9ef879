import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PROTOCOL_VERSION, parseResponse, parseResult } from '../../src/protocol/index.js';

const id = 'a1b2c3d4e5f60718';

test('responses: envelope and per-action result are both checked', () => {
  const ok = parseResponse({ v: PROTOCOL_VERSION, id, ok: true, result: { version: '0.1.0', items: 2 } });
  assert.equal(ok.ok, true);
  assert.equal(parseResult('ping', { version: '0.1.0', items: 2 }).ok, true);
  assert.equal(parseResult('ping', { version: 1 }).ok, false);
  assert.equal(parseResponse({ v: 1, id, ok: false, error: { code: 'not_found', message: 'no such flow' } }).ok, true);
  assert.equal(parseResponse({ v: 1, id, ok: false, error: { code: 'teapot', message: '' } }).ok, false);
  assert.equal(parseResponse({ v: 1, id, ok: 'yes' }).ok, false);
});
