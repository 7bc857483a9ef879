/**
 * The add-on's container as the Supervisor runs it (supervisor/docker/app.py,
 * supervisor/apps/app.py), without Docker: the add-on's real start script as
 * a child process, with the image's `ENV` lines from its Dockerfile, the
 * variables the Supervisor adds (`SUPERVISOR_TOKEN`, `HASSIO_TOKEN`, `TZ`), a
 * temp dir standing in for `/data` and another for the container's `/tmp`.
 * Stopping is `docker stop`: SIGTERM, then SIGKILL after config.yaml's
 * `timeout` (default 10 s). stdout and stderr together are the add-on log.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const DEFAULT_STOP_TIMEOUT_S = 10;

export interface ImageDefinition {
  env: Record<string, string>;
  /** The HEALTHCHECK's command, run with `/bin/sh -c` (Dockerfile shell form). */
  healthcheck: string | null;
  /** COPY sources, relative to the build context. */
  copySources: string[];
}

/** The image's ENV, HEALTHCHECK and COPY sources, read from the Dockerfile the Supervisor would build. */
export function readImage(dockerfile: string): ImageDefinition {
  const lines = readFileSync(dockerfile, 'utf8').replace(/\\\n/g, ' ').split('\n');
  const env: Record<string, string> = {};
  let healthcheck: string | null = null;
  const copySources: string[] = [];
  for (const line of lines) {
    if (/^COPY\s/.test(line))
      copySources.push(
        ...line
          .trim()
          .split(/\s+/)
          .slice(1, -1)
          .filter((word) => !word.startsWith('--')),
      );
    const envLine = /^ENV\s+([A-Za-z_][A-Za-z0-9_]*)=(\S+)\s*$/.exec(line);
    if (envLine) env[envLine[1]!] = envLine[2]!;
    const check = /^HEALTHCHECK\s+(?:--\S+\s+)*CMD\s+(.+)$/.exec(line);
    if (check) healthcheck = check[1]!.trim();
  }
  return { env, healthcheck, copySources };
}

export interface ContainerOptions {
  addonDir: string;
  dataDir: string;
  /** Stands in for the container's /tmp: image ENV values under /tmp/ are moved here. */
  tmpDir: string;
  env: Record<string, string>;
  stopTimeoutS?: number;
}

export class AddonContainer {
  readonly log: string[] = [];
  readonly image: ImageDefinition;
  private child: ChildProcess | undefined;
  private exited: Promise<number | null> = Promise.resolve(null);
  private partial = '';

  constructor(private readonly options: ContainerOptions) {
    this.image = readImage(join(options.addonDir, 'Dockerfile'));
  }

  /** The container's environment: the image's, with /tmp moved, then what the Supervisor sets. */
  environment(): Record<string, string> {
    const env: Record<string, string> = { PATH: process.env.PATH ?? '/usr/bin:/bin' };
    for (const [key, value] of Object.entries(this.image.env)) {
      env[key] = value.startsWith('/tmp/') ? join(this.options.tmpDir, value.slice('/tmp/'.length)) : value;
    }
    return { ...env, ...this.options.env };
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  run(): void {
    const child = spawn(join(this.options.addonDir, 'run.sh'), [], {
      env: this.environment(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    const onData = (chunk: Buffer) => {
      const text = this.partial + chunk.toString('utf8');
      const lines = text.split('\n');
      this.partial = lines.pop() ?? '';
      this.log.push(...lines);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    this.exited = new Promise((resolve) =>
      child.on('close', (code) => {
        if (this.partial) this.log.push(this.partial);
        this.partial = '';
        resolve(code);
      }),
    );
  }

  /** Resolves with the exit code (null when it had to be killed). */
  wait(): Promise<number | null> {
    return this.exited;
  }

  /** `docker stop`: SIGTERM, SIGKILL after the timeout. Resolves with the exit code (null: killed). */
  async stop(): Promise<number | null> {
    const child = this.child;
    if (!child || !this.running) return this.exited;
    child.kill('SIGTERM');
    const timeoutMs = (this.options.stopTimeoutS ?? DEFAULT_STOP_TIMEOUT_S) * 1000;
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Runs the image's HEALTHCHECK command in the container's environment: 0 healthy, else unhealthy. */
  healthcheck(): Promise<number | null> {
    const command = this.image.healthcheck;
    if (!command) return Promise.reject(new Error('the Dockerfile has no HEALTHCHECK'));
    return new Promise((resolve, reject) => {
      const check = spawn('/bin/sh', ['-c', command], { env: this.environment(), stdio: 'ignore' });
      check.on('error', reject);
      check.on('close', (code) => resolve(code));
    });
  }
}
