import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';

/** How long a child gets to exit after SIGTERM before SIGKILL. */
const STOP_GRACE_MS = 5000;

/** A clean stop of a child the tests started (broker, companion): SIGTERM, SIGKILL if it has not exited in time. */
export async function stopChild(child: ChildProcess): Promise<void> {
  // 'close', not 'exit': its last lines ("companion stopped") may still be in the pipe when it exits.
  const exited = once(child, 'close');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
  await exited;
  clearTimeout(timer);
}
