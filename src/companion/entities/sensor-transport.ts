import { RELEASE, slugify } from '../../protocol/index.js';
import type { Clock } from '../poll/clock.js';
import type { ServiceConfig } from '../config/config.js';
import type { EntitySink } from './entity-sink.js';
import { ConfigError } from '../errors.js';
import type { HaApi } from '../ha/ha-client.js';
import type { Logger } from '../logger.js';
import { MqttEntities } from './mqtt/mqtt-entities.js';
import { MqttLink, type MqttSettings } from './mqtt/mqtt-link.js';
import { RestEntities } from './rest-entities.js';
import { fetchSupervisorMqtt, supervisorUrlFor } from '../config/supervisor-mqtt.js';
import type { StoredItem } from '../store/token-store.js';
import type { TransactionsSettings } from './transaction-states.js';

/**
 * Which broker, if any: SENSOR_TRANSPORT=rest → none; MQTT_URL → that one;
 * as an add-on → the one the Supervisor offers. `auto` falls back to REST;
 * `mqtt` without a broker is a configuration error.
 */
export async function resolveMqtt(config: ServiceConfig, log: Logger): Promise<MqttSettings | null> {
  if (config.sensorTransport === 'rest') return null;
  if (config.mqttUrl) return { url: config.mqttUrl, username: config.mqttUsername, password: config.mqttPassword };
  let why = 'MQTT_URL is not set';
  if (config.supervisorToken) {
    const offered = await fetchSupervisorMqtt(supervisorUrlFor(config.haUrl), config.supervisorToken);
    if ('settings' in offered) {
      log.info('using the MQTT broker the Supervisor offers', { url: offered.settings.url });
      return offered.settings;
    }
    why = offered.reason;
  }
  if (config.sensorTransport === 'mqtt')
    throw new ConfigError(
      'MQTT_URL',
      `SENSOR_TRANSPORT is mqtt but ${why}: set MQTT_URL to the broker, e.g. mqtt://192.168.1.10:1883`,
    );
  log.info('writing sensors over REST (no MQTT broker configured)', { reason: why });
  return null;
}

export interface SinkDeps {
  config: ServiceConfig;
  ha: Pick<HaApi, 'setState' | 'deleteState'>;
  installationId: string;
  items: () => readonly StoredItem[];
  onRefresh: (itemId: string) => void;
  /** MQTT publishing waits for this (the REST → MQTT migration). */
  ready: Promise<void>;
  log: Logger;
  clock: Clock;
  /** The one-shot CLI commands connect with their own client id, so they never kick out a service. */
  role?: 'service' | 'cli';
  /** Whether transaction entities are on, and HA's time zone; the CLI leaves them as they are. */
  transactions?: TransactionsSettings;
  /** MQTT: HA's MQTT integration announced itself (`online`) or its will (`offline`). */
  onHaStatus?: (online: boolean) => void;
}

/**
 * The entity sink for this configuration, and the broker link where there is
 * one (transaction events are published on it); throws ConfigError when the
 * broker refuses the credentials.
 */
export async function openEntitySink(
  deps: SinkDeps,
): Promise<{ sink: EntitySink; mqtt: boolean; link: MqttLink | null }> {
  const settings = await resolveMqtt(deps.config, deps.log);
  if (!settings) {
    const transactions = deps.transactions && { ...deps.transactions, items: deps.items };
    return { sink: new RestEntities(deps.ha, deps.log, transactions), mqtt: false, link: null };
  }
  if (settings.password) deps.log.addSecret(settings.password);
  const clientId = `plaid-balance-${slugify(deps.installationId).slice(0, 16)}${deps.role === 'cli' ? '-cli' : ''}`;
  const link = await MqttLink.connect(settings, clientId, deps.log, deps.clock);
  const sink = new MqttEntities({
    link,
    context: {
      prefix: deps.config.mqttDiscoveryPrefix,
      installationId: deps.installationId,
      version: RELEASE,
    },
    items: deps.items,
    onRefresh: deps.onRefresh,
    ready: deps.ready,
    transactions: deps.transactions,
    onHaStatus: deps.onHaStatus,
    log: deps.log,
  });
  return { sink, mqtt: true, link };
}
