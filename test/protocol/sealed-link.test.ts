import assert from 'node:assert/strict';
import { x25519 } from '@noble/curves/ed25519.js';
import { describe, it } from 'node:test';
import { pattern, string, validate } from 'superstruct';
import { describeInvalid, parseRequest } from '../../src/protocol/index.js';
import {
  companionOutdated,
  createLinkKeyPair,
  openSealedLink,
  sealLink,
  SealedLinkError,
  usableLinkKey,
} from '../../src/protocol/sealed-link.js';
import { SealedLinkSchema, type SealedLink } from '../../src/protocol/sealed-link-schema.js';

const URL = 'https://hosted.plaid.com/link/lp-5d7bb0b3-7e2b-4a4c-9c5e-0f2b1c3d4e5f';
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const bytes = (text: string) => new Uint8Array(Buffer.from(text, 'hex'));

/** The hex of a seal's field with one byte changed at `at` (counted from the end when negative). */
function flipped(field: string, at: number): string {
  const b = bytes(field);
  b[at < 0 ? b.length + at : at]! ^= 0x01;
  return hex(b);
}

describe('X25519 as the seal uses it (RFC 7748)', () => {
  it('gives section 5.2’s scalar multiplication results', () => {
    const vectors = [
      [
        'a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4',
        'e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c',
        'c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552',
      ],
      [
        '4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d',
        'e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493',
        '95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957',
      ],
      // the iterated test after one iteration: k = u = 9
      ['09'.padEnd(64, '0'), '09'.padEnd(64, '0'), '422c8e7a6227d7bca1350b3e2bb7279f7897b87bb6854b783c60e80311ae3079'],
    ];
    for (const [scalar, u, out] of vectors) assert.equal(hex(x25519.getSharedSecret(bytes(scalar!), bytes(u!))), out);
  });

  it('gives section 6.1’s key pairs and shared secret, and takes its public keys as link keys', () => {
    const alice = bytes('77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a');
    const bob = bytes('5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb');
    const alicePublic = '8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a';
    const bobPublic = 'de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f';
    const shared = '4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742';
    assert.equal(hex(x25519.getPublicKey(alice)), alicePublic);
    assert.equal(hex(x25519.getPublicKey(bob)), bobPublic);
    assert.equal(hex(x25519.getSharedSecret(alice, bytes(bobPublic))), shared);
    assert.equal(hex(x25519.getSharedSecret(bob, bytes(alicePublic))), shared);
    assert.ok(usableLinkKey(alicePublic) && usableLinkKey(bobPublic));
    const sealed = sealLink(URL, alicePublic);
    assert.equal(openSealedLink(sealed, { publicKey: alicePublic, privateKey: alice }), URL);
  });

  it('makes link keys that are X25519 key pairs', () => {
    const pair = createLinkKeyPair();
    assert.equal(pair.publicKey, hex(x25519.getPublicKey(pair.privateKey)));
    assert.equal(pair.privateKey.length, 32);
  });
});

describe('sealed Hosted Link URL', () => {
  it('opens what it sealed, in the shape the protocol validates', () => {
    const pair = createLinkKeyPair();
    for (const url of [URL, `${URL}?${'q'.repeat(2000)}`, 'https://hosted.plaid.com/link/ü']) {
      const sealed = sealLink(url, pair.publicKey);
      assert.equal(validate(sealed, SealedLinkSchema)[0], undefined);
      assert.equal(sealed.v, 2);
      assert.equal(openSealedLink(sealed, pair), url);
    }
  });

  it('needs nothing of Web Crypto but getRandomValues: no crypto.subtle, which plain http does not have', () => {
    const real = Object.getOwnPropertyDescriptor(globalThis, 'crypto')!;
    const getRandomValues = globalThis.crypto.getRandomValues.bind(globalThis.crypto);
    Object.defineProperty(globalThis, 'crypto', { value: { getRandomValues }, configurable: true });
    try {
      const pair = createLinkKeyPair();
      assert.equal(openSealedLink(sealLink(URL, pair.publicKey), pair), URL);
    } finally {
      Object.defineProperty(globalThis, 'crypto', real);
    }
  });

  it('the seal holds no part of the URL, and sealing twice gives two different seals', () => {
    const pair = createLinkKeyPair();
    const a = sealLink(URL, pair.publicKey);
    const b = sealLink(URL, pair.publicKey);
    const text = JSON.stringify(a);
    assert.ok(!text.includes('lp-5d7bb0b3') && !text.includes('hosted.plaid.com'), text);
    assert.ok(!text.includes(Buffer.from(URL).toString('hex').slice(0, 24)));
    assert.notEqual(a.key, b.key, 'a fresh companion key per seal');
    assert.notEqual(a.nonce, b.nonce, 'a fresh nonce per seal');
    assert.notEqual(a.data, b.data);
  });

  it("another dialog's key cannot open it", () => {
    const sealed = sealLink(URL, createLinkKeyPair().publicKey);
    assert.throws(() => openSealedLink(sealed, createLinkKeyPair()), SealedLinkError);
  });

  it('refuses a seal whose ciphertext, tag, nonce or companion key was altered, rather than open it', () => {
    const pair = createLinkKeyPair();
    const sealed = sealLink(URL, pair.publicKey);
    const altered: [string, SealedLink][] = [
      ['ciphertext', { ...sealed, data: flipped(sealed.data, 0) }],
      ['tag', { ...sealed, data: flipped(sealed.data, -1) }],
      ['truncated', { ...sealed, data: sealed.data.slice(0, -2) }],
      ['nonce', { ...sealed, nonce: flipped(sealed.nonce, 5) }],
      ['companion key', { ...sealed, key: sealLink(URL, pair.publicKey).key }],
      ['companion key bit', { ...sealed, key: flipped(sealed.key, 3) }],
    ];
    for (const [what, seal] of altered) assert.throws(() => openSealedLink(seal, pair), SealedLinkError, what);
  });

  it('refuses public keys of low order or of the wrong size, which would make the secret known', () => {
    const p = (2n ** 255n - 19n).toString(16);
    const le = (n: string) => hex(bytes(n.padStart(64, '0')).reverse());
    const lowOrder = [
      '0'.repeat(64), // 0
      le('1'), // 1
      'e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800', // order 8
      '5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157', // order 8
      le((2n ** 255n - 20n).toString(16)), // p − 1
      le(p), // p, which is 0
      le((2n ** 255n - 18n).toString(16)), // p + 1, which is 1
    ];
    for (const key of lowOrder) {
      assert.equal(usableLinkKey(key), false, key);
      assert.throws(() => sealLink(URL, key), SealedLinkError, key);
    }
    for (const key of ['', 'zz', 'ab'.repeat(31), 'ab'.repeat(33), '1'.padStart(512, '0')])
      assert.equal(usableLinkKey(key), false, key);
  });
});

describe('a card and a companion of different seal versions', () => {
  const LEGACY_KEY = `${'7f'.repeat(255)}01`;

  it('tells a card that sends the 2048-bit Diffie-Hellman key of version 1 to update the card', () => {
    const parsed = parseRequest({
      v: 1,
      id: 'req-0123456789',
      action: 'flow/start',
      mode: 'link',
      link_key: LEGACY_KEY,
    });
    assert.equal(parsed.ok, false);
    if (!parsed.ok) {
      assert.equal(parsed.error.code, 'invalid_request');
      assert.match(parsed.error.message, /^The companion is newer than this card: update Plaid Balance Card/);
    }
  });

  it('recognises a version 1 companion refusing this card’s key, and nothing the current companion says', () => {
    // What a version 1 companion answers: its schema wanted the 512-digit key.
    const [err] = validate(createLinkKeyPair().publicKey, pattern(string(), /^[0-9a-f]{512}$/));
    assert.ok(err);
    const refusal = { code: 'invalid_request', message: describeInvalid({ ...err, path: ['link_key'] }) };
    assert.equal(companionOutdated(refusal), true);
    assert.equal(companionOutdated({ code: 'invalid_request', message: 'link_key is not a usable public key' }), false);
    const current = parseRequest({
      v: 1,
      id: 'req-0123456789',
      action: 'flow/start',
      mode: 'link',
      link_key: LEGACY_KEY,
    });
    assert.equal(!current.ok && companionOutdated(current.error), false);
  });
});
