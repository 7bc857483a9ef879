import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { COMPANION_NODE_FLAGS } from '../../../scripts/build-companion.mjs';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `node scripts/companion.mjs <args>` (what `npm run companion -- <args>`
 * runs: the bundled companion) with only the given environment, plus PATH and HOME.
 * `onStdout` sees output as it arrives, e.g. to act on a printed link.
 */
export function runCli(
  args: string[],
  env: Record<string, string>,
  onStdout?: (text: string) => void,
  timeoutMs = 20_000,
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...COMPANION_NODE_FLAGS, 'scripts/companion.mjs', ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
    });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`companion ${args.join(' ')} timed out; stdout: ${stdout} stderr: ${stderr}`));
    }, timeoutMs);
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      onStdout?.(stdout);
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
