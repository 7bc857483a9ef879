import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Account } from '../accounts.js';
import type { Trend } from '../trend/period.js';
import { StatisticsFetcher, type StatisticsSource, type TrendSeries } from '../trend/statistics-fetch.js';

/**
 * How long a card's first render waits for HA's statistics. HA usually
 * answers well within this on a local network; over a slow remote connection
 * the card shows its balances after this and draws the lines when they come.
 */
export const FIRST_ANSWER_WAIT_MS = 150;

/**
 * The card's trends: asks HA's recorder for statistics after a render and
 * holds the answer. The card calls `request` only from `updated()`, which
 * runs only when its update filter let a render through (own sensors, config,
 * the minute clock), never for unrelated `hass` updates; the fetcher itself
 * holds requests to one per 10 minutes unless a balance changed.
 */
export class TrendController implements ReactiveController {
  /** Null until the first answer (or failure): the card holds the lines' places meanwhile. */
  series: TrendSeries | null = null;
  #holdUntil = 0;
  #holdTimer: ReturnType<typeof setTimeout> | undefined;
  #held: Promise<void> | null = null;
  #release: () => void = () => undefined;

  #fetcher = new StatisticsFetcher(
    (series) => this.#show(series),
    // HA without a recorder, or no connection: no lines rather than places held forever.
    () => this.series ?? this.#show(new Map()),
  );

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  #show(series: TrendSeries): void {
    this.series = series;
    this.#stopHolding();
    this.host.requestUpdate();
  }

  /** The accounts the card shows (built once per render); asks HA when the fetcher says it is time. */
  request(hass: StatisticsSource, accounts: readonly Account[], trend: Trend): void {
    if (trend === 'none') return;
    const ids = accounts.map((a) => a.primaryEntityId);
    const key = `${trend}|${accounts.map((a) => `${a.primaryEntityId}=${a.current}`).join(',')}`;
    this.#fetcher.maybeFetch(hass, ids, trend, key, Date.now());
  }

  /**
   * Before the card's very first render: ask at once and let the card wait
   * up to FIRST_ANSWER_WAIT_MS for the answer, so it renders once with its
   * lines instead of twice (rows, then lines). Returns whether to wait: not
   * when another card of the page kept an answer for the same sensors, which
   * the fetcher hands over at once while it asks (kept-statistics.ts).
   */
  holdFirstRender(hass: StatisticsSource, accounts: readonly Account[], trend: Trend): boolean {
    if (trend === 'none' || this.series || !accounts.length) return false;
    if (!this.#held) {
      this.#holdUntil = Date.now() + FIRST_ANSWER_WAIT_MS;
      this.#held = new Promise((resolve) => (this.#release = resolve));
      this.#holdTimer = setTimeout(() => {
        this.#stopHolding();
        this.host.requestUpdate();
      }, FIRST_ANSWER_WAIT_MS);
      this.request(hass, accounts, trend);
    }
    return Date.now() < this.#holdUntil && !this.series;
  }

  /** Resolves once the card no longer waits for its first answer (see the card's getUpdateComplete). */
  get held(): Promise<void> | null {
    return this.#held;
  }

  #stopHolding(): void {
    clearTimeout(this.#holdTimer);
    this.#holdUntil = 0;
    this.#release();
  }

  /**
   * Taken out of the page. The statistics stay: HA's masonry view takes every
   * card out and puts it back on each re-layout (the sidebar docked, the
   * window narrowed), which is no new showing. A card shown again after a
   * while asks on its next render if its answer is over 10 minutes old
   * (REFETCH_MS).
   */
  hostDisconnected(): void {
    this.#stopHolding();
  }
}
