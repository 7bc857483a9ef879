/**
 * For the simulator and demo command lines: on the first SIGINT or SIGTERM,
 * says so, closes (servers, child processes) and exits 0, or 1 when closing
 * failed. A second signal while closing is ignored rather than cutting the
 * shutdown short.
 */
export function closeOnSignal(close: () => Promise<void>, message: (signal: NodeJS.Signals) => string): void {
  let closing = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (closing) return;
    closing = true;
    console.log(message(signal));
    close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, stop);
}
