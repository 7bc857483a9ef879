import type { Clock, TimerHandle } from '../poll/clock.js';
import { PlaidFailure } from '../errors.js';
import type { Logger } from '../logger.js';
import { toPlaidFailure, type PlaidClient } from '../plaid/plaid-client.js';
import { readLinkSessions } from './link-sessions.js';

export interface AbandonedLinkDeps {
  plaid: Pick<PlaidClient, 'getLinkToken' | 'exchangePublicToken' | 'removeItem'>;
  clock: Clock;
  log: Logger;
  /** How often `/link/token/get` is asked, as while the flow was open. */
  checkIntervalMs: number;
}

export interface AbandonedLink {
  flowId: string;
  linkToken: string;
  /** The link token's expiry (ms since the epoch): after it, Plaid's tab can no longer link a bank. */
  expiresAt: number;
}

interface Watch extends AbandonedLink {
  timer: TimerHandle | undefined;
  /** Public tokens whose Item is gone (or could not be had): never exchanged twice. */
  readonly done: Set<string>;
  /** Public token → access token of an Item exchanged but not yet removed (a failed `/item/remove`). */
  readonly exchanged: Map<string, string>;
}

/**
 * Links cancelled in Home Assistant while Plaid's tab was open. The card
 * cannot close that tab (it may be the phone's browser), so the user can
 * still finish there, and Plaid would then hold, and bill, an Item the
 * companion never lists. Each such link token stays watched as the flow
 * watched it until it expires; an Item it produced is exchanged and removed
 * at Plaid at once, never stored and never given entities.
 */
export class AbandonedLinks {
  private readonly watches = new Set<Watch>();
  private closed = false;

  constructor(private readonly deps: AbandonedLinkDeps) {}

  /** Links being watched (for tests and diagnostics). */
  get size(): number {
    return this.watches.size;
  }

  watch(link: AbandonedLink): void {
    if (this.closed) return;
    const watch: Watch = { ...link, timer: undefined, done: new Set(), exchanged: new Map() };
    this.watches.add(watch);
    this.schedule(watch);
  }

  /** Stops every watch (the companion is stopping). */
  close(): void {
    this.closed = true;
    for (const watch of this.watches) if (watch.timer) this.deps.clock.clearTimeout(watch.timer);
    this.watches.clear();
  }

  private schedule(watch: Watch): void {
    watch.timer = this.deps.clock.setTimeout(() => {
      watch.timer = undefined;
      void this.check(watch);
    }, this.deps.checkIntervalMs);
  }

  private async check(watch: Watch): Promise<void> {
    const { plaid, clock, log } = this.deps;
    // An Item already exchanged must still go, whether or not the link token lives.
    let publicTokens = [...watch.exchanged.keys()];
    let linkAlive = clock.now() < watch.expiresAt;
    if (linkAlive) {
      try {
        const res = await plaid.getLinkToken(watch.linkToken);
        const outcome = readLinkSessions('link', res.link_sessions ?? []);
        const results = outcome.kind === 'linked' ? outcome.results : [];
        publicTokens = [...new Set([...publicTokens, ...results.map((r) => r.public_token)])];
      } catch (err) {
        const failure = toPlaidFailure(err);
        if (failure.error_code === 'INVALID_LINK_TOKEN') linkAlive = false;
        else log.debug('checking a cancelled link failed; trying again', { flow_id: watch.flowId });
      }
    }
    for (const publicToken of publicTokens) {
      if (this.closed) return;
      if (!watch.done.has(publicToken)) await this.removeProduced(watch, publicToken);
    }
    if (this.closed) return;
    if (linkAlive || watch.exchanged.size) this.schedule(watch);
    else this.watches.delete(watch);
  }

  private async removeProduced(watch: Watch, publicToken: string): Promise<void> {
    const { plaid, log } = this.deps;
    try {
      let accessToken = watch.exchanged.get(publicToken);
      if (accessToken === undefined) {
        accessToken = (await plaid.exchangePublicToken(publicToken)).access_token;
        log.addSecret(accessToken);
        watch.exchanged.set(publicToken, accessToken);
      }
      try {
        await plaid.removeItem(accessToken);
      } catch (err) {
        // Plaid no longer knowing the Item is what was wanted anyway.
        if (!(err instanceof PlaidFailure && err.error_code === 'ITEM_NOT_FOUND')) throw err;
      }
      watch.exchanged.delete(publicToken);
      watch.done.add(publicToken);
      log.info('removed the bank connection of a link cancelled in Home Assistant', { flow_id: watch.flowId });
    } catch (err) {
      const failure = toPlaidFailure(err);
      if (!watch.exchanged.has(publicToken) && failure.error_code === 'INVALID_PUBLIC_TOKEN') {
        // Expired or used: there is no access token to be had, so nothing left to remove with it.
        watch.done.add(publicToken);
        log.warn('a link cancelled in Home Assistant produced a bank connection that could not be removed', {
          flow_id: watch.flowId,
          error_code: failure.error_code,
        });
        return;
      }
      log.warn('removing the bank connection of a cancelled link failed; trying again', {
        flow_id: watch.flowId,
        error_code: failure.error_code,
      });
    }
  }
}
