// The shapes of a sealed Hosted Link URL on the wire (./sealed-link.ts seals
// and opens them). Apart from the cryptography so that the card's main chunk,
// which validates every answer, does not carry it: only the dialog opens seals.
import { literal, object, pattern, string, type Infer } from 'superstruct';

/** A public key as sent: an X25519 key (RFC 7748), 32 bytes in lowercase hex. */
export const LinkKeySchema = pattern(string(), /^[0-9a-f]{64}$/);

/**
 * Version 1 of the seal used a 2048-bit finite-field Diffie-Hellman key, in
 * fixed-width hex. Recognised only so that a card or a companion of that
 * version is told which of the two to update, instead of a schema complaint.
 */
export const LEGACY_LINK_KEY = /^[0-9a-f]{512}$/;

/** Bumped with any change to how a URL is sealed: the version is also bound into the derived key. */
export const SEALED_LINK_VERSION = 2;

export const SealedLinkSchema = object({
  v: literal(SEALED_LINK_VERSION),
  /** The companion's one-off X25519 public key for this seal. */
  key: LinkKeySchema,
  /** XChaCha20-Poly1305's 24-byte nonce, random for every seal. */
  nonce: pattern(string(), /^[0-9a-f]{48}$/),
  /** The URL's ciphertext followed by its 16-byte Poly1305 tag. */
  data: pattern(string(), /^(?:[0-9a-f]{2}){17,4112}$/),
});
export type SealedLink = Infer<typeof SealedLinkSchema>;

/** What a companion of this version says to a card that sends a version 1 key. */
export const CARD_OUTDATED_MESSAGE =
  'The companion is newer than this card: ' +
  'update Plaid Balance Card (HACS → Plaid Balance Card → Update), then reload the page.';
