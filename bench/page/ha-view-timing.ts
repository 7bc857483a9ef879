/**
 * Runs in HA's real frontend (bundled as a classic script and added to the
 * logged-in page). Opens a dashboard view the way HA's own `navigate()` does
 * (`history.pushState` and a `location-changed` event), with hui-root's view
 * cache emptied first so the view and its cards are created anew, and times
 * with `performance.now()` from that moment until every card of the view is
 * drawn, then two animation frames (the frame that paints it). Also times
 * each card's own share of `hass` updates (`watchCosts`).
 */

type Drawn = (el: Element) => boolean;

interface LitLike extends HTMLElement {
  hasUpdated?: boolean;
  isUpdatePending?: boolean;
  performUpdate(): void;
}

interface EChartsLike {
  getOption(): { series?: Array<{ data?: unknown[] }> };
}

interface ChartBase extends HTMLElement {
  chart?: EChartsLike;
  /** Set by the hook below: when ECharts last finished rendering the full data. */
  benchDrawnAt?: number;
}

const ACCOUNTS = 50;
const frame = () => new Promise<number>((r) => requestAnimationFrame(r));

function huiRoot(): (HTMLElement & { _viewCache?: Record<string, unknown> }) | null {
  const main = document.querySelector('home-assistant')?.shadowRoot?.querySelector('home-assistant-main');
  const lovelace = main?.shadowRoot?.querySelector('ha-panel-lovelace');
  return lovelace?.shadowRoot?.querySelector('hui-root') ?? null;
}

/** The shown view's cards: hui-masonry-view's shadow root holds each card inside its `hui-card`. */
function viewRoot(): ShadowRoot | null {
  const view = huiRoot()?.shadowRoot?.querySelector('hui-view');
  return view?.querySelector('hui-masonry-view')?.shadowRoot ?? null;
}

const hasText = (el: Node | null | undefined) => !!el && (el.textContent ?? '').trim() !== '';

/**
 * Every row with its amount, every row's line and the totals' lines drawn (a path with a shape), every
 * credit card's due line, the spending line and the five recent transactions.
 */
const cardDrawn: Drawn = (card) => {
  const root = card.shadowRoot;
  if (!root || root.querySelectorAll('.row').length !== ACCOUNTS) return false;
  if (root.querySelectorAll('.tx').length !== 5 || !hasText(root.querySelector('.spending'))) return false;
  if (!root.querySelector('.due')) return false;
  const shaped = (sel: string) =>
    [...root.querySelectorAll(`${sel} .trend:not([aria-hidden="true"]) path`)].filter(
      (p) => (p.getAttribute('d') ?? '') !== '',
    ).length;
  return shaped('.row') === ACCOUNTS && shaped('.totals') >= 1 && !(card as LitLike).isUpdatePending;
};

/** Every row rendered, with its name (hui-generic-entity-row) and its state's text. */
const entitiesDrawn: Drawn = (card) => {
  const rows = card.shadowRoot?.querySelectorAll('#states > div > *') ?? [];
  if (rows.length !== ACCOUNTS) return false;
  for (const row of rows as NodeListOf<LitLike>) {
    if (!row.hasUpdated || row.isUpdatePending) return false;
    const generic = row.shadowRoot?.querySelector('hui-generic-entity-row') as LitLike | null;
    if (!generic?.hasUpdated || generic.isUpdatePending || !hasText(row.shadowRoot)) return false;
    if (!hasText(generic.shadowRoot?.querySelector('.info'))) return false;
  }
  return true;
};

function seriesComplete(chart: EChartsLike | undefined): boolean {
  const series = chart?.getOption().series ?? [];
  return series.filter((s) => (s.data?.length ?? 0) >= 30).length >= ACCOUNTS;
}

/**
 * HA's ha-chart-base listens to ECharts' `finished` event (rendering done,
 * animations included) with `_handleChartRenderFinished`, which calls
 * `_resizeChartIfNeeded`; hooking that method stamps the time ECharts
 * finished a render in which every series had its 30 days.
 */
function hookChartFinished(): void {
  const proto = customElements.get('ha-chart-base')?.prototype as
    { _resizeChartIfNeeded?: (this: ChartBase) => void } | undefined;
  if (!proto?._resizeChartIfNeeded) throw new Error("ha-chart-base has no _resizeChartIfNeeded: HA's frontend changed");
  const original = proto._resizeChartIfNeeded;
  proto._resizeChartIfNeeded = function (this: ChartBase) {
    if (this.benchDrawnAt === undefined && seriesComplete(this.chart)) this.benchDrawnAt = performance.now();
    return original.call(this);
  };
}
// HA loads the chart's element with the first statistics-graph card; its chart comes later (ECharts is loaded then).
void customElements.whenDefined('ha-chart-base').then(hookChartFinished);

const graphDrawn: Drawn = (card) => {
  const chart = card.shadowRoot
    ?.querySelector('statistics-chart')
    ?.shadowRoot?.querySelector('ha-chart-base') as ChartBase | null;
  return chart?.benchDrawnAt !== undefined && !!chart.shadowRoot?.querySelector('canvas');
};

const DRAWN: Record<string, Drawn> = {
  'plaid-balance-card': cardDrawn,
  'hui-entities-card': entitiesDrawn,
  'hui-statistics-graph-card': graphDrawn,
};

/** For the error when a view is not drawn in time: what of each card is there. */
function seen(tags: string[]): string {
  const shown = viewRoot();
  if (!shown) return `no view shown at ${location.pathname}`;
  return tags
    .map((tag) => {
      const el = shown.querySelector(tag);
      const root = el?.shadowRoot;
      if (!el) return `${tag}: absent`;
      const chart = root
        ?.querySelector('statistics-chart')
        ?.shadowRoot?.querySelector('ha-chart-base') as ChartBase | null;
      const series = chart?.chart?.getOption().series;
      return (
        `${tag}: drawn ${DRAWN[tag]!(el)}, ${root?.querySelectorAll('*').length ?? 'no'} elements in its shadow root` +
        (chart
          ? `, chart ${!!chart.chart} with ${series?.length} series (${series
              ?.map((x) => x.data?.length)
              .join(',')
              .slice(0, 300)}), finished ${chart.benchDrawnAt}`
          : '')
      );
    })
    .join('; ');
}

export interface ViewTiming {
  /** From the navigation to the frame after every card was drawn, ms. */
  ms: number;
  /** Per card tag: from the navigation to the frame in which it was first seen drawn, ms. */
  cards: Record<string, number>;
}

/** Opens `/lovelace/<path>`, whose cards are `tags`, and times it until all are drawn. */
async function openView(path: string, tags: string[], timeoutMs = 20_000): Promise<ViewTiming> {
  const root = huiRoot();
  if (!root?._viewCache) throw new Error("no hui-root with a view cache: HA's frontend changed");
  root._viewCache = {};
  const t0 = performance.now();
  history.pushState(null, '', `/lovelace/${path}`);
  window.dispatchEvent(new CustomEvent('location-changed', { detail: { replace: false } }));
  const cards: Record<string, number> = {};
  while (Object.keys(cards).length < tags.length) {
    const now = await frame();
    if (performance.now() - t0 > timeoutMs)
      throw new Error(`view ${path}: not drawn in ${timeoutMs} ms: ${seen(tags)}`);
    const shown = viewRoot();
    for (const tag of tags) {
      if (cards[tag] !== undefined) continue;
      const el = shown?.querySelector(tag);
      if (el && DRAWN[tag]!(el)) cards[tag] = now - t0;
    }
  }
  await frame();
  await frame();
  return { ms: performance.now() - t0, cards };
}

/** Whether HA's frontend is connected and showing the dashboard. */
function ready(): boolean {
  const app = document.querySelector('home-assistant') as (HTMLElement & { hass?: { connected?: boolean } }) | null;
  return !!app?.hass?.connected && !!viewRoot();
}

interface CostTotals {
  ms: number;
  /** `hass` objects the card element was handed. */
  updates: number;
  /** Lit updates (`performUpdate`) of the card element or any element inside it. */
  renders: number;
}

/** Which card's code is running now (outermost timed call), for timers it arms meanwhile. */
let running: CostTotals | undefined;

function timed<T>(totals: CostTotals, run: () => T): T {
  if (running) return run();
  running = totals;
  const t0 = performance.now();
  try {
    return run();
  } finally {
    totals.ms += performance.now() - t0;
    running = undefined;
  }
}

/** Timers armed while a card's code runs are that card's cost too (the card's discovery catches up in one). */
let timersWrapped = false;
function wrapTimers(): void {
  if (timersWrapped) return;
  timersWrapped = true;
  const setTimer = window.setTimeout.bind(window);
  window.setTimeout = ((handler: TimerHandler, ms?: number, ...args: unknown[]) => {
    const owner = running;
    if (!owner || typeof handler !== 'function') return setTimer(handler, ms, ...args);
    return setTimer((...a: unknown[]) => timed(owner, () => (handler as (...x: unknown[]) => void)(...a)), ms, ...args);
  }) as typeof window.setTimeout;
}

/** Every element in `el`'s shadow trees, `el` included. */
function elementsOf(el: Element): Element[] {
  const found: Element[] = [el];
  const walk = (root: ShadowRoot | null | undefined) => {
    if (!root) return;
    for (const child of root.querySelectorAll('*')) {
      found.push(child);
      walk(child.shadowRoot);
    }
  };
  walk(el.shadowRoot);
  return found;
}

function accessor(obj: object, name: string): PropertyDescriptor | undefined {
  for (let p: object | null = obj; p; p = Object.getPrototypeOf(p)) {
    const d = Object.getOwnPropertyDescriptor(p, name);
    if (d) return d.set ? d : undefined;
  }
  return undefined;
}

/**
 * From now on, counts each card's own cost on the shown view: its element's
 * `hass` setter and every Lit update (`performUpdate`, which runs
 * `shouldUpdate`, `willUpdate`, `render`, the DOM commit and `updated`) of it
 * and of every element in its shadow trees (HA's entity rows, their icons),
 * and the timers they arm meanwhile; nested calls count once.
 */
let costs: Record<string, CostTotals> = {};
function watchCosts(tags: string[]): void {
  wrapTimers();
  const shown = viewRoot();
  const totals: Record<string, CostTotals> = {};
  costs = totals;
  for (const tag of tags) {
    const card = shown?.querySelector(tag);
    if (!card) throw new Error(`${tag} is not on the shown view`);
    const t: CostTotals = { ms: 0, updates: 0, renders: 0 };
    totals[tag] = t;
    for (const el of elementsOf(card)) {
      if (!el.tagName.includes('-')) continue;
      const lit = el as LitLike;
      if (typeof lit.performUpdate === 'function') {
        const perform = lit.performUpdate;
        lit.performUpdate = function (this: LitLike) {
          t.renders++;
          return timed(t, () => perform.call(this));
        };
      }
      const hass = accessor(el, 'hass');
      if (hass)
        Object.defineProperty(el, 'hass', {
          configurable: true,
          get() {
            return hass.get?.call(this);
          },
          set(value: unknown) {
            if (el === card) t.updates++;
            timed(t, () => hass.set!.call(this, value));
          },
        });
    }
  }
}

/** What `watchCosts` counted so far, per card tag. */
const readCosts = (): Record<string, CostTotals> => costs;

declare global {
  interface Window {
    benchViews: {
      ready: typeof ready;
      openView: typeof openView;
      watchCosts: typeof watchCosts;
      readCosts: typeof readCosts;
    };
  }
}

window.benchViews = { ready, openView, watchCosts, readCosts };
