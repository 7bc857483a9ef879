import mqtt, { type MqttClient } from 'mqtt';
import { backoffDelay } from '../../poll/backoff.js';
import type { Clock, TimerHandle } from '../../poll/clock.js';
import { ConfigError } from '../../errors.js';
import type { Logger } from '../../logger.js';
import type { RetainedMessage } from './discovery.js';
import { OFFLINE, ONLINE, STATUS_TOPIC } from './topics.js';

export interface MqttSettings {
  url: string;
  username: string | null;
  password: string | null;
}

/**
 * Short enough that entities turn unavailable within ~15 s of the companion
 * dying (the broker sends the last will after 1.5 × keepalive), long enough
 * to be no traffic worth counting.
 */
export const KEEPALIVE_S = 10;
const RECONNECT = { baseMs: 1000, maxMs: 60_000 };
/** CONNACK return codes (3.1.1) / reason codes (5) that mean the credentials were refused. */
const REFUSED_CODES = new Set([4, 5, 134, 135]);

type MessageListener = (topic: string, payload: Buffer) => void;

/**
 * The companion's connection to the broker: MQTT.js with a last will
 * (`plaid_balance/status` = offline, retained), `online` once connected, and
 * our own reconnect loop with exponential backoff (MQTT.js only knows a fixed
 * period). Publishing while disconnected is dropped: every (re)connect
 * publishes everything again.
 */
export class MqttLink {
  private readonly connectListeners: (() => void)[] = [];
  private readonly messageListeners: MessageListener[] = [];
  private failures = 0;
  private retryTimer: TimerHandle | undefined;
  private closed = false;

  /** Until the first answer, connect() reports the outcome itself. */
  private started = false;

  private constructor(
    private readonly client: MqttClient,
    url: string,
    private readonly log: Logger,
    private readonly clock: Clock,
  ) {
    client.on('connect', () => {
      this.failures = 0;
      log.info('connected to the MQTT broker', { url });
      client.publish(STATUS_TOPIC, ONLINE, { qos: 1, retain: true });
      for (const listener of this.connectListeners) listener();
    });
    client.on('message', (topic, payload) => {
      for (const listener of this.messageListeners) listener(topic, payload);
    });
    client.on('error', (err) => {
      if (!this.started) return;
      // Later refusals (a password changed on the broker) are retried with backoff, not fatal.
      const refused = REFUSED_CODES.has((err as { code?: number }).code ?? -1);
      log.warn(
        refused
          ? 'the MQTT broker refused MQTT_USERNAME / MQTT_PASSWORD; retrying'
          : 'MQTT connection failed; retrying',
        { url, error: err.message },
      );
    });
    client.on('close', () => {
      if (this.started) this.scheduleReconnect();
    });
  }

  /**
   * Connects and resolves after the broker's first answer. Refused
   * credentials at start are the user's mistake: a ConfigError naming
   * MQTT_PASSWORD (exit 2). An unreachable broker is not: the link keeps
   * trying in the background.
   */
  static async connect(settings: MqttSettings, clientId: string, log: Logger, clock: Clock): Promise<MqttLink> {
    const client = mqtt.connect(settings.url, {
      clientId,
      username: settings.username ?? undefined,
      password: settings.password ?? undefined,
      keepalive: KEEPALIVE_S,
      reconnectPeriod: 0,
      connectTimeout: 10_000,
      clean: true,
      will: { topic: STATUS_TOPIC, payload: Buffer.from(OFFLINE), qos: 1, retain: true },
    });
    const link = new MqttLink(client, settings.url, log, clock);
    const failure = await new Promise<Error | null>((resolve) => {
      client.once('connect', () => resolve(null));
      client.once('error', resolve);
      client.once('close', () => resolve(new Error('connection closed')));
    });
    if (failure && REFUSED_CODES.has((failure as { code?: number }).code ?? -1)) {
      client.end(true);
      throw new ConfigError(
        'MQTT_PASSWORD',
        `MQTT_PASSWORD (with MQTT_USERNAME) was refused by the broker at ${settings.url}: set the user name ` +
          `and password of a broker account`,
      );
    }
    link.started = true;
    if (failure) {
      log.warn('MQTT broker not reachable; retrying', { url: settings.url, error: failure.message });
      link.scheduleReconnect();
    }
    return link;
  }

  get connected(): boolean {
    return this.client.connected;
  }

  /** Runs after every (re)connect: subscriptions and retained messages are (re)made there. */
  onConnect(listener: () => void): void {
    this.connectListeners.push(listener);
    if (this.client.connected) listener();
  }

  onMessage(listener: MessageListener): void {
    this.messageListeners.push(listener);
  }

  subscribe(topics: string[]): void {
    if (this.client.connected) this.client.subscribe(topics, { qos: 1 });
  }

  publish(messages: readonly RetainedMessage[]): void {
    if (!this.client.connected) return;
    for (const m of messages) this.client.publish(m.topic, m.payload, { qos: 1, retain: true });
  }

  /**
   * One message that must not be retained (a transaction event: HA's event
   * entity ignores retained ones, and a retained event would fire again for
   * every new subscriber), at QoS 1: resolves once the broker has it.
   */
  publishOnce(topic: string, payload: string): Promise<void> {
    if (!this.client.connected) return Promise.reject(new Error('not connected to the MQTT broker'));
    return new Promise((resolve, reject) =>
      this.client.publish(topic, payload, { qos: 1, retain: false }, (err) => (err ? reject(err) : resolve())),
    );
  }

  /** Says `offline` itself (a clean stop sends no last will) and disconnects. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.retryTimer) this.clock.clearTimeout(this.retryTimer);
    if (this.client.connected) {
      await new Promise<void>((resolve) =>
        this.client.publish(STATUS_TOPIC, OFFLINE, { qos: 1, retain: true }, () => resolve()),
      );
    }
    await this.client.endAsync();
  }

  private scheduleReconnect(): void {
    if (this.closed || this.retryTimer || this.client.connected) return;
    this.failures += 1;
    const delay = backoffDelay(this.failures, RECONNECT);
    this.log.debug('reconnecting to the MQTT broker', { in_ms: delay });
    this.retryTimer = this.clock.setTimeout(() => {
      this.retryTimer = undefined;
      if (!this.closed && !this.client.connected) this.client.reconnect();
    }, delay);
  }
}
