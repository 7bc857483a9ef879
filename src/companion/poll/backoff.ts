/** Exponential backoff with jitter; pure, so the schedule is testable without waiting. */
export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
  factor?: number;
  /** Fraction of the delay that is randomised (0 = none, 0.5 = delay in [50 %, 100 %]). */
  jitter?: number;
}

/** Delay before retry number `attempt` (1 = first retry). `random` returns [0, 1). */
export function backoffDelay(attempt: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const factor = policy.factor ?? 2;
  const jitter = policy.jitter ?? 0.5;
  const exp = Math.min(policy.maxMs, policy.baseMs * factor ** Math.max(0, attempt - 1));
  // Jitter spreads retries of many items (and many companions) so they do not hit Plaid together.
  return Math.round(exp * (1 - jitter * random()));
}

/**
 * A sliding window of call times: at most `limit` calls in any `windowMs`.
 * Plaid rate-limits per Item (15/min for /accounts/get, 5/min for
 * /accounts/balance/get), so the poller keeps one window per item and endpoint.
 */
export class RateWindow {
  private readonly calls: number[] = [];

  constructor(
    readonly limit: number,
    readonly windowMs: number,
  ) {}

  /** The earliest time at or after `now` a call is allowed. */
  nextAllowedAt(now: number): number {
    this.prune(now);
    if (this.calls.length < this.limit) return now;
    return this.calls[this.calls.length - this.limit] + this.windowMs;
  }

  record(now: number): void {
    this.prune(now);
    this.calls.push(now);
  }

  private prune(now: number): void {
    while (this.calls.length && this.calls[0] <= now - this.windowMs) this.calls.shift();
  }
}
