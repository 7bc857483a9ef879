import type { AbortReason } from '../protocol/index.js';
import type { TimerHandle } from './clock.js';
import { RequestError } from './errors.js';
import { LinkFlow, type FlowDeps, type FlowStartInput } from './link-flow.js';

/** A finished flow stays readable this long, so a card that reconnects late still sees how it ended. */
const FINISHED_RETENTION_MS = 10 * 60_000;

/**
 * The open link flows. Each belongs to the HA user who started it: another
 * user asking for it gets `not_found`, exactly as if it did not exist, so a
 * flow id seen in the recorder cannot be used to take over someone's link.
 */
export class FlowRegistry {
  private readonly flows = new Map<string, LinkFlow>();
  private readonly retentionTimers = new Set<TimerHandle>();

  constructor(
    private readonly deps: FlowDeps,
    /** Fires `plaid_balance_flow` for every step change. */
    private readonly onStep: (flow: LinkFlow) => void,
  ) {}

  async start(input: FlowStartInput): Promise<LinkFlow> {
    const flow = new LinkFlow(this.deps, input, (f) => {
      this.onStep(f);
      if (f.finished) {
        const timer = this.deps.clock.setTimeout(() => {
          this.retentionTimers.delete(timer);
          this.flows.delete(f.id);
        }, FINISHED_RETENTION_MS);
        this.retentionTimers.add(timer);
      }
    });
    this.flows.set(flow.id, flow);
    await flow.start();
    return flow;
  }

  get(flowId: string, userId: string | null): LinkFlow {
    const flow = this.flows.get(flowId);
    if (!flow || flow.userId !== userId) throw new RequestError('not_found', `no flow ${flowId}`);
    return flow;
  }

  /** Ends every open flow (shutdown), removing Items nobody configured, and forgets them all. */
  async close(reason: AbortReason): Promise<void> {
    await Promise.all([...this.flows.values()].map((f) => f.cancel(reason)));
    for (const timer of this.retentionTimers) this.deps.clock.clearTimeout(timer);
    this.retentionTimers.clear();
    this.flows.clear();
  }
}
