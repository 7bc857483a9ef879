// Bundles the companion into one file run by plain `node`. Under tsx the plaid
// SDK's 9.7 MB of commented source is compiled at every start (~1.6 s, ~280 MB
// RSS); bundled and minified it starts in well under a second in a third of
// the memory (docs/performance.md).
import { copyFile, readFile, rename } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
export const COMPANION_BUNDLE = fileURLToPath(new URL('../build/plaid-balance-companion.mjs', import.meta.url));
/**
 * The copy the add-on ships: the Supervisor builds the add-on's image from its
 * folder alone, so the bundle is committed there (as dist/ is for HACS);
 * test/addon/bundle-up-to-date.test.ts fails when it differs from a fresh build.
 */
export const ADDON_BUNDLE = fileURLToPath(
  new URL('../plaid-balance-companion/plaid-balance-companion.mjs', import.meta.url),
);

/**
 * Node flags the companion runs with (`npm run companion` passes the same).
 * V8's young generation may grow to 16 MB semi-spaces by default; for a
 * service that wakes once an hour that is ~15 MB of resident memory kept for
 * nothing, and 1 MB semi-spaces cost only more frequent, tiny scavenges.
 * Without V8's worker-thread pool, garbage collection and optimisation run on
 * the main thread: no cost for a process that is idle between polls, and
 * ~2 MB less resident memory (the threads' stacks and malloc arenas).
 */
export const COMPANION_NODE_FLAGS = ['--max-semi-space-size=1', '--v8-pool-size=0'];

/** src/protocol/release.ts reads package.json for its version: the bundle gets that key alone. */
const packageVersionOnly = {
  name: 'package-version-only',
  setup(build) {
    const path = fileURLToPath(new URL('../package.json', import.meta.url));
    build.onLoad({ filter: /package\.json$/ }, async (args) => {
      if (args.path !== path) return undefined;
      const { version } = JSON.parse(await readFile(path, 'utf8'));
      return { contents: JSON.stringify({ version }), loader: 'json' };
    });
  },
};

/** The esbuild options for a companion entry point; the benchmark builds its driver with the same. */
export const companionBuildOptions = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  minify: true,
  logLevel: 'error',
  absWorkingDir: ROOT,
  plugins: [packageVersionOnly],
  // plaid (through axios) is CommonJS and calls require().
  banner: {
    js:
      "import { createRequire as __createRequire } from 'node:module'; " +
      'const require = __createRequire(import.meta.url);',
  },
};

/** Builds next to the target and renames, so a process starting meanwhile never imports half a file. */
export async function buildCompanion(outfile = COMPANION_BUNDLE, entry = 'src/companion/main.ts') {
  const partial = `${outfile}.${process.pid}.partial`;
  // Loaded here, not at the top: the launcher imports this file on every start.
  const { build } = await import('esbuild');
  await build({ ...companionBuildOptions, entryPoints: [entry], outfile: partial });
  await rename(partial, outfile);
  return outfile;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(`built ${await buildCompanion()}`);
  await copyFile(COMPANION_BUNDLE, ADDON_BUNDLE);
  console.log(`copied to ${ADDON_BUNDLE}`);
}
