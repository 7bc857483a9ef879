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
