// `npm run companion -- <args>`: runs the bundled companion, rebuilding the
// bundle first when the sources are newer (a fresh clone, a git pull).
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { COMPANION_BUNDLE } from './build-companion.mjs';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

function newestSource() {
  const files = ['src/companion', 'src/protocol'].flatMap((dir) =>
    readdirSync(join(ROOT, dir), { recursive: true }).map((f) => join(ROOT, dir, String(f))),
  );
  files.push(join(ROOT, 'package-lock.json'));
  return Math.max(...files.map((f) => statSync(f).mtimeMs));
}

function bundleTime() {
  try {
    return statSync(COMPANION_BUNDLE).mtimeMs;
  } catch {
    return 0;
  }
}

if (bundleTime() < newestSource()) {
  const { buildCompanion } = await import('./build-companion.mjs');
  await buildCompanion();
}
await import(pathToFileURL(COMPANION_BUNDLE).href);
