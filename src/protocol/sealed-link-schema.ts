// The shapes of a sealed Hosted Link URL on the wire (./sealed-link.ts seals
// and opens them). Apart from the cryptography so that the card's main chunk,
// which validates every answer, does not carry it: only the dialog opens seals.
import { object, pattern, string, type Infer } from 'superstruct';

/** A public key as sent: the group element in fixed-width lowercase hex. */
export const LinkKeySchema = pattern(string(), /^[0-9a-f]{512}$/);

export const SealedLinkSchema = object({
  /** The companion's one-off public key for this seal. */
  key: LinkKeySchema,
  data: pattern(string(), /^(?:[0-9a-f]{2}){1,4096}$/),
  tag: pattern(string(), /^[0-9a-f]{64}$/),
});
export type SealedLink = Infer<typeof SealedLinkSchema>;
