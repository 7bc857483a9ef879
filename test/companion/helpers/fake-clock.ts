import type { Clock, TimerHandle } from '../../../src/companion/poll/clock.js';

interface Timer {
  at: number;
  seq: number;
  fn: () => void;
}

/**
 * A clock that only moves when told to. `advance` runs due timers in order and
 * lets their promises settle; `fireNext` runs just the earliest timer, for
 * tests against real sockets that wait for their own signal of quiet.
 */
export class FakeClock implements Clock {
  private t: number;
  private seq = 0;
  private timers: Timer[] = [];

  constructor(start = Date.parse('2025-01-01T00:00:00Z')) {
    this.t = start;
  }

  now(): number {
    return this.t;
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const timer = { at: this.t + Math.max(0, ms), seq: this.seq++, fn };
    this.timers.push(timer);
    return timer;
  }

  clearTimeout(handle: TimerHandle): void {
    this.timers = this.timers.filter((t) => t !== handle);
  }

  get pending(): number {
    return this.timers.length;
  }

  /** Moves to the earliest timer and runs it; false when none is left. */
  fireNext(): boolean {
    const next = this.timers.reduce<Timer | undefined>(
      (a, b) => (!a || b.at < a.at || (b.at === a.at && b.seq < a.seq) ? b : a),
      undefined,
    );
    if (!next) return false;
    this.timers = this.timers.filter((t) => t !== next);
    this.t = Math.max(this.t, next.at);
    next.fn();
    return true;
  }

  async advance(ms: number): Promise<void> {
    const end = this.t + ms;
    for (;;) {
      await settle();
      const next = this.timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (!next) break;
      this.timers = this.timers.filter((t) => t !== next);
      this.t = next.at;
      next.fn();
    }
    this.t = end;
    await settle();
  }
}

async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise<void>((r) => setImmediate(r));
}
