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

/** Resolves with the sensors the companion wrote for the new Item. */
export async function linkBank(ha: HaSim, institutionId: string): Promise<string[]> {
  const card = await CardOverHaws.connect(ha.url, ha.adminToken);
  try {
    const start = await card.ok('flow/start', { mode: 'link' }, TIMEOUT_MS);
    await completeHostedLink(card.hostedLinkUrl(start.step), { institutionId });
    const form = await card.step(start.flow_id, 'form', TIMEOUT_MS);
    const accounts = form.data.accounts.map((a) => ({ account_id: a.account_id, kinds: a.suggested_kinds }));
    const done = await card.ok('flow/configure', { flow_id: start.flow_id, user_input: { accounts } }, TIMEOUT_MS);
    const entry =
      done.step.type === 'create_entry' ? done.step : await card.step(start.flow_id, 'create_entry', TIMEOUT_MS);
    const items = await card.ok('items/list', {}, TIMEOUT_MS);
    const entities = items.items.find((i) => i.item_id === entry.result.item_id)?.entities ?? [];
    await waitForSensors(ha, entities);
    return entities;
  } finally {
    card.close();
  }
}

async function waitForSensors(ha: HaSim, entities: readonly string[]): Promise<void> {
  const deadline = Date.now() + TIMEOUT_MS;
  while (!entities.every((id) => ha.states.has(id))) {
    if (Date.now() > deadline) throw new Error('link-bank: timed out waiting for the new sensors in HA');
    await new Promise((r) => setTimeout(r, 20));
  }
}
