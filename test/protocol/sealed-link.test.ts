import assert from 'node:assert/strict';
import { createDiffieHellman, createDiffieHellmanGroup, createHash, createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import { validate } from 'superstruct';
import { createLinkKeyPair, openSealedLink, sealLink, SealedLinkError } from '../../src/protocol/sealed-link.js';
import { SealedLinkSchema, type SealedLink } from '../../src/protocol/sealed-link-schema.js';

const URL = 'https://hosted.plaid.com/link/lp-5d7bb0b3-7e2b-4a4c-9c5e-0f2b1c3d4e5f';
const LABEL = 'plaid-balance hosted link v1';

/** Node's RFC 3526 group 14, in a form that takes a chosen private key. */
function nodeDh(privateKey: bigint) {
  const group = createDiffieHellmanGroup('modp14');
  const dh = createDiffieHellman(group.getPrime(), group.getGenerator());
  dh.setPrivateKey(Buffer.from(privateKey.toString(16).padStart(64, '0'), 'hex'));
  return dh;
}

/** Opens a seal with Node's own DH, hash and HMAC: an independent reading of the format. */
function openWithNode(sealed: SealedLink, privateKey: bigint): string {
  const secret = nodeDh(privateKey).computeSecret(Buffer.from(sealed.key, 'hex'));
  const padded = Buffer.concat([Buffer.alloc(256 - secret.length), secret]);
  const enc = createHash('sha256').update(`${LABEL} enc`).update(padded).digest();
  const mac = createHash('sha256').update(`${LABEL} mac`).update(padded).digest();
  const data = Buffer.from(sealed.data, 'hex');
  assert.equal(
    createHmac('sha256', mac).update(sealed.key).update(data).digest('hex'),
    sealed.tag,
    'the tag verifies with Node',
  );
  const out = Buffer.alloc(data.length);
  for (let block = 0; block * 32 < data.length; block++) {
    const counter = Buffer.alloc(4);
    counter.writeUInt32BE(block);
    const pad = createHash('sha256').update(enc).update(counter).digest();
    for (let i = block * 32; i < Math.min(data.length, block * 32 + 32); i++) out[i] = data[i]! ^ pad[i - block * 32]!;
  }
  return out.toString('utf8');
}

describe('sealed Hosted Link URL', () => {
  it("computes the same public key as Node's modp14 group", () => {
    const pair = createLinkKeyPair();
    const dh = nodeDh(pair.privateKey);
    dh.generateKeys();
    assert.equal(pair.publicKey, dh.getPublicKey('hex').padStart(512, '0'));
  });

  it("opens what it sealed, and Node's crypto reads the same URL from the seal", () => {
    const pair = createLinkKeyPair();
    const sealed = sealLink(URL, pair.publicKey);
    assert.equal(validate(sealed, SealedLinkSchema)[0], undefined);
    assert.equal(openSealedLink(sealed, pair), URL);
    assert.equal(openWithNode(sealed, pair.privateKey), URL);
  });

  it('the seal holds no part of the URL, and sealing twice gives two different seals', () => {
    const pair = createLinkKeyPair();
    const a = sealLink(URL, pair.publicKey);
    const b = sealLink(URL, pair.publicKey);
    const text = JSON.stringify(a);
    assert.ok(!text.includes('lp-5d7bb0b3') && !text.includes('hosted.plaid.com'), text);
    assert.ok(!text.includes(Buffer.from(URL).toString('hex').slice(0, 24)));
    assert.notEqual(a.key, b.key);
    assert.notEqual(a.data, b.data);
  });

  it("another dialog's key cannot open it", () => {
    const sealed = sealLink(URL, createLinkKeyPair().publicKey);
    assert.throws(() => openSealedLink(sealed, createLinkKeyPair()), SealedLinkError);
  });

  it('an altered seal is refused rather than opened to a different URL', () => {
    const pair = createLinkKeyPair();
    const sealed = sealLink(URL, pair.publicKey);
    const flipped = (hex: string) => (hex[0] === '0' ? '1' : '0') + hex.slice(1);
    assert.throws(() => openSealedLink({ ...sealed, data: flipped(sealed.data) }, pair), SealedLinkError);
    assert.throws(() => openSealedLink({ ...sealed, tag: flipped(sealed.tag) }, pair), SealedLinkError);
  });

  it('refuses public keys that would give the secret away', () => {
    const p = BigInt(`0x${createDiffieHellmanGroup('modp14').getPrime('hex')}`);
    for (const bad of [0n, 1n, p - 1n, p]) {
      const key = bad.toString(16).padStart(512, '0');
      assert.throws(() => sealLink(URL, key), SealedLinkError, `key ${bad === p ? 'p' : bad === p - 1n ? 'p-1' : bad}`);
    }
  });
});
