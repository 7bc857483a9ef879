import { boolean, literal, number, optional, string, type, validate } from 'superstruct';
import type { MqttSettings } from '../entities/mqtt/mqtt-link.js';

/**
 * The Supervisor's answer to `GET /services/mqtt` (supervisor/api/services.py
 * `get_service` wrapped by `api_process`; fields from
 * services/modules/mqtt.py SCHEMA_SERVICE_MQTT plus the providing add-on).
 * Extra keys (`addon`, `app`, `protocol`) are allowed.
 */
const MqttServiceAnswer = type({
  result: literal('ok'),
  data: type({
    host: string(),
    port: number(),
    ssl: optional(boolean()),
    username: optional(string()),
    password: optional(string()),
  }),
});

/** Where the Supervisor answers: `http://supervisor`, or beside a simulated `…/core` HA_URL. */
export function supervisorUrlFor(haUrl: string): string {
  return haUrl.endsWith('/core') ? haUrl.slice(0, -'/core'.length) : 'http://supervisor';
}

/**
 * The broker the Supervisor offers (the Mosquitto add-on registers it), or
 * why not: the add-on must declare `services: [mqtt:want]`, and the service
 * answers `Service not enabled` while no broker add-on provides it.
 */
export async function fetchSupervisorMqtt(
  supervisorUrl: string,
  token: string,
): Promise<{ settings: MqttSettings } | { reason: string }> {
  let res: Response;
  try {
    res = await fetch(`${supervisorUrl}/services/mqtt`, {
      headers: { Authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(10_000),
    });
  } catch (err) {
    return { reason: `the Supervisor is not reachable (${(err as Error).message})` };
  }
  const body: unknown = await res.json().catch(() => null);
  const [error, answer] = validate(body, MqttServiceAnswer);
  if (error) {
    const message =
      typeof body === 'object' && body && 'message' in body
        ? String((body as { message: unknown }).message)
        : `HTTP ${res.status}`;
    return { reason: `the Supervisor has no MQTT service for this add-on (${message})` };
  }
  const { host, port, ssl, username, password } = answer.data;
  return {
    settings: {
      url: `${ssl ? 'mqtts' : 'mqtt'}://${host.includes(':') ? `[${host}]` : host}:${port}`,
      username: username ?? null,
      password: password ?? null,
    },
  };
}
