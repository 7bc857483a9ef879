// The Hosted Link URL is a live Plaid session: whoever opens it can link a
// bank to this installation. Card and companion meet only through HA's event
// bus, and HA's recorder keeps every event in its database and backups, so the
// URL travels sealed: the card sends a fresh Diffie-Hellman public key with
// flow/start, the companion seals the URL to it, and only the open dialog
// holding the private key can read it. What HA stores is useless without that
// key, which never leaves the browser's memory.
//
// Finite-field DH over RFC 3526's 2048-bit MODP group (Node's `modp14`),
// SHA-256 for keys, a SHA-256 counter-mode keystream and an HMAC-SHA256 tag.
// Plain BigInt and ./sha256.ts rather than `crypto.subtle`, which browsers
// offer only in secure contexts (HA is often opened over plain http).
// test/protocol/sealed-link.test.ts checks the exchange against Node's crypto.
import type { SealedLink } from './sealed-link-schema.js';
import { concatBytes, hmacSha256, sha256 } from './sha256.js';

const PRIME_HEX =
  'ffffffffffffffffc90fdaa22168c234c4c6628b80dc1cd129024e088a67cc74020bbea63b139b22514a08798e3404ddef9519b3cd3a431b302b0a6df25f14374fe1356d6d51c245e485b576625e7ec6f44c42e9a637ed6b0bff5cb6f406b7edee386bfb5a899fa5ae9f24117c4b1fe649286651ece45b3dc2007cb8a163bf0598da48361c55d39a69163fa8fd24cf5f83655d23dca3ad961c62f356208552bb9ed529077096966d670c354e4abc9804f1746c08ca18217c32905e462e36ce3be39e772c180e86039b2783a2ec07a28fb5c55df06f4c52c9de2bcbf6955817183995497cea956ae515d2261898fa051015728e5a8aacaa68ffffffffffffffff';
const GENERATOR = 2n;
const KEY_BYTES = PRIME_HEX.length / 2;
/** 256-bit exponents: the group's ~112-bit strength needs no more. */
const EXPONENT_BYTES = 32;
const LABEL = 'plaid-balance hosted link v1';

export interface LinkKeyPair {
  /** Sent to the companion in flow/start. */
  publicKey: string;
  readonly privateKey: bigint;
}

export class SealedLinkError extends Error {
  override name = 'SealedLinkError';
}

let prime: bigint | undefined;
/** Computed on first use, so a bundle that never seals pays nothing at load. */
function groupPrime(): bigint {
  prime ??= BigInt(`0x${PRIME_HEX}`);
  return prime;
}

function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n;
  let b = base % modulus;
  for (let e = exponent; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * b) % modulus;
    b = (b * b) % modulus;
  }
  return result;
}

const toHex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
function fromHex(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}
const elementHex = (n: bigint) => n.toString(16).padStart(KEY_BYTES * 2, '0');
const utf8 = (text: string) => new TextEncoder().encode(text);

function randomExponent(): bigint {
  const bytes = crypto.getRandomValues(new Uint8Array(EXPONENT_BYTES));
  bytes[0] |= 0x80; // a full-width exponent, never 0 or 1
  return BigInt(`0x${toHex(bytes)}`);
}

/** A peer's public key as a group element, refusing the values that give away the secret (0, 1, p−1, ≥ p). */
function peerElement(publicKey: string): bigint {
  const y = BigInt(`0x${publicKey}`);
  if (y <= 1n || y >= groupPrime() - 1n) throw new SealedLinkError('the public key is not a usable group element');
  return y;
}

/** Whether the companion can seal to `publicKey` (checked before a link token is made for it). */
export function usableLinkKey(publicKey: string): boolean {
  try {
    peerElement(publicKey);
    return true;
  } catch {
    return false;
  }
}

/** One key pair per flow: the card makes it when it starts linking and forgets it when the dialog closes. */
export function createLinkKeyPair(): LinkKeyPair {
  const privateKey = randomExponent();
  return { privateKey, publicKey: elementHex(modPow(GENERATOR, privateKey, groupPrime())) };
}

function derivedKeys(shared: bigint): { enc: Uint8Array; mac: Uint8Array } {
  const secret = fromHex(elementHex(shared));
  return {
    enc: sha256(concatBytes(utf8(`${LABEL} enc`), secret)),
    mac: sha256(concatBytes(utf8(`${LABEL} mac`), secret)),
  };
}

function keystreamXor(key: Uint8Array, input: Uint8Array): Uint8Array {
  const out = new Uint8Array(input.length);
  const counter = new Uint8Array(4);
  for (let block = 0; block * 32 < input.length; block++) {
    new DataView(counter.buffer).setUint32(0, block);
    const pad = sha256(concatBytes(key, counter));
    for (let i = block * 32; i < Math.min(input.length, block * 32 + 32); i++) out[i] = input[i] ^ pad[i - block * 32];
  }
  return out;
}

function tagOf(mac: Uint8Array, key: string, data: Uint8Array): string {
  return toHex(hmacSha256(mac, concatBytes(utf8(key), data)));
}

/** The companion's side: seals `url` so only the holder of `cardPublicKey`'s private key reads it. */
export function sealLink(url: string, cardPublicKey: string): SealedLink {
  const own = randomExponent();
  const key = elementHex(modPow(GENERATOR, own, groupPrime()));
  const { enc, mac } = derivedKeys(modPow(peerElement(cardPublicKey), own, groupPrime()));
  const data = keystreamXor(enc, utf8(url));
  return { key, data: toHex(data), tag: tagOf(mac, key, data) };
}

/** The card's side: the URL, or SealedLinkError if it was sealed to another key or altered. */
export function openSealedLink(sealed: SealedLink, pair: LinkKeyPair): string {
  const { enc, mac } = derivedKeys(modPow(peerElement(sealed.key), pair.privateKey, groupPrime()));
  const data = fromHex(sealed.data);
  if (tagOf(mac, sealed.key, data) !== sealed.tag)
    throw new SealedLinkError('the link was sealed for another dialog or altered');
  return new TextDecoder().decode(keystreamXor(enc, data));
}
