/**
 * Runs in the bench page (Chromium). Times one card element — the built
 * plaid-balance-card or the naive baseline — with performance.now(), which the
 * page gets at 5 µs resolution because the server makes it cross-origin isolated.
 * Over 300 lines: every card figure is timed in this one page, on one fake
 * `hass` and one element life cycle, so the figures stay comparable.
 */
import type { HassEntities } from 'home-assistant-js-websocket';
import { AccountDiscovery } from '../../src/card/account-discovery.js';
import { balanceSensors } from '../naive-sensors.js';
import { balanceEntity, buildHass, nextHass, noiseEntity, statisticsRequests, type Hass } from './fake-hass.js';

export interface CardPageOptions {
  tag: string;
  config: Record<string, unknown>;
  noise: number;
  accounts: number;
  unrelated: { batches: number; perBatch: number; warmup: number };
  own: { iterations: number; warmup: number };
  first: { iterations: number; warmup: number };
  instrument?: boolean;
  /** First render only, alternating this element with the main one (A, B, A, B …). */
  interleaveWith?: { tag: string; config: Record<string, unknown> };
  /**
   * With `interleaveWith`: also time, against the same element, the DOM floor and finding the sensors alone (domFloor).
   */
  domFloor?: boolean;
  /** With `interleaveWith`: render that element once more and return what it shows (`otherOutput`). */
  compareOutput?: boolean;
}

/** What a reader sees of a card: its texts in document order and its lines drawn. */
export interface CardOutput {
  texts: string[];
  lines: number;
}

export interface CardPageResult {
  crossOriginIsolated: boolean;
  /** Per-update cost of each batch of unrelated updates, µs. */
  unrelatedUs: number[];
  /** Renders of the card's own template during the unrelated updates. */
  unrelatedRenders: number;
  ownMs: number[];
  ownRenders: number;
  firstMs: number[];
  /** The first first-render of the page (cold template cache), ms. */
  coldFirstMs: number;
  rowsShown: number;
  ownChecked: number;
  updateMs: Record<string, number>;
  /** Statistics requests while unrelated updates ran (0 expected). */
  unrelatedStatisticsRequests: number;
  /** With `interleaveWith`: that element's first renders, paired with `firstMs`. */
  otherFirstMs: number[];
  /** The card's own first render, before the statistics answer arrives (paired with `firstMs`). */
  firstRowsMs: number[];
  /** With `domFloor`: the card's finished DOM cloned from a prepared template, paired with `floorOtherMs`. */
  floorMs: number[];
  floorOtherMs: number[];
  /**
   * With `domFloor`, paired with `floorOtherMs`: finding the sensors in a fresh `states` alone, the naive way and the
   * card's.
   */
  naiveScanMs: number[];
  discoveryMs: number[];
  /** What the card shows once settled; `lines` counts its trend lines drawn. */
  output: CardOutput;
  /** With `compareOutput`. */
  otherOutput?: CardOutput;
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
 * Development aid: total time spent in each of the element's update steps (`update` includes `render` and Lit's
 * commit).
 */
const spent = new Map<string, number>();
function instrument(tag: string): void {
  const proto = customElements.get(tag)?.prototype as
    Record<string, (this: unknown, c: unknown) => unknown> | undefined;
  if (!proto) return;
  for (const step of ['shouldUpdate', 'update', 'render', 'updated']) {
    const original = proto[step];
    if (!original) continue;
    proto[step] = function (this: unknown, c: unknown) {
      const t0 = performance.now();
      const result = original.call(this, c);
      spent.set(step, (spent.get(step) ?? 0) + performance.now() - t0);
      return result;
    };
  }
}

const SHOWN = '.title, .group-title, .account, .mask, .amount, .secondary, .trend span, .sum, .split, button';
function outputOf(card: LovelaceEl): CardOutput {
  const texts = [...card.shadowRoot!.querySelectorAll(SHOWN)].map((e) => e.textContent!.replace(/\s+/g, ' ').trim());
  return { texts, lines: card.shadowRoot!.querySelectorAll('.trend path[d]:not([d=""])').length };
}

/**
 * Every trend line drawn: a path with a shape. A line whose place the card
 * holds before the statistics answer has no shape yet, so it does not count.
 */
function trendsDrawn(card: LovelaceEl): boolean {
  const paths = card.shadowRoot!.querySelectorAll('.trend path');
  return paths.length > 0 && [...paths].every((p) => !!p.getAttribute('d'));
}

/**
 * Until the card has drawn its trends: the statistics answer arrives a few
 * microtasks after the first render, and a first render without them would
 * flatter the card. Microtasks only, so no timer clamps land in the timing.
 */
async function settled(card: LovelaceEl, config: Record<string, unknown>, rowsAt?: (t: number) => void): Promise<void> {
  await card.updateComplete;
  rowsAt?.(performance.now());
  if (!('trend' in config) || config.trend === 'none') return;
  for (let i = 0; i < 50 && !trendsDrawn(card); i++) {
    await Promise.resolve();
    await card.updateComplete;
  }
  if (!trendsDrawn(card)) throw new Error(`${card.localName}: no trends drawn after 50 microtask turns`);
}

/** [until the rows are rendered, until the trends are drawn too], ms. */
async function firstRender(
  stage: HTMLElement,
  tag: string,
  config: Record<string, unknown>,
  hass: Hass,
): Promise<[number, number]> {
  const t0 = performance.now();
  let rows = NaN;
  const card = document.createElement(tag) as LovelaceEl;
  card.setConfig(config);
  card.hass = hass;
  stage.append(card);
  await settled(card, config, (t) => (rows = t - t0));
  const t1 = performance.now();
  card.remove();
  return [rows, t1 - t0];
}

/**
 * A floor under any design that puts the card's DOM in the page: its finished
 * shadow root (rows, lines, totals; Lit's markers taken out), parsed once into
 * a <template> outside the timing, then cloned into a fresh shadow root, as
 * Lit clones each of its templates, only with every text and attribute
 * already in place. Cloning beats the HTML parser (a third to half its time), so
 * this is the cheaper of the two ways a browser builds DOM. Timed in pairs
 * with the other element's first render, as `firstMs` is, and so is how much
 * of a first render only finding the sensors costs: the naive marker filter
 * over every entity, and the card's discovery (account-discovery.ts).
 */
async function domFloor(
  stage: HTMLElement,
  markup: string,
  other: { tag: string; config: Record<string, unknown> },
  hass: () => Hass,
  n: number,
  warmup: number,
) {
  const template = document.createElement('template');
  template.innerHTML = markup;
  const timed = { floor: [] as number[], others: [] as number[], naiveScan: [] as number[], discovery: [] as number[] };
  const time = <T>(list: number[], i: number, work: () => T): T => {
    const t0 = performance.now();
    const result = work();
    if (i >= warmup) list.push(performance.now() - t0);
    return result;
  };
  for (let i = 0; i < warmup + n; i++) {
    const host = time(timed.floor, i, () => {
      const div = document.createElement('div');
      div.attachShadow({ mode: 'open' }).append(document.importNode(template.content, true));
      stage.append(div);
      return div;
    });
    host.remove();
    const naive = hass().states;
    time(timed.naiveScan, i, () => balanceSensors(naive));
    const ours = hass().states;
    time(timed.discovery, i, () => new AccountDiscovery().resolve(ours));
    const [, otherMs] = await firstRender(stage, other.tag, other.config, hass());
    if (i >= warmup) timed.others.push(otherMs);
  }
  return timed;
}

async function run(o: CardPageOptions): Promise<CardPageResult> {
  if (o.instrument) instrument(o.tag);
  const stage = document.createElement('div');
  stage.style.width = '500px';
  document.body.append(stage);
  const built = buildHass(o.noise, o.accounts);
  const { specs, balanceIds } = built;
  let { hass } = built;

  // First render: createElement → setConfig → hass → attached → rendered (trends included).
  const firstMs: number[] = [];
  const otherFirstMs: number[] = [];
  const firstRowsMs: number[] = [];
  let coldFirstMs = NaN;
  const fresh = () =>
    nextHass(
      hass,
      Object.fromEntries(
        specs.map((spec) => {
          const e = balanceEntity(spec);
          return [e.entity_id, e];
        }),
      ),
    );
  for (let i = 0; i < o.first.warmup + o.first.iterations; i++) {
    // Fresh entity objects each time, so nothing cached from the previous card (keyed on entity identity) helps.
    hass = fresh();
    if (i === o.first.warmup) spent.clear();
    const [rows, ms] = await firstRender(stage, o.tag, o.config, hass);
    if (i === 0) coldFirstMs = ms;
    if (i >= o.first.warmup) {
      firstMs.push(ms);
      firstRowsMs.push(rows);
    }
    if (o.interleaveWith) {
      hass = fresh();
      const [, other] = await firstRender(stage, o.interleaveWith.tag, o.interleaveWith.config, hass);
      if (i >= o.first.warmup) otherFirstMs.push(other);
    }
  }

  const card = document.createElement(o.tag) as LovelaceEl;
  card.setConfig(o.config);
  card.hass = hass;
  stage.append(card);
  await settled(card, o.config);
  const rowsShown = card.shadowRoot!.querySelectorAll('.row').length;
  const output = outputOf(card);
  let otherOutput: CardOutput | undefined;
  if (o.interleaveWith && o.compareOutput) {
    const other = document.createElement(o.interleaveWith.tag) as LovelaceEl;
    other.setConfig(o.interleaveWith.config);
    other.hass = fresh();
    stage.append(other);
    await settled(other, o.interleaveWith.config);
    otherOutput = outputOf(other);
    other.remove();
  }
  const floor =
    o.interleaveWith && o.domFloor
      ? await domFloor(
          stage,
          card.shadowRoot!.innerHTML.replace(/<!--[^]*?-->/g, ''),
          o.interleaveWith,
          fresh,
          o.first.iterations,
          o.first.warmup,
        )
      : { floor: [], others: [], naiveScan: [], discovery: [] };
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
    firstMs,
    coldFirstMs,
    rowsShown,
    ownChecked,
    updateMs: Object.fromEntries(spent),
    unrelatedStatisticsRequests,
    otherFirstMs,
    firstRowsMs,
    floorMs: floor.floor,
    floorOtherMs: floor.others,
    naiveScanMs: floor.naiveScan,
    discoveryMs: floor.discovery,
    output,
    otherOutput,
  };
}

declare global {
  interface Window {
    runCardBench(options: CardPageOptions): Promise<CardPageResult>;
  }
}
window.runCardBench = run;
