/**
 * The process around the companion: argv, environment, logger, signals and
 * exit codes. The service itself is app.ts; the one-shot commands are cli.ts.
 */
import { startApp } from './app.js';
import {
  HELP,
  UsageError,
  linkCommand,
  listCommand,
  parseCli,
  removeCommand,
  rotateKeyCommand,
  type ParsedCli,
} from './cli/cli.js';
import { loadConfig, type ConfigSources } from './config/load-config.js';
import { formatCheck, runDoctor } from './cli/doctor.js';
import { ConfigError, StoreCorruptError, StoreKeyError, StoreLockedError } from './errors.js';
import { createLogger, type Logger } from './logger.js';

const EXIT_OK = 0;
const EXIT_FAILED = 1;
const EXIT_USAGE = 2;

const out = (line: string) => process.stdout.write(line + '\n');

async function run(cli: ParsedCli, sources: ConfigSources): Promise<number> {
  if (cli.command === 'doctor') {
    const log = createLogger({ level: 'warn' });
    const checks = await runDoctor({ sources, log });
    for (const check of checks) out(formatCheck(check));
    return checks.every((c) => c.ok) ? EXIT_OK : EXIT_FAILED;
  }
  if (cli.command === 'list' || cli.command === 'rotate-key') {
    const config = loadConfig(sources, { require: [] });
    const ctx = { config, log: createLogger({ level: config.logLevel }), out };
    return cli.command === 'list' ? listCommand(ctx) : rotateKeyCommand(ctx);
  }
  const config = loadConfig(sources, { require: ['ha', 'plaid'] });
  const log = createLogger({ level: config.logLevel });
  log.addSecret(config.plaidSecret);
  log.addSecret(config.haToken);
  const ctx = { config, log, out };
  switch (cli.command) {
    case 'remove':
      return removeCommand(ctx, cli.args[0]);
    case 'link':
      return linkCommand(ctx, cli.linkOptions);
    case 'start':
      return serve(config, log);
  }
}

function serve(config: Parameters<typeof startApp>[0]['config'], log: Logger): Promise<number> {
  return new Promise((resolve, reject) => {
    startApp({ config, log }).then((app) => {
      let stopping = false;
      const stop = (signal: string) => {
        if (stopping) return;
        stopping = true;
        log.info('stopping', { signal });
        app.close().then(
          () => resolve(EXIT_OK),
          (err: unknown) => {
            log.error('error while stopping', { error: err });
            resolve(EXIT_FAILED);
          },
        );
      };
      process.once('SIGINT', () => stop('SIGINT'));
      process.once('SIGTERM', () => stop('SIGTERM'));
      // A refused or non-admin HA_TOKEN: stop cleanly (store lock released), then main() prints the one line, exit 2.
      void app.tokenUnusable.then((error) => {
        stopping = true;
        app.close().finally(() => reject(error));
      });
    }, reject);
  });
}

async function main(): Promise<number> {
  let cli: ParsedCli;
  try {
    cli = parseCli(process.argv.slice(2));
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`plaid-balance-companion: ${err.message}\n`);
      return EXIT_USAGE;
    }
    throw err;
  }
  if (cli.help) {
    out(HELP);
    return EXIT_OK;
  }
  try {
    return await run(cli, { flags: cli.flags, env: process.env });
  } catch (err) {
    // Exactly one line naming what is wrong; no stack trace for the user's mistakes.
    if (err instanceof ConfigError) {
      process.stderr.write(`plaid-balance-companion: ${err.message}\n`);
      return EXIT_USAGE;
    }
    if (err instanceof StoreLockedError || err instanceof StoreCorruptError || err instanceof StoreKeyError) {
      process.stderr.write(`plaid-balance-companion: ${err.message}\n`);
      return EXIT_FAILED;
    }
    throw err;
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    // Never print a raw error object: it could hold a request config with the secret.
    process.stderr.write(
      `plaid-balance-companion: unexpected error: ` +
        `${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}\n`,
    );
    process.exit(EXIT_FAILED);
  },
);
