/**
 * Network delay between HA and a client: remote access over a phone network,
 * a VPN, an HA on a busy Raspberry Pi. Every websocket message (in both
 * directions) and every REST answer waits `base + random() * jitter` ms.
 * A connection is one TCP stream, so its messages keep their order: a
 * message never overtakes the one sent before it, however the jitter falls.
 */
export interface LatencyOptions {
  /** Added to every websocket message, client → HA and HA → client. */
  wsMessageMs?: number;
  /** Added to every REST (and other HTTP) answer. */
  restMs?: number;
  /** Up to this much more, at random, on each message or answer. */
  jitterMs?: number;
  /** For reproducible jitter; Math.random by default. */
  random?: () => number;
}

export class Latency {
  constructor(private readonly options: LatencyOptions = {}) {}

  get active(): boolean {
    return (this.options.wsMessageMs ?? 0) > 0 || (this.options.restMs ?? 0) > 0 || (this.options.jitterMs ?? 0) > 0;
  }

  restDelayMs(): number {
    return this.delay(this.options.restMs ?? 0);
  }

  /** A FIFO lane for one direction of one websocket. */
  lane(): Lane {
    return new Lane(() => this.delay(this.options.wsMessageMs ?? 0));
  }

  private delay(base: number): number {
    const jitter = this.options.jitterMs ?? 0;
    return base + (jitter > 0 ? (this.options.random ?? Math.random)() * jitter : 0);
  }
}

export class Lane {
  private readonly queue: { at: number; deliver: () => void }[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly nextDelayMs: () => number) {}

  /** Runs `deliver` after this message's delay, never before earlier ones; at once when there is no delay. */
  run(deliver: () => void): void {
    const delay = this.nextDelayMs();
    if (delay <= 0 && this.queue.length === 0) {
      deliver();
      return;
    }
    const last = this.queue.at(-1)?.at ?? 0;
    this.queue.push({ at: Math.max(Date.now() + delay, last), deliver });
    if (!this.timer) this.arm();
  }

  /** A closed connection delivers nothing more. */
  cancel(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.queue.length = 0;
  }

  private arm(): void {
    const head = this.queue[0];
    if (!head) {
      this.timer = undefined;
      return;
    }
    this.timer = setTimeout(
      () => {
        while (this.queue[0] && this.queue[0].at <= Date.now()) this.queue.shift()!.deliver();
        this.arm();
      },
      Math.max(0, head.at - Date.now()),
    );
  }
}
