import { ERR_INVALID_AUTH, createConnection, type Connection, type HassEvent } from 'home-assistant-js-websocket';
import { describeHaFailure } from '../../protocol/index.js';
import { backoffDelay } from '../poll/backoff.js';
import type { Clock, TimerHandle } from '../poll/clock.js';
import { ConfigError, HaOfflineError, HaRequestError } from '../errors.js';
import { socketFactory, websocketUrl } from './ha-socket.js';
import type { Logger } from '../logger.js';

export interface HaConnectionOptions {
  url: string;
  token: string;
  log: Logger;
  clock: Clock;
  /** First-connection retry policy; HAWS handles drops once connected. */
  retry?: { baseMs: number; maxMs: number };
  /**
   * How long to wait before trying a token HA refused while running (default 8 h):
   * each try is a failed login in HA's ban counter (http/ban.py), so with
   * `login_attempts_threshold: 5` the detection and the day's tries stay at 4.
   */
  refusedTokenRetryMs?: number;
  /**
   * HA_TOKEN is unusable at start (refused, or not an administrator's): one
   * line naming it. Called at most once; the client stops trying.
   */
  onTokenUnusable?: (error: ConfigError) => void;
}

export const REFUSED_TOKEN_RETRY_MS = 8 * 60 * 60_000;

const TOKEN_FIX =
  'create a long-lived access token of a Home Assistant administrator (Profile → Security) and set HA_TOKEN to it';

type EventCallback = (event: HassEvent) => void;

/**
 * The websocket to Home Assistant (home-assistant-js-websocket) and what its
 * token may do. Connects forever while HA is unreachable: HAWS
 * reconnects after a drop, but only once it has been connected, so the first
 * connection goes through this class's own retry loop.
 *
 * A refused token is different: every refusal is a failed login that HA
 * counts towards an IP ban (http/ban.py). At start, one refusal (or a
 * non-admin's token) ends it through `onTokenUnusable`. Later (the token was
 * deleted while running), the connection logs it once, stops all traffic to HA,
 * and tries the token again only every `refusedTokenRetryMs`.
 */
export class HaConnection {
  private conn: Connection | undefined;
  private closed = false;
  private started = false;
  private everConnected = false;
  /** Set while HA refuses the token; the message that was logged. */
  private tokenRefused: string | undefined;
  private retryTimer: TimerHandle | undefined;
  private wakeRetry: (() => void) | undefined;
  private readonly subscriptions: { eventType: string; callback: EventCallback }[] = [];
  private readonly readyListeners: (() => void)[] = [];
  private readonly disconnectedListeners: (() => void)[] = [];

  constructor(private readonly options: HaConnectionOptions) {}

  get connected(): boolean {
    return this.conn?.connected ?? false;
  }

  /** Whether `start()` was called: from then on, writes wait for the websocket. */
  get isStarted(): boolean {
    return this.started;
  }

  /** HA refuses the token: nothing may be sent to it (each try is a failed login). */
  get refusesToken(): boolean {
    return this.tokenRefused !== undefined;
  }

  /** The websocket while it is connected. */
  get live(): Connection | undefined {
    return this.conn?.connected ? this.conn : undefined;
  }

  /** Starts connecting in the background; `onReady` listeners run on every (re)connect. */
  start(): void {
    this.started = true;
    void this.connectLoop();
  }

  onReady(listener: () => void): void {
    this.readyListeners.push(listener);
  }

  /** Runs whenever an established connection drops (HAWS then reconnects by itself). */
  onDisconnected(listener: () => void): void {
    this.disconnectedListeners.push(listener);
  }

  /** Subscribes now (if connected) and again on every reconnect. */
  subscribe(eventType: string, callback: EventCallback): void {
    this.subscriptions.push({ eventType, callback });
    const conn = this.live;
    if (conn) void this.subscribeOne(conn, eventType, callback);
  }

  close(): void {
    this.closed = true;
    if (this.retryTimer) this.options.clock.clearTimeout(this.retryTimer);
    this.wakeRetry?.();
    this.conn?.close();
    this.conn = undefined;
  }

  private async connectLoop(): Promise<void> {
    const { log } = this.options;
    const retry = this.options.retry ?? { baseMs: 1000, maxMs: 30_000 };
    for (let attempt = 1; !this.closed; attempt++) {
      let conn: Connection;
      try {
        conn = await createConnection({
          createSocket: socketFactory(websocketUrl(this.options.url), this.options.token),
        });
      } catch (err) {
        if (err === ERR_INVALID_AUTH) return this.onTokenRefused('the websocket answered auth_invalid');
        const delay = backoffDelay(attempt, retry);
        // Loud on the first failure, then quiet: a long HA outage must not flood the log.
        (attempt === 1 ? log.warn : log.debug)('Home Assistant not available (cannot connect); retrying', {
          url: this.options.url,
          retry_in_ms: delay,
        });
        await this.sleep(delay);
        continue;
      }
      if (this.closed) {
        conn.close();
        return;
      }
      if (!this.everConnected && !(await this.tokenIsAdmins(conn))) return;
      this.everConnected = true;
      if (this.tokenRefused !== undefined) log.info('Home Assistant accepts HA_TOKEN again; writing to it again');
      this.tokenRefused = undefined;
      this.conn = conn;
      conn.addEventListener('ready', () => this.handleReady(conn));
      conn.addEventListener('disconnected', () => {
        log.warn('lost the connection to Home Assistant; reconnecting');
        for (const listener of this.disconnectedListeners) listener();
      });
      // HAWS got auth_invalid on a reconnect and gave up: the token was deleted while running.
      conn.addEventListener('reconnect-error', () => {
        conn.close();
        if (this.conn === conn) this.conn = undefined;
        void this.onTokenRefused('the websocket answered auth_invalid on reconnect');
      });
      // HAWS fired the first "ready" inside createConnection, before we could listen.
      this.handleReady(conn);
      return;
    }
  }

  /** At start, the token must be an administrator's: only they may write states and hear the card. */
  private async tokenIsAdmins(conn: Connection): Promise<boolean> {
    let user: { name?: string; is_admin?: boolean };
    try {
      user = await conn.sendMessagePromise<{ name?: string; is_admin?: boolean }>({ type: 'auth/current_user' });
    } catch {
      // Undecided (HA went away mid-answer): go on; the REST writes will tell.
      return true;
    }
    if (user.is_admin) return true;
    conn.close();
    this.fatal(
      new ConfigError(
        'HA_TOKEN',
        `HA_TOKEN belongs to ${JSON.stringify(user.name ?? 'a user')}, who is not a Home Assistant ` +
          `administrator; ${TOKEN_FIX}`,
      ),
    );
    return false;
  }

  /** HA refused the token (over the websocket, or a 401 over REST). */
  async onTokenRefused(why: string): Promise<void> {
    if (this.closed) return;
    if (!this.everConnected) {
      this.fatal(
        new ConfigError(
          'HA_TOKEN',
          `Home Assistant at ${this.options.url} refused HA_TOKEN (${why}): the token is wrong, expired or was ` +
            `deleted; ${TOKEN_FIX}`,
        ),
      );
      return;
    }
    const retryMs = this.options.refusedTokenRetryMs ?? REFUSED_TOKEN_RETRY_MS;
    if (this.tokenRefused === undefined) {
      this.tokenRefused = why;
      this.conn?.close();
      this.conn = undefined;
      // Once: the next tries are silent until one succeeds.
      this.options.log.error(
        `Home Assistant no longer accepts HA_TOKEN (${why}; deleted or expired?). Not writing to Home ` +
          `Assistant; trying the token again every ${Math.round(retryMs / 60_000)} min. Set a new HA_TOKEN and ` +
          `restart to resume now`,
        { url: this.options.url },
      );
    }
    await this.sleep(retryMs);
    if (!this.closed) void this.connectLoop();
  }

  private fatal(error: ConfigError): void {
    this.closed = true;
    this.options.onTokenUnusable?.(error);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      this.wakeRetry = resolve;
      this.retryTimer = this.options.clock.setTimeout(resolve, ms);
    });
  }

  private handleReady(conn: Connection): void {
    this.options.log.info('connected to Home Assistant', { url: this.options.url, ha_version: conn.haVersion });
    for (const { eventType, callback } of this.subscriptions) void this.subscribeOne(conn, eventType, callback);
    for (const listener of this.readyListeners) listener();
  }

  private async subscribeOne(conn: Connection, eventType: string, callback: EventCallback): Promise<void> {
    try {
      // resubscribe: false — handleReady subscribes again on every reconnect, so HAWS must not too.
      await conn.subscribeMessage<HassEvent>(
        (event) => {
          try {
            callback(event);
          } catch (err) {
            // One bad event must never end the subscription.
            this.options.log.error('event handler failed', { event_type: eventType, error: err });
          }
        },
        { type: 'subscribe_events', event_type: eventType },
        { resubscribe: false },
      );
      this.options.log.debug('subscribed', { event_type: eventType });
    } catch (err) {
      this.options.log.warn('subscribing to an HA event failed; will retry on reconnect', {
        event_type: eventType,
        error: describeHaFailure(err),
      });
    }
  }

  /** One websocket command; HaOfflineError while not connected. */
  async command<T>(message: { type: string; [key: string]: unknown }): Promise<T> {
    const conn = this.conn;
    if (!conn || !conn.connected) throw new HaOfflineError(`not connected to Home Assistant (${message.type})`);
    try {
      return await conn.sendMessagePromise<T>(message);
    } catch (err) {
      throw new HaRequestError(`${message.type} failed: ${describeHaFailure(err)}`);
    }
  }
}
