/**
 * A second naive baseline: a first attempt at the card's whole output in the
 * bench's set-up (default config with `trend: 30d`, an admin): banks as
 * headers with a Remove button, each row's name, mask, amount and secondary
 * line, its sparkline with the change, the totals per currency with their
 * split, a net-worth line per currency, and the footer's button. Written the
 * way baseline-card.ts is: everything worked out inline in every render, no
 * `shouldUpdate`, formatting cached per currency so it is not a strawman. It
 * asks for statistics once when connected, as a first attempt would, and
 * draws the lines in the render after the answer.
 *
 * The bench times it only for the first render, against the card, and checks
 * beforehand that both show the same texts and the same number of lines.
 */
import { LitElement, html, svg, unsafeCSS } from 'lit';
import { balanceSensors, money, sensorsByBank, type Entity } from './naive-sensors.js';
import { DAY, TREND_CARD_CSS, owed, type StatisticsRow, type TrendHass } from './same-output-card.js';

function line(points: number[], height: number) {
  const lo = Math.min(...points);
  const hi = Math.max(...points);
  const d = points
    .map(
      (v, i) =>
        `${i ? 'L' : 'M'}${((i * 1000) / (points.length - 1)).toFixed(1)} ` +
        `${(hi === lo ? height / 2 : height - ((v - lo) * height) / (hi - lo)).toFixed(1)}`,
    )
    .join('');
  return svg`<path d=${d}></path>`;
}

/** A currency's total split into what is had and what is owed. */
function split(t: { assets: number; debts: number; currency: string }, language: string) {
  const assets = money(t.assets, t.currency, language);
  const debts = money(t.debts, t.currency, language);
  return html`<span class="split">${assets} assets · ${debts} owed</span>`;
}

export class NaiveTrendCard extends LitElement {
  static override properties = { hass: { attribute: false }, _config: { state: true }, _stats: { state: true } };

  hass?: TrendHass;
  private _config?: Record<string, unknown>;
  private _stats?: Record<string, StatisticsRow[]>;

  setConfig(config: Record<string, unknown>): void {
    this._config = config;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    const ids = balanceSensors(this.hass!.states).map((e) => e.entity_id);
    void this.hass!.callWS({
      type: 'recorder/statistics_during_period',
      start_time: new Date(Date.now() - 30 * DAY).toISOString(),
      statistic_ids: ids,
      period: 'day',
      types: ['state'],
    }).then((stats) => (this._stats = stats));
  }

  #trend(name: string, values: number[] | undefined, currency: string, language: string, large: boolean) {
    if (!values || values.length < 2) return null;
    const delta = (Math.round(values[values.length - 1]! * 100) - Math.round(values[0]! * 100)) / 100;
    const text = `${delta > 0 ? '+' : ''}${money(delta, currency, language)} in 30 days`;
    return html`<div class="trend ${large ? 'large' : ''} ${delta > 0 ? 'good' : delta < 0 ? 'bad' : 'flat'}">
      <svg viewBox="-10 -20 1020 ${large ? 360 : 220}" preserveAspectRatio="none" role="img"
        aria-label=${`${name}: ${text}`}>${line(values, large ? 320 : 180)}</svg>
      <span>${text}</span>
    </div>`;
  }

  protected override render() {
    if (!this.hass || !this._config) return html``;
    const language = this.hass.locale?.language ?? 'en';
    const { sensors, groups } = sensorsByBank(this.hass.states);
    const series = (e: Entity) => this._stats?.[e.entity_id]?.map((r) => (owed(e) ? -r.state : r.state));
    const currencies = [...new Set(sensors.map((e) => String(e.attributes.unit_of_measurement)))];
    const totals = currencies
      .map((currency) => {
        const list = sensors.filter((e) => e.attributes.unit_of_measurement === currency);
        const assets = list.filter((e) => !owed(e)).reduce((n, e) => n + Number(e.state), 0);
        const debts = list.filter(owed).reduce((n, e) => n + Number(e.state), 0);
        const lines = list.map(series);
        const worth = lines.every((l) => l)
          ? lines[0]!.map((_, i) => lines.reduce((n, l) => n + l![i]!, 0))
          : undefined;
        return { currency, assets, debts, count: list.length, worth };
      })
      .sort((a, b) => b.count - a.count);
    return html`<ha-card>
      <h1 class="title">Bank balances</h1>
      ${[...groups]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(
          ([name, list]) => html`<section>
          <div class="group-header"><span class="group-title">${name}</span><button>Remove</button></div>
          ${list.map((e) => {
            const a = e.attributes;
            const currency = String(a.unit_of_measurement);
            const current = Number(e.state);
            const available = a.available as number | null;
            const secondary = [
              available !== null && (owed(e) ? false : available !== current)
                ? `${money(available, currency, language)} available`
                : '',
              owed(e) && a.limit !== null ? `of ${money(a.limit as number, currency, language)} limit` : '',
            ]
              .filter(Boolean)
              .join(' · ');
            return html`<div class="row">
              <span class="account">${a.account_name}</span>
              <span class="mask">••${a.mask}</span>
              <span class="amount">${money(owed(e) ? -current : current, currency, language)}</span>
              <span class="secondary">${secondary}</span>
              ${this.#trend(String(a.account_name), series(e), currency, language, false)}
            </div>`;
          })}
        </section>`,
        )}
      <div class="totals">
        <span>Total</span>
        ${totals.map(
          (t) => html`<span class="sum">${money(t.assets - t.debts, t.currency, language)}</span>
            ${t.debts ? split(t, language) : ''}
            ${this.#trend(`Total ${t.currency}`, t.worth, t.currency, language, true)}`,
        )}
      </div>
      <button>Link a bank</button>
    </ha-card>`;
  }

  static override styles = unsafeCSS(TREND_CARD_CSS);
}

customElements.define('naive-trend-card', NaiveTrendCard);
