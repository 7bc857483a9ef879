import { parseArgs } from 'node:util';
import { BALANCE_KINDS, type AccountsFormInput, type BalanceKind, type FlowStep } from '../../protocol/index.js';
import { createLinkKeyPair, openSealedLink } from '../../protocol/sealed-link.js';
import { systemClock } from '../poll/clock.js';
import { CONFIG_FLAGS, settingsHelp, storeKeyOptions, type ServiceConfig, type StoreConfig } from '../config/config.js';
import { FLOW_IDLE_TIMEOUT_MS, LINK_CHECK_INTERVAL_MS } from '../link/flow-timings.js';
import { HaClient } from '../ha/ha-client.js';
import { removeItem } from '../link/item-removal.js';
import { HostedLinkFlow } from '../link/link-flow.js';
import type { Logger } from '../logger.js';
import { plaidClientFor } from '../plaid/plaid-client.js';
import { itemEntityIds } from '../entities/sensor-states.js';
import { openEntitySink } from '../entities/sensor-transport.js';
import { StateWriter } from '../entities/state-writer.js';
import { keyFilePath, newKeyText } from '../store/store-key.js';
import { readStoreFile, TokenStore } from '../store/token-store.js';

export const COMMANDS = ['start', 'doctor', 'link', 'list', 'remove', 'rotate-key'] as const;
export type Command = (typeof COMMANDS)[number];

export const HELP = `Usage: plaid-balance-companion [command] [options]

Commands:
  start              run the companion (default)
  doctor             check config, Home Assistant, Plaid and the store; say what to fix
  link               link a bank from the terminal: prints the Plaid Hosted Link URL,
                     waits, then writes sensors
      --accounts <ids>     comma-separated account ids to add (default: all)
      --kinds <kinds>      current, available or current,available (default: as suggested)
      --duplicate <what>   keep_existing | replace, when the bank is already linked
  list               list linked items
  remove <item_id>   remove an item at Plaid, its sensors in HA, and its token
  rotate-key         re-encrypt the token store with a new key (stop the companion first);
                     with a key file the file is replaced, with STORE_KEY the new key is
                     printed for you to set

Settings (flag, else environment variable, else add-on option; see the README):
${settingsHelp()}

Exit codes: 0 ok, 1 a command or check failed, 2 bad usage or configuration.
`;

/** A wrong command line; main prints it and exits 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export interface ParsedCli {
  command: Command;
  args: string[];
  /** Config flags, by flag name without dashes. */
  flags: Record<string, string>;
  linkOptions: { accounts?: string[]; kinds?: BalanceKind[]; duplicate?: 'keep_existing' | 'replace' };
  help: boolean;
}

export function parseCli(argv: readonly string[]): ParsedCli {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string }> = {
    help: { type: 'boolean', short: 'h' },
    accounts: { type: 'string' },
    kinds: { type: 'string' },
    duplicate: { type: 'string' },
  };
  for (const flag of CONFIG_FLAGS) options[flag] = { type: 'string' };
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError(`${parseArgsProblem(err as Error & { code?: string })} (see --help)`);
  }
  const [first, ...rest] = parsed.positionals;
  const command = (first ?? 'start') as Command;
  if (!COMMANDS.includes(command)) throw new UsageError(`unknown command "${first}"; commands: ${COMMANDS.join(', ')}`);
  if (command === 'remove' && rest.length !== 1) throw new UsageError('remove needs exactly one item_id (see `list`)');
  if (command !== 'remove' && rest.length) throw new UsageError(`unexpected argument "${rest[0]}"`);
  const values = parsed.values as Record<string, string | boolean | undefined>;
  const flags: Record<string, string> = {};
  for (const flag of CONFIG_FLAGS) if (typeof values[flag] === 'string') flags[flag] = values[flag] as string;

  const linkOptions: ParsedCli['linkOptions'] = {};
  if (typeof values.accounts === 'string')
    linkOptions.accounts = values.accounts
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  if (typeof values.kinds === 'string') {
    const kinds = values.kinds.split(',').map((s) => s.trim());
    if (!kinds.length || kinds.some((k) => !(BALANCE_KINDS as readonly string[]).includes(k))) {
      throw new UsageError(`--kinds must be current, available or current,available (got "${values.kinds}")`);
    }
    linkOptions.kinds = kinds as BalanceKind[];
  }
  if (typeof values.duplicate === 'string') {
    if (values.duplicate !== 'keep_existing' && values.duplicate !== 'replace') {
      throw new UsageError(`--duplicate must be keep_existing or replace (got "${values.duplicate}")`);
    }
    linkOptions.duplicate = values.duplicate;
  }
  return { command, args: rest, flags, linkOptions, help: values.help === true };
}

/** Node's parser texts, shortened to one clean clause naming the flag. */
function parseArgsProblem(err: Error & { code?: string }): string {
  const flag = /'(-[^' ]+)/.exec(err.message)?.[1];
  if (!flag) return err.message;
  if (err.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `unknown option ${flag}`;
  if (/argument missing/.test(err.message)) return `${flag} needs a value`;
  if (/does not take an argument/.test(err.message)) return `${flag} takes no value`;
  return err.message;
}

/** What a command runs with: the store-only commands get a StoreConfig, the others a ServiceConfig. */
export interface CommandContext<C extends StoreConfig = ServiceConfig> {
  config: C;
  log: Logger;
  /** Command output (stdout); the log goes to stderr. */
  out: (line: string) => void;
}

/** `list`: reads the store without locking it, so it also works while `start` runs. */
export async function listCommand(ctx: CommandContext<StoreConfig>): Promise<number> {
  const file = await readStoreFile(ctx.config.dataDir);
  const items = (file?.items ?? []).filter((i) => i.configured);
  if (!items.length) {
    ctx.out('no linked items');
    return 0;
  }
  for (const item of items) {
    ctx.out(
      `${item.item_id}  ${item.institution_name}  status=${item.status}  ` +
        `last_refreshed=${item.last_refreshed ?? 'never'}`,
    );
    for (const id of itemEntityIds(item)) ctx.out(`    ${id}`);
  }
  return 0;
}

/** HA over REST only: the one-shot commands write and delete states but need no event subscription. */
function restOnlyHa(ctx: CommandContext): HaClient {
  return new HaClient({ url: ctx.config.haUrl, token: ctx.config.haToken, log: ctx.log, clock: systemClock });
}

/** The writer the one-shot commands use: the configured transport, publishing at once (no migration to wait for). */
async function commandWriter(
  ctx: CommandContext,
  store: TokenStore,
): Promise<{ writer: StateWriter; close: () => Promise<void> }> {
  const ha = restOnlyHa(ctx);
  const { sink } = await openEntitySink({
    config: ctx.config,
    ha,
    installationId: store.installationId,
    items: () => store.items(),
    onRefresh: () => undefined,
    ready: Promise.resolve(),
    log: ctx.log,
    clock: systemClock,
    role: 'cli',
  });
  return { writer: new StateWriter(ha, sink, ctx.log), close: () => sink.close() };
}

export async function removeCommand(ctx: CommandContext, itemId: string): Promise<number> {
  const store = await TokenStore.open(ctx.config.dataDir, storeKeyOptions(ctx.config));
  const { writer, close } = await commandWriter(ctx, store).catch(async (err: unknown) => {
    await store.close();
    throw err;
  });
  try {
    for (const item of store.items()) ctx.log.addSecret(item.access_token);
    const removed = await removeItem(
      { plaid: plaidClientFor(ctx.config, ctx.log), store, writer, log: ctx.log },
      itemId,
    );
    if (removed === null) {
      ctx.out(`no item ${itemId} (see \`list\`)`);
      return 1;
    }
    ctx.out(`removed ${itemId} at Plaid and from the store; deleted ${removed.length} entities in Home Assistant`);
    return 0;
  } finally {
    await close();
    await store.close();
  }
}

/** `link`: the card's link flow in a terminal. */
export async function linkCommand(
  ctx: CommandContext,
  options: ParsedCli['linkOptions'],
  checkIntervalMs = LINK_CHECK_INTERVAL_MS,
): Promise<number> {
  const store = await TokenStore.open(ctx.config.dataDir, storeKeyOptions(ctx.config));
  const { writer, close } = await commandWriter(ctx, store).catch(async (err: unknown) => {
    await store.close();
    throw err;
  });
  const plaid = plaidClientFor(ctx.config, ctx.log);
  try {
    let settle: (step: FlowStep) => void = () => undefined;
    // The terminal is this flow's dialog: it holds the key the URL is sealed to.
    const linkKey = createLinkKeyPair();
    const flow = new HostedLinkFlow(
      // The terminal has no card asking for the flow, so only the idle deadline applies.
      {
        plaid,
        store,
        writer,
        removal: { plaid, store, writer, log: ctx.log },
        clock: systemClock,
        log: ctx.log,
        checkIntervalMs,
        idleTimeoutMs: FLOW_IDLE_TIMEOUT_MS,
        cardTimeoutMs: FLOW_IDLE_TIMEOUT_MS,
      },
      { mode: 'link', userId: null, linkKey: linkKey.publicKey },
      (f) => settle(f.step),
    );
    const nextStep = () =>
      new Promise<FlowStep>(
        (resolve) => (settle = (s) => s.type !== 'progress' && s.type !== 'external' && resolve(s)),
      );
    let waiting = nextStep();
    let step = await flow.start();
    if (step.type === 'external') {
      ctx.out(`Open this link in a browser and sign in to your bank (expires ${step.expires_at}):`);
      ctx.out(openSealedLink(step.sealed_url, linkKey));
      ctx.out('waiting for Plaid…');
      step = await waiting;
    }
    if (step.type === 'form') {
      const accounts = step.data.accounts.filter((a) => !options.accounts || options.accounts.includes(a.account_id));
      const input: AccountsFormInput = {
        accounts: accounts.map((a) => ({ account_id: a.account_id, kinds: options.kinds ?? a.suggested_kinds })),
        duplicate: step.data.duplicate_of ? (options.duplicate ?? 'keep_existing') : undefined,
      };
      if (step.data.duplicate_of && !options.duplicate) {
        ctx.out(
          `${step.data.institution_name} is already linked (item ${step.data.duplicate_of.item_id}); keeping it. ` +
            `Pass --duplicate replace to replace it.`,
        );
      }
      waiting = nextStep();
      step = await flow.configure(input);
      if (step.type === 'progress') step = await waiting;
    }
    if (step.type === 'form') {
      ctx.out(`cannot add these accounts: ${Object.values(step.errors).join('; ')}`);
      await flow.cancel();
      return 1;
    }
    if (step.type === 'create_entry') {
      ctx.out(`linked ${step.result.institution_name} (item ${step.result.item_id}):`);
      for (const e of step.result.entities)
        ctx.out(`    ${e.entity_id} = ${e.state ?? 'unknown'} ${e.unit_of_measurement}`);
      return 0;
    }
    if (step.type === 'abort') ctx.out(`not linked: ${step.message}`);
    return 1;
  } finally {
    await close();
    await store.close();
  }
}

/**
 * `rotate-key`: re-encrypts every access token with a new random key. Needs
 * the store's lock, so the companion must be stopped. With a key file, the
 * file is replaced (crash-safe, see TokenStore.rotateKey); with STORE_KEY the
 * new key is printed first, and the user sets STORE_KEY to it before the next start.
 */
export async function rotateKeyCommand(ctx: CommandContext<StoreConfig>): Promise<number> {
  const options = storeKeyOptions(ctx.config);
  const store = await TokenStore.open(ctx.config.dataDir, options);
  try {
    const before = store.keyInfo.id;
    const next = newKeyText();
    if (options.envKey) {
      ctx.out('New store key (set STORE_KEY to it before the next start; the old key no longer works):');
      ctx.out(next);
      const { id } = await store.rotateKey(next, null);
      ctx.out(`re-encrypted ${store.items().length} access token(s): key id ${before} -> ${id}`);
    } else {
      const file = keyFilePath(ctx.config.dataDir, options);
      const { id } = await store.rotateKey(next, file);
      ctx.out(`re-encrypted ${store.items().length} access token(s) and replaced ${file}: key id ${before} -> ${id}`);
    }
    ctx.out('Backups made before now hold the old key and the old ciphertexts: delete those you no longer need.');
    return 0;
  } finally {
    await store.close();
  }
}
