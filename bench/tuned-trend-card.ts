/**
 * A lower bound, not a card anyone should ship: the naive trend card's
 * output (naive-trend-card.ts, the same texts and lines) built the fastest
 * way known here, with no framework. Each part of the card is a prepared
 * <template> cloned and filled through direct node references (a text
 * node's `data`, one `setAttribute` per line); the sensors are found by the
 * card's own key scan (domain prefix, then the marker); money is formatted
 * with one cached Intl.NumberFormat per currency; and it renders once, when
 * the statistics answer arrives, as the card does. No escaping is needed:
 * every value goes into a text node or an attribute, never into markup.
 *
 * The bench times it against the plain baseline, as it times the card, to
 * measure what the card's output costs at best beyond the baseline's list.
 * With `sensor_index` in its config it reads its sensors' ids from that
 * entity's `entity_ids` (fake-hass.ts's SENSOR_INDEX) instead of scanning
 * every state: what a companion-published index would save, measured.
 */
import { money, type Entity } from './naive-sensors.js';
import { DAY, TREND_CARD_CSS, owed, type StatisticsRow, type TrendHass } from './same-output-card.js';

function template(markup: string): HTMLTemplateElement {
  const t = document.createElement('template');
  t.innerHTML = markup;
  return t;
}

const TREND = '<div class="trend"><svg preserveAspectRatio="none" role="img"><path></path></svg><span></span></div>';
const CARD = template(
  '<ha-card><h1 class="title">Bank balances</h1><div class="groups"></div>' +
    '<div class="totals"><span>Total</span></div><button>Link a bank</button></ha-card>',
);
const GROUP = template(
  '<section><div class="group-header"><span class="group-title"></span><button>Remove</button></div></section>',
);
const ROW = template(
  '<div class="row"><span class="account"></span><span class="mask"></span>' +
    `<span class="amount"></span><span class="secondary"></span>${TREND}</div>`,
);
const LINE = template(TREND);
const SUM = template('<span class="sum"></span>');
const SPLIT = template('<span class="split"></span>');

// One constructed sheet for every instance, as Lit adopts a card's static styles.
const SHEET = new CSSStyleSheet();
SHEET.replaceSync(TREND_CARD_CSS);

function clone(t: HTMLTemplateElement): Element {
  return (t.content.cloneNode(true) as DocumentFragment).firstElementChild!;
}

function pathOf(points: number[], height: number): string {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of points) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  let d = '';
  const step = 1000 / (points.length - 1);
  for (let i = 0; i < points.length; i++) {
    const y = hi === lo ? height / 2 : height - ((points[i]! - lo) * height) / (hi - lo);
    // Whole units, as the card draws them: integers print several times faster than toFixed's decimals.
    d += (i ? 'L' : 'M') + Math.round(i * step) + ' ' + Math.round(y);
  }
  return d;
}

/** Fills a cloned TREND (`el`); false, with `el` left empty, for a series under two points. */
function fillTrend(
  el: Element,
  name: string,
  values: number[] | undefined,
  currency: string,
  language: string,
  large: boolean,
): boolean {
  if (!values || values.length < 2) return false;
  const delta = (Math.round(values[values.length - 1]! * 100) - Math.round(values[0]! * 100)) / 100;
  const text = `${delta > 0 ? '+' : ''}${money(delta, currency, language)} in 30 days`;
  el.className = `trend${large ? ' large' : ''} ${delta > 0 ? 'good' : delta < 0 ? 'bad' : 'flat'}`;
  const svg = el.firstElementChild!;
  svg.setAttribute('viewBox', `-10 -20 1020 ${large ? 360 : 220}`);
  svg.setAttribute('aria-label', `${name}: ${text}`);
  svg.firstElementChild!.setAttribute('d', pathOf(values, large ? 320 : 180));
  el.lastElementChild!.textContent = text;
  return true;
}

/** The card's key scan (src/card/account-discovery.ts): the domain first, then the marker; sorted by entity id. */
function balanceSensorsByKeyScan(states: Record<string, Entity>): Entity[] {
  const keys = Object.keys(states);
  const sensors: Entity[] = [];
  for (let i = 0; i < keys.length; i++) {
    const id = keys[i]!;
    if (id.startsWith('sensor.') && states[id]!.attributes.plaid_balance === 1) sensors.push(states[id]!);
  }
  return sensors.sort((a, b) => (a.entity_id < b.entity_id ? -1 : 1));
}

/** The sensors an index entity lists, when every one is there with the marker; else the key scan. */
function balanceSensorsByIndex(states: Record<string, Entity>, index: string): Entity[] {
  const ids = states[index]?.attributes.entity_ids;
  if (!Array.isArray(ids)) return balanceSensorsByKeyScan(states);
  const sensors: Entity[] = [];
  for (const id of ids) {
    const e = states[String(id)];
    if (e?.attributes.plaid_balance !== 1) return balanceSensorsByKeyScan(states);
    sensors.push(e);
  }
  return sensors.sort((a, b) => (a.entity_id < b.entity_id ? -1 : 1));
}

export class TunedTrendCard extends HTMLElement {
  #hass?: TrendHass;
  #sensors: Entity[] = [];
  #stats?: Record<string, StatisticsRow[]>;
  #resolve!: () => void;
  updateComplete: Promise<boolean> = new Promise((r) => (this.#resolve = () => r(true)));

  #index: string | undefined;

  setConfig(config: Record<string, unknown>): void {
    this.#index = typeof config.sensor_index === 'string' ? config.sensor_index : undefined;
  }

  #find(states: Record<string, Entity>): Entity[] {
    return this.#index ? balanceSensorsByIndex(states, this.#index) : balanceSensorsByKeyScan(states);
  }

  /** Like the naive cards, every later `hass` renders again (the bench times only the first render). */
  set hass(hass: TrendHass) {
    this.#hass = hass;
    if (!this.#stats) return;
    this.#sensors = this.#find(hass.states);
    this.render();
  }

  connectedCallback(): void {
    const sensors = this.#find(this.#hass!.states);
    void this.#hass!.callWS({
      type: 'recorder/statistics_during_period',
      start_time: new Date(Date.now() - 30 * DAY).toISOString(),
      statistic_ids: sensors.map((e) => e.entity_id),
      period: 'day',
      types: ['state'],
    }).then((stats) => {
      this.#stats = stats;
      this.#sensors = sensors;
      this.render();
      this.#resolve();
    });
  }

  /** Public, as a Lit element's is: the bench's render counter wraps it. */
  render(): void {
    const language = this.#hass!.locale?.language ?? 'en';
    const sensors = this.#sensors;
    const series = (e: Entity) => {
      const rows = this.#stats?.[e.entity_id];
      if (!rows) return undefined;
      const sign = owed(e) ? -1 : 1;
      const out = new Array<number>(rows.length);
      for (let i = 0; i < rows.length; i++) out[i] = sign * rows[i]!.state;
      return out;
    };
    const groups = new Map<string, Entity[]>();
    for (const e of sensors) {
      const name = String(e.attributes.institution_name);
      const list = groups.get(name);
      if (list) list.push(e);
      else groups.set(name, [e]);
    }
    // In the sensors' order, as the naive card adds them up, so every sum comes out to the same cent.
    const totals = new Map<string, { assets: number; debts: number; count: number; worth: number[] | undefined }>();
    const seriesOf = new Map<Entity, number[] | undefined>();
    for (const e of sensors) {
      const currency = String(e.attributes.unit_of_measurement);
      const values = series(e);
      seriesOf.set(e, values);
      let t = totals.get(currency);
      if (!t)
        totals.set(
          currency,
          (t = { assets: 0, debts: 0, count: 0, worth: values && new Array<number>(values.length).fill(0) }),
        );
      t.count++;
      if (owed(e)) t.debts += Number(e.state);
      else t.assets += Number(e.state);
      if (t.worth && values) for (let i = 0; i < values.length; i++) t.worth[i]! += values[i]!;
      else t.worth = undefined;
    }

    const card = clone(CARD);
    const groupsEl = card.children[1]!;
    for (const name of [...groups.keys()].sort((a, b) => a.localeCompare(b))) {
      const section = clone(GROUP);
      section.firstElementChild!.firstElementChild!.textContent = name;
      for (const e of groups.get(name)!) {
        const a = e.attributes;
        const currency = String(a.unit_of_measurement);
        const current = Number(e.state);
        const available = a.available as number | null;
        const debt = owed(e);
        const row = clone(ROW);
        const [account, mask, amount, secondary, trend] = row.children as unknown as Element[];
        account!.textContent = String(a.account_name);
        mask!.textContent = `••${a.mask}`;
        amount!.textContent = money(debt ? -current : current, currency, language);
        const parts: string[] = [];
        if (available !== null && !debt && available !== current)
          parts.push(`${money(available, currency, language)} available`);
        if (debt && a.limit !== null) parts.push(`of ${money(a.limit as number, currency, language)} limit`);
        secondary!.textContent = parts.join(' · ');
        if (!fillTrend(trend!, String(a.account_name), seriesOf.get(e), currency, language, false)) trend!.remove();
        section.append(row);
      }
      groupsEl.append(section);
    }
    const sums = card.children[2]!;
    const ordered = [...totals].sort(([, a], [, b]) => b.count - a.count);
    for (const [currency, t] of ordered) {
      const sum = clone(SUM);
      sum.textContent = money(t.assets - t.debts, currency, language);
      sums.append(sum);
      if (t.debts) {
        const split = clone(SPLIT);
        split.textContent =
          `${money(t.assets, currency, language)} assets · ` + `${money(t.debts, currency, language)} owed`;
        sums.append(split);
      }
      const line = clone(LINE);
      if (fillTrend(line, `Total ${currency}`, t.worth, currency, language, true)) sums.append(line);
    }
    const root = this.shadowRoot ?? this.attachShadow({ mode: 'open' });
    root.adoptedStyleSheets = [SHEET];
    root.replaceChildren(card);
  }
}

customElements.define('tuned-trend-card', TunedTrendCard);
