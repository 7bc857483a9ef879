// What home-assistant-js-websocket rejects with, as the companion logs it:
// every shape its lib/ sources produce reads as words, never "[object Object]".
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeHaFailure, haFailureCode } from '../../src/protocol/ha-failure.js';

describe('home-assistant-js-websocket rejections in words', () => {
  const cases: [string, unknown, string][] = [
    ['HA refusing a command', { code: 'unauthorized', message: 'Unauthorized' }, 'unauthorized: Unauthorized'],
    [
      'a command in flight when the socket closed',
      { type: 'result', success: false, error: { code: 3, message: 'Connection lost' } },
      'connection to Home Assistant lost',
    ],
    ['a command sent while disconnected', 3, 'connection to Home Assistant lost'],
    ['ERR_CANNOT_CONNECT', 1, 'cannot connect to Home Assistant'],
    ['ERR_INVALID_AUTH', 2, 'Home Assistant refused the access token'],
    ['ERR_HASS_HOST_REQUIRED', 4, 'home-assistant-js-websocket error 4'],
    ['an Error', new Error('Pre-check failed'), 'Pre-check failed'],
    ['something else', { what: 'ever' }, 'unknown error'],
  ];
  for (const [what, shape, text] of cases) {
    it(what, () => {
      assert.equal(describeHaFailure(shape), text);
    });
  }

  it('finds the library’s number inside its own result object', () => {
    assert.equal(haFailureCode({ type: 'result', success: false, error: { code: 3, message: 'Connection lost' } }), 3);
    assert.equal(haFailureCode({ code: 'not_found', message: 'x' }), 'not_found');
    assert.equal(haFailureCode(null), undefined);
  });
});
