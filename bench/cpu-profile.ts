/**
 * Development aid for `runCardBench({ profile: true })`: reads a CDP CPU
 * profile of the card page and lists where the time went, by self time and,
 * for the card's own functions, inclusive time.
 */

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

export interface CpuProfile {
  nodes: Array<{ id: number; callFrame: CallFrame; children?: number[] }>;
  samples?: number[];
  timeDeltas?: number[];
}

const nameOf = (f: CallFrame) => `${f.functionName || '(anon)'} ${f.url.split('/').pop()}:${f.lineNumber + 1}`;

/** The `n` functions with the most self time, then the card's 40 with the most inclusive time, as percentages. */
export function hottestFunctions(profile: CpuProfile, n = 25): string {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  const nodeSelf = new Map<number, number>();
  for (let i = 0; i < samples.length; i++)
    nodeSelf.set(samples[i]!, (nodeSelf.get(samples[i]!) ?? 0) + (deltas[i] ?? 0));

  const self = new Map<string, number>();
  // Inclusive: a sample counts once for every function on its stack, however often that function recurs in it.
  const inclusive = new Map<string, number>();
  for (const [id, us] of nodeSelf) {
    const own = nameOf(nodes.get(id)!.callFrame);
    self.set(own, (self.get(own) ?? 0) + us);
    const onStack = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at))
      onStack.add(nameOf(nodes.get(at)!.callFrame));
    for (const name of onStack) inclusive.set(name, (inclusive.get(name) ?? 0) + us);
  }
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const lines = (entries: Array<[string, number]>) =>
    entries.map(([name, us]) => `${((100 * us) / total).toFixed(1).padStart(5)}%  ${name}`).join('\n');
  const bySelf = [...self].sort((a, b) => b[1] - a[1]).slice(0, n);
  const card = [...inclusive]
    .filter(([name]) => name.includes('plaid-balance-'))
    .sort((a, b) => b[1] - a[1])
    .slice(0, 40);
  return `${lines(bySelf)}\n  inclusive:\n${lines(card)}`;
}
