/**
 * Links a bank through the real companion flow without a browser, for
 * `npm run demo -- --linked`: a home-assistant-js-websocket connection as the
 * HA admin plays the card (fire_event plaid_balance_request, the flow events),
 * and the Hosted Link page is completed over HTTP (plaid/hosted-link-user.ts),
 * keeping every offered account with the balances the companion suggests.
 */
import type { HaSim } from '../ha/ha-server.js';
import { CardOverHaws } from './card-over-haws.js';
import { completeHostedLink } from '../plaid/hosted-link-user.js';

const TIMEOUT_MS = 20_000;
/** A due's first sensor, `sensor.plaid_<bank>_<mask>_payment_due` (src/protocol/due-attributes.ts). */
const DUE_DATE_SENSOR = /^sensor\.plaid_\w+_payment_due$/;

export interface LinkBankOptions {
  /** Runs once Plaid has the Item and before the accounts are chosen: before the companion reads its dues. */
  beforeChoosing?: (itemId: string) => void | Promise<void>;
  /**
   * A bank linked with Liabilities: also waits for its due sensors, which the
   * companion writes once its first read of them, right after the link, is in.
   */
  dueDates?: boolean;
}

/** Resolves with the sensors the companion wrote for the new Item. */
export async function linkBank(ha: HaSim, institutionId: string, options: LinkBankOptions = {}): Promise<string[]> {
  const card = await CardOverHaws.connect(ha.url, ha.adminToken);
  try {
    const start = await card.ok('flow/start', { mode: 'link' }, TIMEOUT_MS);
    await completeHostedLink(card.hostedLinkUrl(start.step), { institutionId });
    const form = await card.step(start.flow_id, 'form', TIMEOUT_MS);
    await options.beforeChoosing?.(form.data.item_id);
    const accounts = form.data.accounts.map((a) => ({ account_id: a.account_id, kinds: a.suggested_kinds }));
    const done = await card.ok('flow/configure', { flow_id: start.flow_id, user_input: { accounts } }, TIMEOUT_MS);
    const entry =
      done.step.type === 'create_entry' ? done.step : await card.step(start.flow_id, 'create_entry', TIMEOUT_MS);
    const deadline = Date.now() + TIMEOUT_MS;
    for (;;) {
      const items = await card.ok('items/list', {}, TIMEOUT_MS);
      const entities = items.items.find((i) => i.item_id === entry.result.item_id)?.entities ?? [];
      if (!options.dueDates || entities.some((id) => DUE_DATE_SENSOR.test(id))) {
        await waitForSensors(ha, entities, deadline, options.dueDates === true);
        return entities;
      }
      if (Date.now() > deadline) throw new Error('link-bank: timed out waiting for the due dates of the new bank');
      await new Promise((r) => setTimeout(r, 50));
    }
  } finally {
    card.close();
  }
}

/** Each sensor in HA; with `dueDates`, each due date with its date (over MQTT the state follows the entity). */
async function waitForSensors(
  ha: HaSim,
  entities: readonly string[],
  deadline: number,
  dueDates: boolean,
): Promise<void> {
  const written = (id: string) => {
    const state = ha.states.get(id)?.state;
    return state !== undefined && (!dueDates || !DUE_DATE_SENSOR.test(id) || /^\d{4}-\d{2}-\d{2}$/.test(state));
  };
  while (!entities.every(written)) {
    if (Date.now() > deadline) throw new Error('link-bank: timed out waiting for the new sensors in HA');
    await new Promise((r) => setTimeout(r, 20));
  }
}
