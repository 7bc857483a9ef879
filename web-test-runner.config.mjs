import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './scripts/chromium.mjs';

/** `executeServerCommand('screenshot', {name})` from a test saves the page as test-output/card/<name>.png. */
function screenshotPlugin() {
  return {
    name: 'screenshot',
    async executeCommand({ command, payload, session }) {
      if (command !== 'screenshot') return undefined;
      const { name, clip } = payload;
      if (!/^[a-z0-9-]+$/.test(name)) throw new Error(`bad screenshot name ${name}`);
      const page = session.browser.getPage(session.id);
      const file = join('test-output', 'card', `${name}.png`);
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, await page.screenshot(clip ? { clip } : { fullPage: false }));
      return true;
    },
  };
}

/** Puts an import of test/card/fixtures/readable-failures.ts (why: its header) first in every browser test file. */
function readableFailuresPlugin() {
  return {
    name: 'readable-failures',
    transform(context) {
      if (!context.path.endsWith('.browser.test.ts')) return undefined;
      return { body: `import '/test/card/fixtures/readable-failures.ts';\n${context.body}` };
    },
  };
}

export default {
  files: ['test/**/*.browser.test.ts'],
  // Lit's production build, as in the bundle (and without its dev-mode console warning).
  nodeResolve: { exportConditions: ['production'] },
  // Screenshots of a background tab stall in headless Chromium, so one page at a time.
  concurrency: 1,
  // A stuck file fails by name after this instead of holding up the suite's closing line.
  testsFinishTimeout: 120_000,
  browserStartTimeout: 60_000,
  testFramework: { config: { timeout: 10000 } },
  browserLogs: true,
  filterBrowserLogs: ({ type }) => type === 'error' || type === 'warn',
  plugins: [
    readableFailuresPlugin(),
    // esbuild takes the file as raw text and does not follow `extends`: the base holds the options that matter here.
    esbuildPlugin({ ts: true, json: true, target: 'es2022', tsconfig: 'tsconfig.base.json' }),
    screenshotPlugin(),
  ],
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: CHROMIUM_PATH,
        headless: true,
        // Unhinted fonts: screenshots look the same from run to run.
        args: [...CHROMIUM_ARGS, '--font-render-hinting=none'],
      },
    }),
  ],
};
