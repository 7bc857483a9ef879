/**
 * The release of the card and the companion, one number for both: package.json's
 * `version`. The card's and the companion's builds keep only that key of the file
 * (rollup.config.mjs, scripts/build-companion.mjs), so nothing else of it ships.
 */
import packageJson from '../../package.json' with { type: 'json' };

export const RELEASE: string = packageJson.version;

/** Releases are `major.minor.patch`; a missing or odd part counts as 0. */
export function compareReleases(a: string, b: string): number {
  const parts = (r: string) => r.split('.').map((p) => Number.parseInt(p, 10) || 0);
  const [x, y] = [parts(a), parts(b)];
  for (let i = 0; i < 3; i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0);
  return 0;
}

/** The first companion release that takes the card's release in requests (`card_release`). */
export const CARD_RELEASE_SINCE = '0.2.0';

/**
 * The first release whose companion takes flow/start's `due_dates` and mode
 * `add_due_dates`, and whose card takes `due_dates` in the items/list answer:
 * the releases before it check both with superstruct's `object()` and `enums`,
 * which refuse what they do not know.
 */
export const DUE_DATES_SINCE = '0.3.0';

/** Whether a peer of `release` (null: unknown, or a card of 0.1.0 that sends none) knows payment due dates. */
export function knowsDueDates(release: string | null | undefined): boolean {
  return !!release && compareReleases(release, DUE_DATES_SINCE) >= 0;
}
