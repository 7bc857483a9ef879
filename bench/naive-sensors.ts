/**
 * What both naive cards (baseline-card.ts, naive-trend-card.ts) do the way a
 * first attempt would, written once: find the companion's sensors by scanning
 * every entity for its marker, group them by bank, and format money with one
 * cached Intl.NumberFormat per language and currency (so neither is a strawman).
 */
export interface Entity {
  entity_id: string;
  state: string;
  attributes: Record<string, unknown>;
}

const formats = new Map<string, Intl.NumberFormat>();
export function money(amount: number, currency: string, language: string): string {
  const key = `${language}|${currency}`;
  let f = formats.get(key);
  if (!f) formats.set(key, (f = new Intl.NumberFormat(language, { style: 'currency', currency })));
  return f.format(amount);
}

/** Every balance sensor, found by the companion's marker, in `states` order. */
export function balanceSensors(states: Record<string, Entity>): Entity[] {
  return Object.values(states).filter((e) => e.attributes.plaid_balance === 1);
}

/** The balance sensors by entity id, and the same sensors by institution name in that order. */
export function sensorsByBank(states: Record<string, Entity>): { sensors: Entity[]; groups: Map<string, Entity[]> } {
  const sensors = balanceSensors(states).sort((a, b) => (a.entity_id < b.entity_id ? -1 : 1));
  const groups = new Map<string, Entity[]>();
  for (const e of sensors) {
    const name = String(e.attributes.institution_name);
    groups.set(name, [...(groups.get(name) ?? []), e]);
  }
  return { sensors, groups };
}
