import assert from 'node:assert/strict';
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { hmacSha256, sha256 } from '../../src/protocol/sha256.js';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('sha256 in plain JavaScript', () => {
  it('gives FIPS 180-4\'s digest of "abc"', () => {
    assert.equal(
      hex(sha256(new TextEncoder().encode('abc'))),
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });

  it("matches Node's crypto for every length around the block and padding edges", () => {
    for (let length = 0; length <= 200; length++) {
      const data = randomBytes(length);
      assert.equal(hex(sha256(data)), createHash('sha256').update(data).digest('hex'), `length ${length}`);
    }
  });

  it("HMAC matches Node's for short, block-sized and long keys", () => {
    for (const keyLength of [0, 1, 32, 63, 64, 65, 200]) {
      const key = randomBytes(keyLength);
      const data = randomBytes(97);
      assert.equal(
        hex(hmacSha256(key, data)),
        createHmac('sha256', key).update(data).digest('hex'),
        `key length ${keyLength}`,
      );
    }
  });
});
