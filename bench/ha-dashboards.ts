/**
 * The house the HA-frontend bench opens: the HA simulator serving HA's real
 * prebuilt frontend and the committed dist/ at /local/, 50 balance sensors
 * (as the companion writes them) with 31 days of recorded balances compiled
 * into long-term statistics, each account's month sensors and recent
 * transactions, the credit cards' due sensors, 5 000 ordinary entities, and one storage-mode
 * dashboard whose views hold the cards being compared.
 */
import { cardFiles, putCardOnDashboard } from '../simulators/demo/card-dashboard.js';
import { linkedHistory } from '../simulators/demo/demo-history.js';
import { startHaSim, type HaSim } from '../simulators/ha/ha-server.js';
import type { JsonObject } from '../simulators/ha/schema.js';
import { attachStatistics, type SimStatistics } from '../simulators/ha/statistics.js';
import { balanceEntity, balanceSpecs, noiseEntity } from './page/fake-hass.js';
import { dueStates, utcDay } from '../test/card/fixtures/due-fixture.js';
import type { AccountSpec } from '../test/card/fixtures/hass-fixture.js';
import { incomeEntity, recentEntity, spendingEntity, tx } from '../test/card/fixtures/money-fixture.js';

export const ACCOUNTS = 50;
export const NOISE = Number(process.env.BENCH_NOISE ?? 5000);
const HISTORY_DAYS = 31;

/** The views, by path. `start` is where every timed opening starts from: a view with nothing to fetch. */
export const VIEWS = {
  start: 'start',
  card: 'card',
  haPair: 'ha-pair',
  haEntities: 'ha-entities',
  /** The card and HA's entities card side by side, for the unrelated-update figure. */
  side: 'side',
} as const;

/** A noise entity's id: the states the unrelated updates change. */
export const noiseId = (i: number) => noiseEntity(i).entity_id;

export interface BenchHouse {
  sim: HaSim;
  stats: SimStatistics;
  balanceIds: string[];
}

/** What the companion publishes beside a balance sensor: the month, the recent list and, for a card, the due. */
function moneyStates(a: ReturnType<typeof balanceEntity>['attributes'], n: number) {
  const spec: AccountSpec = {
    institution: a.institution_name,
    itemId: a.plaid_item_id,
    accountId: a.plaid_account_id,
    name: a.account_name,
    mask: a.mask,
    type: a.account_type,
    currency: a.unit_of_measurement ?? 'USD',
    current: null,
    available: null,
    kinds: ['current'],
  };
  const day = (d: number) => utcDay(-d);
  const recent = [
    tx(day(0), 'Corner Deli', 12.5),
    tx(day(1), 'Payroll', 2100, { direction: 'in', event_type: 'income' }),
  ];
  const states = [spendingEntity(spec, 100 + n, 90 + n), incomeEntity(spec, 2100), recentEntity(spec, recent)];
  if (a.account_type === 'credit') states.push(...Object.values(dueStates(spec, { date: utcDay(2), minimum: 35 })));
  return states.map((s) => ({ entity_id: s.entity_id, state: s.state, attributes: s.attributes as JsonObject }));
}

export async function startBenchHouse(): Promise<BenchHouse> {
  const sim = await startHaSim({ frontend: { local: cardFiles() } });
  const stats = attachStatistics(sim);
  for (let i = 0; i < NOISE; i++) {
    const e = noiseEntity(i);
    sim.setState(e.entity_id, e.state, e.attributes as JsonObject);
  }
  const balanceIds: string[] = [];
  const now = Date.now();
  for (const spec of balanceSpecs(ACCOUNTS)) {
    const e = balanceEntity(spec);
    const state = sim.setState(e.entity_id, e.state, e.attributes as unknown as JsonObject);
    balanceIds.push(e.entity_id);
    for (const money of moneyStates(e.attributes, balanceIds.length))
      sim.setState(money.entity_id, money.state, money.attributes);
    stats.importStates(e.entity_id, linkedHistory(e.entity_id, state, now, HISTORY_DAYS));
    // Each bank's last-refreshed sensor, fresh, so no row shows a staleness badge.
    sim.setState(String(e.attributes.last_refreshed_entity), new Date(now - 600_000).toISOString(), {
      device_class: 'timestamp',
    });
  }
  const entities: JsonObject = { type: 'entities', entities: balanceIds };
  // HA's statistics-graph as its card picker adds it, for the balances' last 30 days, a point a day. No
  // `stat_types`: HA's default, which draws every type the sensors' statistics have (a `total` sensor: state, sum).
  const graph: JsonObject = {
    type: 'statistics-graph',
    entities: balanceIds,
    period: 'day',
    days_to_show: 30,
    chart_type: 'line',
  };
  const card: JsonObject = { type: 'custom:plaid-balance-card', trend: '30d', transactions: 5 };
  putCardOnDashboard(sim, [
    { title: 'Start', path: VIEWS.start, cards: [{ type: 'markdown', content: 'Bench' }] },
    { title: 'Card', path: VIEWS.card, cards: [card] },
    { title: 'HA', path: VIEWS.haPair, cards: [entities, graph] },
    { title: 'Entities', path: VIEWS.haEntities, cards: [entities] },
    { title: 'Side by side', path: VIEWS.side, cards: [card, entities] },
  ]);
  return { sim, stats, balanceIds };
}
