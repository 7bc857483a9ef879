import type { HaApi, HaUser } from '../../../src/companion/ha/ha-client.js';

/** An HaApi that keeps what the companion wrote, for invariant checks without a websocket. */
export class RecordingHa implements HaApi {
  readonly states = new Map<string, { state: string; attributes: Record<string, unknown> }>();
  readonly notifications = new Map<string, Record<string, unknown>>();
  readonly serviceCalls: { domain: string; service: string; data: Record<string, unknown> }[] = [];
  readonly events: { type: string; data: Record<string, unknown> }[] = [];

  async fireEvent(eventType: string, data: Record<string, unknown>): Promise<void> {
    this.events.push({ type: eventType, data });
  }

  async callService(domain: string, service: string, data: Record<string, unknown>): Promise<void> {
    this.serviceCalls.push({ domain, service, data });
    if (domain === 'persistent_notification' && service === 'create')
      this.notifications.set(String(data.notification_id), data);
    if (domain === 'persistent_notification' && service === 'dismiss')
      this.notifications.delete(String(data.notification_id));
  }

  async listUsers(): Promise<HaUser[]> {
    return [];
  }

  async setState(entityId: string, state: string, attributes: Record<string, unknown>): Promise<void> {
    this.states.set(entityId, { state, attributes: structuredClone(attributes) });
  }

  async deleteState(entityId: string): Promise<boolean> {
    return this.states.delete(entityId);
  }

  /** REST-written states have no registry entry; nothing else writes here. */
  async hasRegistryEntry(): Promise<boolean> {
    return false;
  }

  /** Everything recorded, as text, for secret scans. */
  text(): string {
    return JSON.stringify({ states: [...this.states], services: this.serviceCalls, events: this.events });
  }
}
