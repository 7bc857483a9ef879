/**
 * Simulated time for the companion (its injectable Clock, src/companion/poll/clock.ts)
 * against REAL simulators: a fired timer usually starts HTTP calls that take
 * real milliseconds, so `advanceTo` waits after each timer until its work has
 * scheduled the next timer (the poller re-arms itself when a poll is done)
 * before it moves on. A timer whose work arms nothing (an item in
 * login_required) costs `quietMs` of real time.
 */
import type { Clock, TimerHandle } from '../src/companion/poll/clock.js';

interface Timer {
  at: number;
  seq: number;
  fn: () => void;
}

export class SimClock implements Clock {
  #t: number;
  #seq = 0;
  #timers: Timer[] = [];
  #armed = 0;

  constructor(start = Date.now()) {
    this.#t = start;
  }

  now(): number {
    return this.#t;
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const timer = { at: this.#t + Math.max(0, ms), seq: this.#seq++, fn };
    this.#timers.push(timer);
    this.#armed++;
    return timer;
  }

  clearTimeout(handle: TimerHandle): void {
    this.#timers = this.#timers.filter((t) => t !== handle);
  }

  get pending(): number {
    return this.#timers.length;
  }

  /** Runs every timer due up to `end` (inclusive), in order, then sets the time to `end`. */
  async advanceTo(end: number, quietMs = 500): Promise<number> {
    let fired = 0;
    for (;;) {
      const next = this.#timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (!next) break;
      this.#timers = this.#timers.filter((t) => t !== next);
      this.#t = next.at;
      const armed = this.#armed;
      next.fn();
      fired++;
      const deadline = Date.now() + quietMs;
      while (this.#armed === armed && Date.now() < deadline) await new Promise((r) => setTimeout(r, 1));
      for (let i = 0; i < 5; i++) await new Promise<void>((r) => setImmediate(r));
    }
    this.#t = end;
    return fired;
  }
}
