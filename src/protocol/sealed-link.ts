// The Hosted Link URL is a live Plaid session: whoever opens it can link a
// bank to this installation. Card and companion meet only through HA's event
// bus, and HA's recorder keeps every event in its database and backups, so the
// URL travels sealed: the card sends a fresh public key with flow/start, the
// companion seals the URL to it, and only the open dialog holding the private
// key can read it. What HA stores is useless without that key, which never
// leaves the browser's memory.
//
// An ECIES-style box from audited primitives: X25519 (RFC 7748) between the
// card's key and a one-off key of the companion's, HKDF-SHA256 (RFC 5869)
// binding the version and both public keys into the key, and
// XChaCha20-Poly1305 with a random 24-byte nonce. The @noble libraries are
// plain JavaScript: `crypto.subtle` exists only in secure contexts, and HA is
// often opened over plain http. Randomness is `crypto.getRandomValues`.
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { x25519 } from '@noble/curves/ed25519.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, concatBytes, hexToBytes, randomBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { SEALED_LINK_VERSION, type SealedLink } from './sealed-link-schema.js';

const LABEL = utf8ToBytes(`plaid-balance hosted link v${SEALED_LINK_VERSION}`);
const NONCE_BYTES = 24;

export interface LinkKeyPair {
  /** Sent to the companion in flow/start. */
  publicKey: string;
  readonly privateKey: Uint8Array;
}

export class SealedLinkError extends Error {
  override name = 'SealedLinkError';
}

/** One key pair per flow: the card makes it when it starts linking and forgets it when the dialog closes. */
export function createLinkKeyPair(): LinkKeyPair {
  const { secretKey, publicKey } = x25519.keygen();
  return { publicKey: bytesToHex(publicKey), privateKey: secretKey };
}

/**
 * Whether the companion can seal to `publicKey` (checked before a link token
 * is made for it): 32 bytes that are not one of the low-order points, with
 * which every shared secret is the same known value. noble refuses those in
 * the exchange itself; a throwaway exchange asks it.
 */
export function usableLinkKey(publicKey: string): boolean {
  try {
    const bytes = hexToBytes(publicKey);
    if (bytes.length !== 32) return false;
    x25519.getSharedSecret(x25519.utils.randomSecretKey(), bytes);
    return true;
  } catch {
    return false;
  }
}

function sealKey(shared: Uint8Array, companionKey: Uint8Array, cardKey: Uint8Array): Uint8Array {
  return hkdf(sha256, shared, undefined, concatBytes(LABEL, companionKey, cardKey), 32);
}

/** The companion's side: seals `url` so only the holder of `cardPublicKey`'s private key reads it. */
export function sealLink(url: string, cardPublicKey: string): SealedLink {
  const card = hexToBytes(cardPublicKey);
  const own = x25519.keygen();
  let shared: Uint8Array;
  try {
    shared = x25519.getSharedSecret(own.secretKey, card);
  } catch {
    throw new SealedLinkError('the public key is not a usable X25519 key');
  }
  const nonce = randomBytes(NONCE_BYTES);
  const data = xchacha20poly1305(sealKey(shared, own.publicKey, card), nonce).encrypt(utf8ToBytes(url));
  return { v: SEALED_LINK_VERSION, key: bytesToHex(own.publicKey), nonce: bytesToHex(nonce), data: bytesToHex(data) };
}

/** The card's side: the URL, or SealedLinkError if it was sealed to another key or altered. */
export function openSealedLink(sealed: SealedLink, pair: LinkKeyPair): string {
  try {
    const companion = hexToBytes(sealed.key);
    const shared = x25519.getSharedSecret(pair.privateKey, companion);
    const key = sealKey(shared, companion, hexToBytes(pair.publicKey));
    const url = xchacha20poly1305(key, hexToBytes(sealed.nonce)).decrypt(hexToBytes(sealed.data));
    return new TextDecoder('utf-8', { fatal: true }).decode(url);
  } catch {
    throw new SealedLinkError('the link was sealed for another dialog or altered');
  }
}

/**
 * Whether flow/start was refused because the companion's schema does not take
 * this card's key: a companion from before this seal version (which wants the
 * 512-digit key) or from before sealing (which wants none) names `link_key` as
 * the field at fault. This version refuses a well-formed but unusable key in
 * words of its own, and a card always sends a well-formed one.
 */
export function companionOutdated(error: { code: string; message: string }): boolean {
  return error.code === 'invalid_request' && error.message.startsWith('link_key: ');
}
