// Debian's Chromium, as `.ci/run` installs it (no browser is downloaded), with
// the flags every headless run here uses: root in a container needs
// --no-sandbox, and the background services only add noise to tests and timings.
export const CHROMIUM_PATH = '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
