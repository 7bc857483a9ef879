import { FLOW_EVENT, REQUEST_EVENT, flowEventMessage } from '../protocol/index.js';
import { AdminCheck } from './admin-check.js';
import { BalancePoller } from './balance-poller.js';
import { systemClock, type Clock } from './clock.js';
import type { Config } from './config.js';
import type { ConfigError } from './errors.js';
import { FlowRegistry } from './flow-registry.js';
import { HaClient } from './ha-client.js';
import { removeItem, type ItemRemovalDeps } from './item-removal.js';
import type { FlowDeps } from './link-flow.js';
import type { Logger } from './logger.js';
import { plaidClientFor } from './plaid-client.js';
import { RequestHandler } from './request-handler.js';
import { StateWriter } from './state-writer.js';
import { storeKeyOptions } from './store-key.js';
import { TokenStore } from './token-store.js';

export interface AppOptions {
  config: Config;
  log: Logger;
  clock?: Clock;
  /** How often an open flow asks Plaid about its Hosted Link session (default 2 s). */
  linkCheckIntervalMs?: number;
  /** How long a flow waits for the user at one step (default 30 min). */
  flowIdleTimeoutMs?: number;
  /** First-connection retry to HA (default 1 s doubling to 30 s). */
  haRetry?: { baseMs: number; maxMs: number };
  plaidTimeoutMs?: number;
  /** How long to wait before trying a token HA refused while running (default 8 h). */
  refusedTokenRetryMs?: number;
}

export interface App {
  readonly store: TokenStore;
  readonly ha: HaClient;
  readonly poller: BalancePoller;
  readonly flows: FlowRegistry;
  readonly handler: RequestHandler;
  /** Settles if HA_TOKEN turns out unusable at start (refused, or not an admin's); main.ts exits 2 with its line. */
  readonly tokenUnusable: Promise<ConfigError>;
  close(): Promise<void>;
}

/**
 * The companion service, without process concerns (argv, signals, exit
 * codes live in main.ts): opens the store, connects to HA, answers the
 * card's requests, runs link flows and polls balances.
 */
export async function startApp(options: AppOptions): Promise<App> {
  const { config, log } = options;
  const clock = options.clock ?? systemClock;
  // Registered here too, not only in main.ts, so no embedding of the app can log them.
  log.addSecret(config.plaidSecret);
  log.addSecret(config.haToken);
  const store = await TokenStore.open(config.dataDir, storeKeyOptions(config));
  if (store.migratedFrom !== null) log.info('encrypted the access tokens in the token store', { path: store.path, key: store.keyInfo.source });
  for (const item of store.items()) log.addSecret(item.access_token);

  const plaid = plaidClientFor(config, log, options.plaidTimeoutMs);
  let reportTokenUnusable!: (error: ConfigError) => void;
  const tokenUnusable = new Promise<ConfigError>((resolve) => (reportTokenUnusable = resolve));
  const ha = new HaClient({
    url: config.haUrl,
    token: config.haToken,
    log,
    clock,
    retry: options.haRetry,
    ...(options.refusedTokenRetryMs !== undefined ? { refusedTokenRetryMs: options.refusedTokenRetryMs } : {}),
    onTokenUnusable: reportTokenUnusable,
  });
  const writer = new StateWriter(ha, log);
  const poller = new BalancePoller({
    store,
    plaid,
    onItemChanged: (before, after) => writer.itemChanged(before, after),
    clock,
    log,
    intervalMs: config.pollIntervalMs,
    endpoint: config.balanceEndpoint,
  });
  const removal: ItemRemovalDeps = { plaid, store, writer, log, forget: (id) => poller.remove(id) };
  const flowDeps: FlowDeps = {
    plaid,
    store,
    writer,
    poller,
    clock,
    log,
    checkIntervalMs: options.linkCheckIntervalMs ?? 2000,
    idleTimeoutMs: options.flowIdleTimeoutMs ?? 30 * 60_000,
  };
  const flows = new FlowRegistry(flowDeps, (flow) => {
    ha.fireEvent(FLOW_EVENT, { ...flowEventMessage(flow.id, flow.step) }).catch((err: unknown) =>
      log.warn('sending a flow update to HA failed', { flow_id: flow.id, error: err }),
    );
  });
  const admins = new AdminCheck(ha, clock, log);
  const handler = new RequestHandler({ ha, admins, flows, store, poller, removal, log });

  ha.subscribe(REQUEST_EVENT, (event) => void handler.handle(event));
  ha.onReady(() => {
    // HA may have restarted: it forgot our states and notifications, and its users may have changed.
    admins.invalidate();
    void writer.writeAll(store.items().filter((i) => i.configured));
  });

  // Before anything could write: once started, the client sends nothing over REST until HA accepted the token.
  ha.start();
  // Items exchanged by a flow that never finished (the companion stopped mid-link) are billed: remove them.
  for (const orphan of store.items().filter((i) => !i.configured)) {
    removeItem(removal, orphan.item_id).catch((err: unknown) =>
      log.warn('removing an unconfigured Item failed; will retry at next start', { item_id: orphan.item_id, error: err }),
    );
  }

  poller.start();
  log.info('companion started', { items: store.items().length, data_dir: config.dataDir, plaid_env: config.plaidEnv });

  return {
    store,
    ha,
    poller,
    flows,
    handler,
    tokenUnusable,
    async close() {
      poller.stop();
      await flows.close('companion_restarted');
      ha.close();
      await store.close();
      log.info('companion stopped');
    },
  };
}
