import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newId, parseRequest } from '../../src/protocol/index.js';

test('newId gives 128-bit ids the parser accepts', () => {
  const ids = new Set(Array.from({ length: 1000 }, newId));
  assert.equal(ids.size, 1000);
  for (const one of ids) assert.equal(parseRequest({ v: 1, id: one, action: 'ping' }).ok, true);
});
