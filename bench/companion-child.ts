/**
 * Runs in a child process (`node --import tsx`): the companion app as
 * `npm run companion` assembles it, configured from the environment the same
 * way (loadConfig, so the DEFAULT poll interval), but on simulated time. The
 * parent drives it over IPC: {advance: ms} → {advanced, fired}; {rss} →
 * process.memoryUsage() of this process; {heap} → the heap in use after two
 * full garbage collections (what is really kept, for the leak check).
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { startApp } from '../src/companion/app.js';
import { loadConfig } from '../src/companion/config/load-config.js';
import { createLogger } from '../src/companion/logger.js';
import { SimClock } from './sim-clock.js';

type Msg = { advance: number } | { rss: true } | { heap: true } | { stop: true };

/**
 * Real time a fired timer gets to re-arm: a poll that syncs transactions on a loaded machine takes longer
 * than the clock's default, and a poll re-armed after the clock moved on would skip polls.
 */
const QUIET_MS = 10_000;
const send = (m: unknown) => process.send!(m);
const clock = new SimClock();
const config = loadConfig({ flags: {}, env: process.env }, { require: ['ha', 'plaid'] });
let warnings = 0;
const log = createLogger({ level: 'warn', write: () => void warnings++ });
const app = await startApp({ config, log, clock });
send({ started: true, pollIntervalMs: config.pollIntervalMs });

process.on('message', (m: Msg) => {
  void (async () => {
    if ('advance' in m) {
      const fired = await clock.advanceTo(clock.now() + m.advance, QUIET_MS);
      send({ advanced: true, fired, now: clock.now() });
    } else if ('rss' in m) {
      send({ memory: process.memoryUsage(), warnings });
    } else if ('heap' in m) {
      // Exposed only now, so the RSS figure is taken with the flags the add-on runs with.
      setFlagsFromString('--expose-gc');
      const gc = runInNewContext('gc') as () => void;
      gc();
      gc();
      send({ heapUsed: process.memoryUsage().heapUsed });
    } else {
      await app.close();
      send({ stopped: true });
      process.exit(0);
    }
  })();
});
