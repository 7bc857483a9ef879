/**
 * HA's time zone and the turn of each day in it, for the month sensors and
 * the recent list: the month sensors' last_reset has to move at midnight of
 * the 1st where HA is, and the recent list and last month's figures "to date"
 * move at every midnight. The zone comes from HA (`get_config`) at every
 * connect, so a zone changed in HA's settings is followed.
 */
import type { Logger } from '../logger.js';
import type { Clock, TimerHandle } from '../poll/clock.js';
import type { TransactionsContext } from '../entities/transaction-states.js';
import { addDays, assertTimeZone, startOfDay, zonedDay } from './zoned-calendar.js';

/** Node's timers overflow past 2^31 − 1 ms; a day is far below, and a later wake-up just looks again. */
const MAX_WAIT_MS = 6 * 60 * 60_000;

export class TransactionsTime {
  private zone: string | undefined;
  private timer: TimerHandle | undefined;
  private closed = false;

  constructor(
    private readonly clock: Clock,
    private readonly log: Logger,
    /** The day turned in HA's zone: the sensors are due again (a new zone is written by whoever set it). */
    private readonly onTurn: () => void,
  ) {}

  /** Undefined until HA told its zone. */
  context(): TransactionsContext | undefined {
    return this.zone === undefined ? undefined : { timeZone: this.zone, now: this.clock.now() };
  }

  /** HA's zone as get_config names it, before the sensors are written; a name Node does not know is logged, ignored. */
  setTimeZone(zone: string): void {
    if (this.closed || zone === this.zone) return;
    try {
      assertTimeZone(zone);
    } catch {
      this.log.warn("Home Assistant's time zone is unknown to Node; the month sensors wait for a known one", { zone });
      return;
    }
    this.zone = zone;
    this.schedule();
  }

  close(): void {
    this.closed = true;
    if (this.timer) this.clock.clearTimeout(this.timer);
  }

  private schedule(): void {
    if (this.timer) this.clock.clearTimeout(this.timer);
    const zone = this.zone;
    if (zone === undefined) return;
    const today = zonedDay(this.clock.now(), zone);
    const next = startOfDay(addDays(today, 1), zone);
    this.timer = this.clock.setTimeout(
      () => {
        this.timer = undefined;
        const turned = zonedDay(this.clock.now(), zone) !== today;
        this.schedule();
        if (turned) this.onTurn();
      },
      Math.min(MAX_WAIT_MS, Math.max(0, next - this.clock.now())),
    );
  }
}
