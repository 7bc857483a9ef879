import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';

/** A command line under test (a simulator, the demo), run from source with tsx. */
export interface CliProcess {
  child: ChildProcessWithoutNullStreams;
  /** Everything it printed to stdout so far. */
  output(): string;
  /** Sends the signal and resolves with the exit code. */
  stop(signal: NodeJS.Signals): Promise<number | null>;
}

/** Starts `node --import tsx <script> <args>` and resolves once `ready(stdout)` holds; rejects if it exits first. */
export async function startCli(
  script: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  ready: (stdout: string) => boolean,
): Promise<CliProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { env });
  child.stderr.pipe(process.stderr);
  let out = '';
  child.stdout.setEncoding('utf8');
  await new Promise<void>((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`${script} exited early with ${code}: ${out}`));
    child.once('exit', onExit);
    child.stdout.on('data', (chunk: string) => {
      out += chunk;
      if (ready(out)) {
        child.off('exit', onExit);
        resolve();
      }
    });
  });
  return {
    child,
    output: () => out,
    async stop(signal) {
      const exited = once(child, 'exit');
      child.kill(signal);
      const [code] = await exited;
      return code as number | null;
    },
  };
}
