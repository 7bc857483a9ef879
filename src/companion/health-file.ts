/**
 * A file that exists exactly while the companion is connected to Home
 * Assistant (`HEALTH_FILE`), so a container's HEALTHCHECK can ask with
 * `test -e` instead of a second process holding the HA token. Removed on
 * disconnect and on stop; a crash leaves it behind only inside a container
 * that is going away with the process.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Logger } from './logger.js';

export class HealthFile {
  constructor(
    private readonly path: string | null,
    private readonly log: Logger,
  ) {}

  connected(): void {
    if (!this.path) return;
    try {
      mkdirSync(dirname(this.path), { recursive: true });
      writeFileSync(this.path, `${process.pid}\n`);
    } catch (err) {
      // The health check then reports unhealthy, which is the honest answer to a file we cannot write.
      this.log.warn('cannot write HEALTH_FILE', { path: this.path, error: err });
    }
  }

  disconnected(): void {
    if (this.path) rmSync(this.path, { force: true });
  }
}
