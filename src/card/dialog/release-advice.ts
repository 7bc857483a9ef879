import { compareReleases } from '../../protocol/index.js';
import type { CompanionErrorCode } from '../companion-client.js';

/** The part of Plaid Balance to update, and the release to update it to. */
export interface UpdateAdvice {
  part: 'card' | 'companion';
  release: string;
}

/**
 * Refusals of a request as such. The card builds every request itself, so
 * from a companion of the same release they do not come; from another release
 * they mean the older of the two does not know what the newer one sends.
 */
const MISUNDERSTOOD: readonly CompanionErrorCode[] = ['invalid_request', 'unknown_action', 'unsupported_version'];

/**
 * What to update when the companion refused a request: the older part, to the
 * newer one's release. Null for any other error, for a companion whose release
 * is not known (it never answered the ping), and for one of the card's release.
 */
export function updateAdvice(
  code: CompanionErrorCode,
  cardRelease: string,
  companionRelease: string | null,
): UpdateAdvice | null {
  if (!MISUNDERSTOOD.includes(code) || companionRelease === null) return null;
  const order = compareReleases(cardRelease, companionRelease);
  if (order > 0) return { part: 'companion', release: cardRelease };
  if (order < 0) return { part: 'card', release: companionRelease };
  return null;
}
