import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createLogger } from '../../src/companion/logger.js';

describe('logger', () => {
  it('filters by level', () => {
    const lines: string[] = [];
    const log = createLogger({ level: 'warn', write: (l) => lines.push(l) });
    log.debug('a');
    log.info('b');
    log.warn('c');
    log.error('d');
    assert.equal(lines.length, 2);
    assert.match(lines[0]!, /WARN {2}c$/);
  });

  it('redacts registered secrets and Plaid token shapes in every part of a line', () => {
    const lines: string[] = [];
    const log = createLogger({ level: 'debug', write: (l) => lines.push(l) });
    log.addSecret('super-secret-value');
    log.info('secret super-secret-value in message', {
      nested: { s: 'x super-secret-value y' },
      err: new Error('boom super-secret-value'),
    });
    log.info('tokens', { a: 'access-sandbox-1234-abcd', p: 'public-production-99ff' });
    const text = lines.join('\n');
    assert.doesNotMatch(text, /super-secret-value|access-sandbox-1234|public-production-99ff/);
    assert.equal(text.split('[redacted]').length - 1, 5);
  });

  it('ignores values too short to be secrets', () => {
    const lines: string[] = [];
    const log = createLogger({ level: 'info', write: (l) => lines.push(l) });
    log.addSecret('abc');
    log.info('abc stays');
    assert.match(lines[0]!, /abc stays/);
  });
});
