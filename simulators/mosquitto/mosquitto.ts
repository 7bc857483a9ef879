/**
 * Debian's real Mosquitto for tests and the demo: a generated config on a free
 * loopback port, a password file made with `mosquitto_passwd`, persistence in
 * a temporary directory (so retained messages survive `restart()`, as they do
 * on a real broker's disk), stopped and deleted by `stop()`.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, connect } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { stopChild } from '../demo/stop-child.js';

export const MOSQUITTO_BIN = '/usr/sbin/mosquitto';
const PASSWD_BIN = '/usr/bin/mosquitto_passwd';
const START_TIMEOUT_MS = 10_000;

export interface BrokerUser {
  username: string;
  password: string;
}

export interface MosquittoOptions {
  /** Accounts besides the generated `companion` and `homeassistant` ones. */
  users?: BrokerUser[];
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export class Mosquitto {
  /** Everything the broker printed (its log), for diagnosing a failed test. */
  readonly log: string[] = [];
  private child: ChildProcess | null = null;

  private constructor(
    readonly port: number,
    private readonly dir: string,
    /** The account the companion uses. */
    readonly companion: BrokerUser,
    /** The account HA's MQTT integration (the simulator) uses. */
    readonly homeassistant: BrokerUser,
  ) {}

  get url(): string {
    return `mqtt://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return this.child !== null;
  }

  static async start(options: MosquittoOptions = {}): Promise<Mosquitto> {
    if (!existsSync(MOSQUITTO_BIN)) throw new Error(`${MOSQUITTO_BIN} is missing: apt-get install mosquitto`);
    const dir = await mkdtemp(join(tmpdir(), 'plaid-balance-mosquitto-'));
    try {
      const user = (name: string): BrokerUser => ({ username: name, password: randomBytes(12).toString('base64url') });
      const companion = user('companion');
      const homeassistant = user('homeassistant');
      const passwd = join(dir, 'passwd');
      await writeFile(passwd, '', { mode: 0o600 });
      for (const u of [companion, homeassistant, ...(options.users ?? [])]) {
        const r = spawnSync(PASSWD_BIN, ['-b', passwd, u.username, u.password], { encoding: 'utf8' });
        if (r.status !== 0) throw new Error(`mosquitto_passwd failed: ${r.stderr}`);
      }
      const port = await freePort();
      await writeFile(
        join(dir, 'mosquitto.conf'),
        [
          `listener ${port} 127.0.0.1`,
          // Run as whoever started it: as root, Mosquitto would switch to the `mosquitto` user, which cannot read the
          // temp dir.
          `user ${userInfo().username}`,
          'allow_anonymous false',
          `password_file ${passwd}`,
          'persistence true',
          `persistence_location ${dir}/`,
          'log_dest stdout',
          'log_type error',
          'log_type warning',
          'log_type notice',
          'log_type information',
          '',
        ].join('\n'),
      );
      const broker = new Mosquitto(port, dir, companion, homeassistant);
      await broker.launch();
      return broker;
    } catch (err) {
      await rm(dir, { recursive: true, force: true });
      throw err;
    }
  }

  /** Changes an account's password in the password file; takes effect at the next `restart()`. */
  setPassword(username: string, password: string): void {
    const r = spawnSync(PASSWD_BIN, ['-b', join(this.dir, 'passwd'), username, password], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`mosquitto_passwd failed: ${r.stderr}`);
  }

  /** Stops the broker (it saves retained messages to disk) and starts it again on the same port. */
  async restart(options: { downMs?: number } = {}): Promise<void> {
    await this.halt();
    if (options.downMs) await new Promise((resolve) => setTimeout(resolve, options.downMs));
    await this.launch();
  }

  /** Stops the broker and deletes its directory. */
  async stop(): Promise<void> {
    await this.halt();
    await rm(this.dir, { recursive: true, force: true });
  }

  /** Stops the broker but keeps its directory, for `restart()` later. */
  async halt(): Promise<void> {
    if (this.child) await stopChild(this.child);
  }

  async launch(): Promise<void> {
    if (this.child) return;
    const child = spawn(MOSQUITTO_BIN, ['-c', join(this.dir, 'mosquitto.conf')], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    const collect = (chunk: Buffer) => this.log.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    child.stdout!.on('data', collect);
    child.stderr!.on('data', collect);
    child.once('exit', () => {
      if (this.child === child) this.child = null;
    });
    const deadline = Date.now() + START_TIMEOUT_MS;
    while (!(await accepts(this.port))) {
      if (!this.child) throw new Error(`mosquitto exited at start:\n${this.log.slice(-10).join('\n')}`);
      if (Date.now() > deadline)
        throw new Error(`mosquitto did not listen on ${this.port} within ${START_TIMEOUT_MS} ms`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}
