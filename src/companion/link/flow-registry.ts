import type { AbortReason } from '../../protocol/index.js';
import type { TimerHandle } from '../poll/clock.js';
import { RequestError } from '../errors.js';
import { HostedLinkFlow, type FlowDeps, type FlowStartInput } from './link-flow.js';

/** A finished flow stays readable this long, so a card that reconnects late still sees how it ended. */
const FINISHED_RETENTION_MS = 10 * 60_000;
/** At most this many finished flows are kept readable; the oldest go first. */
export const MAX_FINISHED_FLOWS = 50;
/** Starting another flow beyond this cancels the user's oldest open one. */
export const MAX_OPEN_FLOWS_PER_USER = 3;

/**
 * The open link flows. Each belongs to the HA user who started it: another
 * user asking for it gets `not_found`, exactly as if it did not exist, so a
 * flow id seen in the recorder cannot be used to take over someone's link.
 */
export class FlowRegistry {
  private readonly flows = new Map<string, HostedLinkFlow>();
  private readonly retentionTimers = new Map<string, TimerHandle>();
  private readonly finishedOrder: string[] = [];

  constructor(
    private readonly deps: FlowDeps,
    /** Fires `plaid_balance_flow` for every step change. */
    private readonly onStep: (flow: HostedLinkFlow) => void,
  ) {}

  async start(input: FlowStartInput): Promise<HostedLinkFlow> {
    // Each open flow holds a Plaid link token and timers: a user who keeps starting
    // flows (or a script) replaces their oldest instead of piling them up.
    const open = [...this.flows.values()].filter((f) => f.userId === input.userId && !f.finished);
    for (const stale of open.slice(0, Math.max(0, open.length - MAX_OPEN_FLOWS_PER_USER + 1))) {
      await stale.cancel('cancelled', 'A newer link was started, so this one was stopped. Nothing was added.');
    }
    const flow = new HostedLinkFlow(this.deps, input, (f) => {
      this.onStep(f);
      if (f.finished && !this.finishedOrder.includes(f.id)) {
        this.finishedOrder.push(f.id);
        this.retentionTimers.set(
          f.id,
          this.deps.clock.setTimeout(() => this.forget(f.id), FINISHED_RETENTION_MS),
        );
        // Bounded, however many flows end within the retention time.
        while (this.finishedOrder.length > MAX_FINISHED_FLOWS) this.forget(this.finishedOrder[0]);
      }
    });
    this.flows.set(flow.id, flow);
    await flow.start();
    return flow;
  }

  /** Open and retained flows (for tests and diagnostics). */
  get size(): number {
    return this.flows.size;
  }

  private forget(flowId: string): void {
    this.flows.delete(flowId);
    const timer = this.retentionTimers.get(flowId);
    if (timer) this.deps.clock.clearTimeout(timer);
    this.retentionTimers.delete(flowId);
    const at = this.finishedOrder.indexOf(flowId);
    if (at >= 0) this.finishedOrder.splice(at, 1);
  }

  get(flowId: string, userId: string | null): HostedLinkFlow {
    const flow = this.flows.get(flowId);
    if (!flow || flow.userId !== userId) throw new RequestError('not_found', `no flow ${flowId}`);
    return flow;
  }

  /** Ends every open flow (shutdown), removing Items nobody configured, and forgets them all. */
  async close(reason: AbortReason): Promise<void> {
    await Promise.all([...this.flows.values()].map((f) => f.cancel(reason)));
    for (const timer of this.retentionTimers.values()) this.deps.clock.clearTimeout(timer);
    this.retentionTimers.clear();
    this.flows.clear();
    this.finishedOrder.length = 0;
  }
}
