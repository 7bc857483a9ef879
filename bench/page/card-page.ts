/**
 * Runs in the bench page (Chromium). Times the built plaid-balance-card alone
 * on a fake `hass` with performance.now(), which the page gets at 5 µs
 * resolution because the server makes it cross-origin isolated: `hass`
 * updates about none of its entities, and about one of its accounts.
 */
import type { HassEntities } from 'home-assistant-js-websocket';
import { balanceEntity, buildHass, nextHass, noiseEntity, statisticsRequests, type Hass } from './fake-hass.js';

export interface CardPageOptions {
  tag: string;
  config: Record<string, unknown>;
  noise: number;
  accounts: number;
  unrelated: { batches: number; perBatch: number; warmup: number };
  own: { iterations: number; warmup: number };
}

export interface CardPageResult {
  crossOriginIsolated: boolean;
  /** Per-update cost of each batch of unrelated updates, µs. */
  unrelatedUs: number[];
  /** Renders of the card's own template during the unrelated updates. */
  unrelatedRenders: number;
  ownMs: number[];
  ownRenders: number;
  rowsShown: number;
  /** Trend lines drawn once settled. */
  linesShown: number;
  ownChecked: number;
  /** Statistics requests while unrelated updates ran (0 expected). */
  unrelatedStatisticsRequests: number;
}

interface LovelaceEl extends HTMLElement {
  hass: unknown;
  setConfig(config: Record<string, unknown>): void;
  updateComplete: Promise<boolean>;
  render(): unknown;
}

function countRenders(card: LovelaceEl): () => number {
  let renders = 0;
  const render = card.render.bind(card);
  card.render = () => {
    renders++;
    return render();
  };
  return () => renders;
}

/**
 * Every trend line drawn: a path with a shape. A line whose place the card
 * holds before the statistics answer has no shape yet, so it does not count.
 */
const drawnLines = (card: LovelaceEl) =>
  [...card.shadowRoot!.querySelectorAll('.trend path')].filter((p) => !!p.getAttribute('d')).length;

/** Until the card has drawn its trends: the statistics answer arrives a few microtasks after the first render. */
async function settled(card: LovelaceEl): Promise<void> {
  await card.updateComplete;
  for (let i = 0; i < 50 && drawnLines(card) === 0; i++) {
    await Promise.resolve();
    await card.updateComplete;
  }
  if (drawnLines(card) === 0) throw new Error(`${card.localName}: no trends drawn after 50 microtask turns`);
}

async function run(o: CardPageOptions): Promise<CardPageResult> {
  const stage = document.createElement('div');
  stage.style.width = '500px';
  document.body.append(stage);
  const built = buildHass(o.noise, o.accounts);
  const { specs, balanceIds } = built;
  let { hass } = built;

  const card = document.createElement(o.tag) as LovelaceEl;
  card.setConfig(o.config);
  card.hass = hass;
  stage.append(card);
  await settled(card);
  const rowsShown = card.shadowRoot!.querySelectorAll('.row').length;
  const linesShown = drawnLines(card);
  const renders = countRenders(card);
  const requestsBefore = statisticsRequests.count;

  // Unrelated updates: batches of prebuilt `hass` objects (building them is HA's cost, not the card's).
  const unrelatedUs: number[] = [];
  let n = 0;
  for (let b = 0; b < o.unrelated.warmup + o.unrelated.batches; b++) {
    const batch: Hass[] = [];
    for (let i = 0; i < o.unrelated.perBatch; i++, n++) {
      const idx = n % o.noise;
      const changes: HassEntities = { [noiseEntity(idx).entity_id]: noiseEntity(idx, `v${n}`) };
      hass = nextHass(hass, changes);
      batch.push(hass);
    }
    const t0 = performance.now();
    for (const h of batch) {
      card.hass = h;
      await card.updateComplete;
    }
    const t1 = performance.now();
    if (b >= o.unrelated.warmup) unrelatedUs.push(((t1 - t0) * 1000) / o.unrelated.perBatch);
  }
  const unrelatedRenders = renders();
  const unrelatedStatisticsRequests = statisticsRequests.count - requestsBefore;

  // One of the card's own accounts changes: time until the card has rendered it.
  const ownMs: number[] = [];
  let ownChecked = 0;
  for (let i = 0; i < o.own.warmup + o.own.iterations; i++) {
    const k = i % specs.length;
    const spec = { ...specs[k]!, current: specs[k]!.current + 1 + (i % 7) };
    specs[k] = spec;
    const entity = balanceEntity(spec);
    hass = nextHass(hass, { [balanceIds[k]!]: entity });
    const t0 = performance.now();
    card.hass = hass;
    await card.updateComplete;
    const t1 = performance.now();
    if (i >= o.own.warmup) ownMs.push(t1 - t0);
    // Outside the timing: the new amount really is on screen (every 10th, it costs a full text scan).
    if (i % 10 === 0) {
      const amount = spec.current.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
      if (!card.shadowRoot!.textContent!.includes(amount))
        throw new Error(`${o.tag}: ${amount} not shown after update ${i}`);
      ownChecked++;
    }
  }
  const ownRenders = renders() - unrelatedRenders;
  card.remove();
  stage.remove();
  return {
    crossOriginIsolated: globalThis.crossOriginIsolated === true,
    unrelatedUs,
    unrelatedRenders,
    ownMs,
    ownRenders,
    rowsShown,
    linesShown,
    ownChecked,
    unrelatedStatisticsRequests,
  };
}

declare global {
  interface Window {
    runCardBench(options: CardPageOptions): Promise<CardPageResult>;
  }
}
window.runCardBench = run;
