// Fault injection: Plaid errors, added latency and dropped connections, each
// for one endpoint (or '*' for every Plaid endpoint) and optionally one item.

export interface FaultScope {
  /** Only calls for this item (resolved from the request's access_token) are affected. */
  itemId?: string;
}

interface CountedFault extends FaultScope {
  endpoint: string;
  remaining: number;
}

interface InjectedError extends CountedFault {
  code: string;
}

interface Latency extends FaultScope {
  endpoint: string;
  ms: number;
}

function matches(f: { endpoint: string; itemId?: string }, endpoint: string, itemId: string | undefined): boolean {
  return (f.endpoint === '*' || f.endpoint === endpoint) && (f.itemId === undefined || f.itemId === itemId);
}

function take<T extends CountedFault>(list: T[], endpoint: string, itemId: string | undefined): T | undefined {
  const index = list.findIndex((f) => matches(f, endpoint, itemId));
  if (index < 0) return undefined;
  const fault = list[index]!;
  fault.remaining -= 1;
  if (fault.remaining <= 0) list.splice(index, 1);
  return fault;
}

export class Faults {
  private errors: InjectedError[] = [];
  private drops: CountedFault[] = [];
  private latencies: Latency[] = [];

  /** `count` = Infinity keeps the error until clear(). */
  injectError(endpoint: string, code: string, count: number, scope: FaultScope = {}): void {
    if (!(count > 0)) throw new Error(`count must be positive, got ${count}`);
    this.errors.push({ endpoint, code, remaining: count, ...scope });
  }

  dropConnections(endpoint: string, count: number, scope: FaultScope = {}): void {
    if (!(count > 0)) throw new Error(`count must be positive, got ${count}`);
    this.drops.push({ endpoint, remaining: count, ...scope });
  }

  /** ms = 0 removes the latency for that endpoint and scope. */
  setLatency(endpoint: string, ms: number, scope: FaultScope = {}): void {
    this.latencies = this.latencies.filter((l) => !(l.endpoint === endpoint && l.itemId === scope.itemId));
    if (ms > 0) this.latencies.push({ endpoint, ms, ...scope });
  }

  latencyFor(endpoint: string, itemId: string | undefined): number {
    return this.latencies.filter((l) => matches(l, endpoint, itemId)).reduce((sum, l) => sum + l.ms, 0);
  }

  takeDrop(endpoint: string, itemId: string | undefined): boolean {
    return take(this.drops, endpoint, itemId) !== undefined;
  }

  takeError(endpoint: string, itemId: string | undefined): string | undefined {
    return take(this.errors, endpoint, itemId)?.code;
  }

  clear(): void {
    this.errors = [];
    this.drops = [];
    this.latencies = [];
  }
}
