import { FLOW_ABANDONED_AFTER_MS, FLOW_EVENT, REQUEST_EVENT, flowEventMessage } from '../protocol/index.js';
import { AdminCheck } from './ha/admin-check.js';
import { BalancePoller, pollBackoffPolicy } from './poll/balance-poller.js';
import { LiabilitiesPoller } from './poll/liabilities-poller.js';
import { systemClock, type Clock } from './poll/clock.js';
import { storeKeyOptions, type ServiceConfig } from './config/config.js';
import type { ConfigError } from './errors.js';
import { AbandonedLinks } from './link/abandoned-links.js';
import { FlowRegistry } from './link/flow-registry.js';
import { FLOW_IDLE_TIMEOUT_MS, LINK_CHECK_INTERVAL_MS } from './link/flow-timings.js';
import { HaClient } from './ha/ha-client.js';
import { HealthFile } from './health-file.js';
import { removeItem, type ItemRemovalDeps } from './link/item-removal.js';
import type { FlowDeps } from './link/link-flow.js';
import type { Logger } from './logger.js';
import { plaidClientFor } from './plaid/plaid-client.js';
import { RequestHandler } from './ha/request-handler.js';
import { deleteRestStates } from './entities/rest-migration.js';
import { openEntitySink } from './entities/sensor-transport.js';
import { StateWriter } from './entities/state-writer.js';
import { TokenStore } from './store/token-store.js';
import { mqttEventTransport, restEventTransport } from './entities/transaction-event-transports.js';
import { EventDelivery } from './transactions/event-delivery.js';
import { TransactionsTime } from './transactions/transactions-time.js';
import { ItemTransactionsSync } from './transactions/item-sync.js';

/** How long MQTT discovery waits for HA before publishing anyway. */
const MIGRATION_WAIT_MS = 15_000;

export interface AppOptions {
  config: ServiceConfig;
  log: Logger;
  clock?: Clock;
  /** Default LINK_CHECK_INTERVAL_MS; tests shorten it. */
  linkCheckIntervalMs?: number;
  /** Default FLOW_IDLE_TIMEOUT_MS; tests shorten it. */
  flowIdleTimeoutMs?: number;
  /** See FlowDeps.cardTimeoutMs; the protocol's FLOW_ABANDONED_AFTER_MS by default. */
  flowCardTimeoutMs?: number;
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
  /** Delivers each Item's outbox of transaction events; `kick()` it after a sync recorded new ones. Null when off. */
  readonly transactionEvents: EventDelivery | null;
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
  if (store.migratedFrom !== null)
    log.info('encrypted the access tokens in the token store', { path: store.path, key: store.keyInfo.source });
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
  // MQTT discovery waits until the old REST states are gone (or HA has not answered for a while).
  const migration = { done: () => {} };
  const migrated = new Promise<void>((resolve) => (migration.done = resolve));
  const migrationTimer = clock.setTimeout(() => migration.done(), MIGRATION_WAIT_MS);
  const transactionsOn = config.transactions === 'on';
  // The day turned in HA's zone: the month sensors and recent lists are due again.
  const transactionsTime = new TransactionsTime(clock, log, () => void writer.writeAll(configuredItems()));
  const configuredItems = () => store.items().filter((i) => i.configured);
  /** HA's MQTT integration is up unless its will said otherwise (without a broker: always). */
  let haMqttOnline = true;
  const { sink, mqtt, link } = await openEntitySink({
    config,
    ha,
    installationId: store.installationId,
    items: () => store.items(),
    // `poller` exists before any message can arrive: nothing awaits between here and its construction.
    onRefresh: (itemId) => void poller.pollNow(itemId),
    ready: migrated,
    log,
    clock,
    transactions: { enabled: transactionsOn, context: () => transactionsTime.context() },
    onHaStatus: (online) => {
      haMqttOnline = online;
      events?.setPresent(ha.connected && haMqttOnline);
      if (online) events?.reconfirm();
    },
  }).catch(async (err: unknown) => {
    clock.clearTimeout(migrationTimer);
    transactionsTime.close();
    await store.close();
    throw err;
  });
  // Transaction events wait in each Item's outbox until HA has them (event-delivery.ts).
  const events = transactionsOn
    ? new EventDelivery({
        store,
        transport: link ? mqttEventTransport(link, ha) : restEventTransport(ha),
        clock,
        log,
      })
    : null;
  if (!mqtt) {
    clock.clearTimeout(migrationTimer);
    migration.done();
  }
  const writer = new StateWriter(ha, sink, log);
  const liabilities = new LiabilitiesPoller({
    store,
    plaid,
    onItemChanged: (before, after) => writer.itemChanged(before, after),
    clock,
    log,
  });
  const transactions = new ItemTransactionsSync({
    store,
    plaid,
    clock,
    log,
    enabled: transactionsOn,
    timeZone: () => transactionsTime.context()?.timeZone ?? null,
    backoff: pollBackoffPolicy(config.pollIntervalMs),
  });
  const poller = new BalancePoller({
    store,
    plaid,
    transactions,
    // A sync changed the month sensors or the recent list, or recorded events for HA.
    onTransactionsChanged: async (item) => {
      await writer.itemChanged(item, item);
      events?.kick();
    },
    onItemChanged: async (before, after) => {
      await writer.itemChanged(before, after);
      // Consent to Liabilities just appeared (update mode): read the due dates now, not a day later.
      if (!before.due_dates && after.due_dates) void liabilities.fetchNow(after.item_id);
    },
    clock,
    log,
    intervalMs: config.pollIntervalMs,
    endpoint: config.balanceEndpoint,
  });
  const removal: ItemRemovalDeps = {
    plaid,
    store,
    writer,
    log,
    forget: (id) => {
      poller.remove(id);
      liabilities.remove(id);
      transactions.forget(id);
    },
  };
  let migrationDue = mqtt;
  const checkIntervalMs = options.linkCheckIntervalMs ?? LINK_CHECK_INTERVAL_MS;
  const abandoned = new AbandonedLinks({ plaid, clock, log, checkIntervalMs });
  const flowDeps: FlowDeps = {
    plaid,
    store,
    writer,
    poller,
    liabilities,
    removal,
    clock,
    log,
    abandoned,
    checkIntervalMs,
    idleTimeoutMs: options.flowIdleTimeoutMs ?? FLOW_IDLE_TIMEOUT_MS,
    cardTimeoutMs: options.flowCardTimeoutMs ?? FLOW_ABANDONED_AFTER_MS,
  };
  const flows = new FlowRegistry(flowDeps, (flow) => {
    ha.fireEvent(FLOW_EVENT, { ...flowEventMessage(flow.id, flow.step) }).catch((err: unknown) =>
      log.warn('sending a flow update to HA failed', { flow_id: flow.id, error: err }),
    );
  });
  const admins = new AdminCheck(ha, clock, log);
  const handler = new RequestHandler({ ha, admins, flows, store, poller, removal, log });

  const health = new HealthFile(config.healthFile, log);
  ha.subscribe(REQUEST_EVENT, (event) => void handler.handle(event));
  ha.onDisconnected(() => {
    health.disconnected();
    events?.setPresent(false);
  });
  ha.onReady(() => {
    health.connected();
    // HA may have restarted: it forgot our states and notifications, and its users may have changed.
    admins.invalidate();
    const items = store.items().filter((i) => i.configured);
    if (migrationDue) {
      migrationDue = false;
      void deleteRestStates(ha, items, log).finally(() => {
        clock.clearTimeout(migrationTimer);
        migration.done();
      });
    }
    // HA's zone first (it may have changed while away), so one write carries the month sensors; events go after
    // it, once the event entities are announced.
    void (transactionsOn ? followTimeZone() : Promise.resolve()).then(async () => {
      await writer.writeAll(items);
      events?.setPresent(ha.connected && haMqttOnline);
    });
  });

  async function followTimeZone(): Promise<void> {
    try {
      transactionsTime.setTimeZone(await ha.timeZone());
    } catch (err) {
      log.warn("reading Home Assistant's time zone failed; retrying on reconnect", { error: err });
    }
  }

  // Before anything could write: once started, the client sends nothing over REST until HA accepted the token.
  ha.start();
  // Items exchanged by a flow that never finished (the companion stopped mid-link) are billed: remove them.
  for (const orphan of store.items().filter((i) => !i.configured)) {
    removeItem(removal, orphan.item_id).catch((err: unknown) =>
      log.warn('removing an unconfigured Item failed; will retry at next start', {
        item_id: orphan.item_id,
        error: err,
      }),
    );
  }

  poller.start();
  liabilities.start();
  log.info('companion started', { items: store.items().length, data_dir: config.dataDir, plaid_env: config.plaidEnv });

  return {
    store,
    ha,
    poller,
    flows,
    handler,
    transactionEvents: events,
    tokenUnusable,
    async close() {
      poller.stop();
      liabilities.stop();
      health.disconnected();
      clock.clearTimeout(migrationTimer);
      transactionsTime.close();
      events?.close();
      await flows.close('companion_restarted');
      abandoned.close();
      ha.close();
      await sink.close();
      await store.close();
      log.info('companion stopped');
    },
  };
}
