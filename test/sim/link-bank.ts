/**
 * Links a bank through the real companion flow without a browser, for
 * `npm run demo -- --linked`: a home-assistant-js-websocket connection as the
 * HA admin plays the card (fire_event plaid_balance_request, the flow events),
 * and the Hosted Link page is completed over HTTP as bench/companion-bench.ts
 * does, keeping every offered account with the balances the companion suggests.
 */
import type { HassEvent } from 'home-assistant-js-websocket';
import { FLOW_EVENT, REQUEST_EVENT, RESPONSE_EVENT, newId, type Action, type FlowEvent, type FlowStep } from '../../src/protocol/index.js';
import { connectHaws } from './ha/haws-node-socket.js';
import type { HaSim } from './ha/server.js';
import { CardLinkKey } from './card-link-key.js';

const TIMEOUT_MS = 20_000;

async function until<T>(what: string, check: () => T | undefined): Promise<T> {
  const deadline = Date.now() + TIMEOUT_MS;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`link-bank: timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function completeHostedLink(url: string, institutionId: string): Promise<void> {
  const post = async (path: string, fields: [string, string][]) => {
    const res = await fetch(url + path, { method: 'POST', body: new URLSearchParams(fields), redirect: 'manual' });
    await res.arrayBuffer();
    if (res.status >= 400) throw new Error(`Hosted Link ${path}: HTTP ${res.status}`);
  };
  await (await fetch(url)).arrayBuffer();
  await post('/institution', [['institution_id', institutionId]]);
  await post('/credentials', [['username', 'user_good'], ['password', 'pass_good']]);
  const html = await (await fetch(url)).text();
  const offered = [...html.matchAll(/name="account_id" value="([^"]+)"/g)].map((m) => m[1]!);
  await post('/accounts', offered.map((id) => ['account_id', id]));
}

/** Resolves with the sensors the companion wrote for the new Item. */
export async function linkBank(ha: HaSim, institutionId: string): Promise<string[]> {
  const conn = await connectHaws(ha.url, ha.adminToken);
  try {
    const responses = new Map<string, { ok: boolean; result?: unknown; error?: { code: string; message: string } }>();
    const flowEvents: FlowEvent[] = [];
    await conn.subscribeEvents<HassEvent>((e) => {
      const d = e.data as { id: string; ok: boolean };
      responses.set(d.id, d);
    }, RESPONSE_EVENT);
    await conn.subscribeEvents<HassEvent>((e) => flowEvents.push(e.data as FlowEvent), FLOW_EVENT);
    const linkKey = new CardLinkKey();
    const request = async <T>(action: Action, args: Record<string, unknown> = {}): Promise<T> => {
      const id = newId();
      await conn.sendMessagePromise({ type: 'fire_event', event_type: REQUEST_EVENT, event_data: { v: 1, id, action, ...linkKey.args(action, args) } });
      const res = await until(`the answer to ${action}`, () => responses.get(id));
      if (!res.ok) throw new Error(`${action}: ${res.error?.code}: ${res.error?.message}`);
      return res.result as T;
    };
    const step = (flowId: string, type: FlowStep['type']) =>
      until(`flow step ${type}`, () => flowEvents.find((e) => e.flow_id === flowId && e.step.type === type)?.step);

    const start = await request<{ flow_id: string; step: FlowStep }>('flow/start', { mode: 'link' });
    if (start.step.type !== 'external') throw new Error(`flow/start gave ${start.step.type}`);
    await completeHostedLink(linkKey.url(start.step), institutionId);
    const form = await step(start.flow_id, 'form');
    if (form.type !== 'form') throw new Error('no accounts form');
    const accounts = form.data.accounts.map((a) => ({ account_id: a.account_id, kinds: a.suggested_kinds }));
    const done = await request<{ step: FlowStep }>('flow/configure', { flow_id: start.flow_id, user_input: { accounts } });
    const entry = done.step.type === 'create_entry' ? done.step : await step(start.flow_id, 'create_entry');
    if (entry.type !== 'create_entry') throw new Error('no create_entry');
    const items = await request<{ items: Array<{ item_id: string; entities: string[] }> }>('items/list');
    const entities = items.items.find((i) => i.item_id === entry.result.item_id)?.entities ?? [];
    await until('the new sensors in HA', () => (entities.every((id) => ha.states.has(id)) ? true : undefined));
    return entities;
  } finally {
    conn.close();
  }
}
