/**
 * Months of plausible balances for the demo's linked bank, written into the
 * simulated recorder as HA would have recorded the companion's sensors: one
 * refresh a day. Each kind of account moves as such an account does: a
 * checking account gets pay on the 1st and 15th, pays rent on the 3rd and the
 * card on the 5th and spends every day; savings and money market accounts
 * get a monthly transfer and their interest; a CD only its interest; a card
 * grows with spending and is mostly paid off on the 5th; a loan falls by one
 * payment a month; investments drift with the market, a 401k with
 * contributions on paydays. Each history ends at the sensor's balance now,
 * so the sparkline meets the number beside it, and stays on the side of zero
 * that balance is on. Deterministic per entity.
 */
import type { StateObject } from '../ha/state-machine.js';
import type { RecordedState, SimStatistics } from '../ha/statistics.js';
import { seededRandom } from './seeded-random.js';
import { DEMO_BANK } from './demo-bank.js';

const DAY_MS = 86_400_000;

/** Deterministic per text (an FNV-1a hash of it as the seed). */
function random(seedText: string): () => number {
  return seededRandom([...seedText].reduce((h, c) => Math.imul(h ^ c.charCodeAt(0), 16777619), 2166136261) >>> 0);
}

/** Yearly interest rates, close to the sandbox accounts' official names (`0.2% Interest CD`). */
const APY: Record<string, number> = { savings: 0.001, cd: 0.002, 'money market': 0.0185 };

/**
 * What one account does on one day, in the sensor's own sign (a card's
 * balance is what is owed). Everything but the checking account's and the
 * card's cash flows is a share of the balance: the history is scaled to end
 * at today's balance, and a share stays plausible at any scale, where a
 * fixed $250 a month would make a CD of $1,000 grow by a third.
 */
function dailyChange(type: string, subtype: string, day: Date, rnd: () => number, balance: number): number {
  const date = day.getUTCDate();
  const monthlyInterest = balance * ((APY[subtype] ?? 0.01) / 12);
  switch (type) {
    case 'credit':
      return date === 5 ? -Math.max(0, balance * 0.9) : 10 + rnd() * 55;
    case 'loan':
      return date === 1 ? -balance * 0.005 : 0;
    case 'investment': {
      const contribution = subtype === '401k' && (date === 1 || date === 15) ? balance * 0.004 : 0;
      return contribution + balance * (rnd() - 0.47) * 0.012;
    }
    default:
      if (subtype === 'cd') return date === 1 ? monthlyInterest : 0;
      if (subtype !== 'checking') return date === 1 ? monthlyInterest + balance * 0.01 : 0;
      // Pay in twice a month, rent and the card's bill out, spending every day: about even over a month.
      return (
        (date === 1 || date === 15 ? 1400 : 0) - (date === 3 ? 1100 : 0) - (date === 5 ? 370 : 0) - (15 + rnd() * 60)
      );
  }
}

/** Where each kind of account starts before scaling: high enough that a month's ups and downs stay above zero. */
const START: Record<string, number> = { credit: 400, loan: 10_000, investment: 5_000, depository: 2_500 };

export function linkedHistory(entityId: string, state: StateObject, nowMs: number, days: number): RecordedState[] {
  const end = Number(state.state);
  if (!Number.isFinite(end)) return [];
  const type = String(state.attributes['account_type'] ?? 'depository');
  const subtype = String(state.attributes['account_subtype'] ?? '');
  const rnd = random(entityId);
  const values: number[] = [];
  let v = START[type] ?? START.depository!;
  for (let i = days; i > 0; i--) {
    v += dailyChange(type, subtype, new Date(nowMs - i * DAY_MS), rnd, v);
    values.push(v);
  }
  // Scaled, not shifted, so the last day lands on today's balance: a shift would take a $110
  // checking account months below zero, a scale keeps every day on the side of zero it ends on.
  const scale = end / values[values.length - 1]!;
  const today9 = Math.floor(nowMs / DAY_MS) * DAY_MS + 9 * 3_600_000;
  return values.map((value, i) => ({
    at: today9 - (days - i) * DAY_MS,
    state: (Math.round(value * scale * 100) / 100).toFixed(2),
    attributes: state.attributes,
  }));
}

/**
 * For `npm run demo -- --linked`: after the companion wrote the linked bank's
 * sensors, gives every one of them `days` of history.
 */
export function writeLinkedHistory(
  stats: SimStatistics,
  states: ReadonlyMap<string, StateObject>,
  options: { institution?: string; days?: number; nowMs?: number } = {},
): string[] {
  const institution = options.institution ?? DEMO_BANK.name;
  const written: string[] = [];
  for (const [id, state] of states) {
    if (
      !id.startsWith('sensor.') ||
      state.attributes['institution_name'] !== institution ||
      !state.attributes['state_class']
    )
      continue;
    const history = linkedHistory(id, state, options.nowMs ?? Date.now(), options.days ?? 90);
    if (!history.length) continue;
    stats.importStates(id, history);
    written.push(id);
  }
  return written;
}
