// Harnesses start several servers, a browser or a child process one after the
// other. When a later one fails, the earlier ones must be stopped again, or the
// test file never exits (the suite then waits for it) and the ports stay taken.

/** What has been started so far, to be stopped in reverse order. */
export class StartedParts {
  private readonly stops: (() => Promise<unknown>)[] = [];

  /** Records `part` as started; `stop` undoes it. Returns `part` for chaining. */
  add<T>(part: T, stop: (part: T) => Promise<unknown> | unknown): T {
    this.stops.push(async () => stop(part));
    return part;
  }

  /** Stops everything recorded, last first; every stop runs even when one fails. */
  async stopAll(): Promise<void> {
    const errors: unknown[] = [];
    while (this.stops.length) {
      const stop = this.stops.pop()!;
      await stop().catch((err: unknown) => errors.push(err));
    }
    if (errors.length) throw new AggregateError(errors, 'stopping the started parts failed');
  }
}

/**
 * Runs `start`, which records each part it starts in `parts`. When `start`
 * throws, whatever it had started is stopped before the error is rethrown.
 */
export async function startOrUndo<T>(start: (parts: StartedParts) => Promise<T>): Promise<T> {
  const parts = new StartedParts();
  try {
    return await start(parts);
  } catch (err) {
    await parts.stopAll().catch(() => {});
    throw err;
  }
}

/**
 * Starts independent parts at the same time (say a simulator stack and a
 * browser). When any start fails, the ones that did start are closed and the
 * first error is rethrown, instead of a browser nobody holds running on.
 */
export async function startTogether<A, B>(
  a: { start: () => Promise<A>; stop: (part: A) => Promise<unknown> },
  b: { start: () => Promise<B>; stop: (part: B) => Promise<unknown> },
): Promise<[A, B]> {
  const [ra, rb] = await Promise.allSettled([a.start(), b.start()]);
  if (ra.status === 'fulfilled' && rb.status === 'fulfilled') return [ra.value, rb.value];
  if (ra.status === 'fulfilled') await a.stop(ra.value).catch(() => {});
  if (rb.status === 'fulfilled') await b.stop(rb.value).catch(() => {});
  throw ra.status === 'rejected' ? ra.reason : (rb as PromiseRejectedResult).reason;
}
