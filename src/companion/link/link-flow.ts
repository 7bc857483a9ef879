import type { LinkSessionItemAddResult } from 'plaid';
import { type AbortReason, type AccountsFormInput, type FlowMode, type FlowStep } from '../../protocol/index.js';
import type { AbandonedLinks } from './abandoned-links.js';
import { sealLink } from '../../protocol/sealed-link.js';
import { accountsFormErrors } from './item-accounts-form.js';
import type { BalancePoller } from '../poll/balance-poller.js';
import { RequestError } from '../errors.js';
import {
  clearReconnectedItem,
  exchangeLinkResult,
  fetchAccountsForm,
  saveAccountChoices,
  type FlowItemDeps,
} from './flow-items.js';
import { FlowLifecycle, type FlowLifecycleDeps } from './flow-lifecycle.js';
import { removeItem } from './item-removal.js';
import { readLinkSessions } from './link-sessions.js';
import { toPlaidFailure, type PlaidAccount, type PlaidClient } from '../plaid/plaid-client.js';
import { createdEntities, type CreatedEntity } from '../plaid/plaid-accounts.js';
import type { StateWriter } from '../entities/state-writer.js';
import type { TokenStore } from '../store/token-store.js';

export interface FlowDeps extends FlowLifecycleDeps, FlowItemDeps {
  plaid: Pick<
    PlaidClient,
    'createLinkToken' | 'getLinkToken' | 'exchangePublicToken' | 'getAccounts' | 'getInstitution' | 'removeItem'
  >;
  store: Pick<TokenStore, 'get' | 'put' | 'update' | 'delete' | 'items' | 'installationId'>;
  writer: Pick<StateWriter, 'writeItem' | 'itemChanged' | 'removeItem'>;
  poller?: Pick<BalancePoller, 'add' | 'pollNow' | 'recordCall' | 'remove'>;
  /** Watches a link cancelled while Plaid's tab was open (absent in the one-shot CLI, which exits). */
  abandoned?: Pick<AbandonedLinks, 'watch'>;
}

export interface FlowStartInput {
  mode: FlowMode;
  itemId?: string;
  redirectUri?: string;
  /** The card's public key; the Hosted Link URL is sealed to it before it goes through HA. */
  linkKey: string;
  /** `link`: the user asked for the bank's payment due dates too (Plaid Liabilities). */
  dueDates?: boolean;
  /** The HA user who started the flow; only they may see or drive it. */
  userId: string | null;
}

/** Accepts only http(s) URLs for Plaid's completion redirect (it is shown to the user's browser). */
export function validRedirectUri(uri: string): boolean {
  try {
    const url = new URL(uri);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

/**
 * One link or reconnect flow, modelled on HA's data_entry_flow: a sequence of
 * steps the card renders, driven by Plaid's Hosted Link session. Steps never
 * hold a token: public tokens are exchanged here and access tokens go
 * straight into the store (before anything else, so no Item is orphaned).
 * The deadlines and endings are FlowLifecycle's; what is done to the Items,
 * flow-items.ts; the form's checks, accounts-form.ts; reading Plaid's
 * sessions, link-sessions.ts.
 */
export class HostedLinkFlow extends FlowLifecycle {
  private linkToken: string | undefined;
  private linkExpiresAt = Number.POSITIVE_INFINITY;
  private formAccounts: PlaidAccount[] = [];
  private readonly created: CreatedEntity[] = [];
  private lastItem: { item_id: string; institution_name: string } | undefined;

  constructor(
    protected override readonly deps: FlowDeps,
    readonly input: FlowStartInput,
    /** Called on every step change (the registry fires `plaid_balance_flow`). */
    private readonly onStep: (flow: HostedLinkFlow) => void,
  ) {
    super(deps);
  }

  get userId(): string | null {
    return this.input.userId;
  }

  protected stepChanged(): void {
    this.onStep(this);
  }

  async start(): Promise<FlowStep> {
    this.touch();
    const { plaid, store, log } = this.deps;
    let accessToken: string | undefined;
    // Reconnecting and adding due dates are both Plaid's update mode on a linked Item.
    if (this.input.mode !== 'link') {
      const item = this.input.itemId ? store.get(this.input.itemId) : undefined;
      if (!item || !item.configured) return this.abort('item_not_found');
      accessToken = item.access_token;
    }
    try {
      const token = await plaid.createLinkToken({
        clientUserId: store.installationId,
        accessToken,
        completionRedirectUri: this.input.redirectUri,
        dueDates: this.wantsDueDates,
      });
      if (!token.hosted_link_url) {
        return this.abort('plaid_error', 'Plaid did not return a Hosted Link URL for this link token.');
      }
      this.linkToken = token.link_token;
      this.linkExpiresAt = Date.parse(token.expiration);
      this.setStep({
        type: 'external',
        step_id: 'hosted_link',
        sealed_url: sealLink(token.hosted_link_url, this.input.linkKey),
        expires_at: token.expiration,
      });
      log.info('link flow started', {
        flow_id: this.id,
        mode: this.input.mode,
        item_id: this.input.itemId,
        due_dates: this.wantsDueDates,
      });
      this.scheduleCheck();
      return this.current;
    } catch (err) {
      return this.abortForPlaid(err);
    }
  }

  /** The user asked for payment due dates: with a new link, or by adding them to a linked bank. */
  private get wantsDueDates(): boolean {
    return this.input.mode === 'add_due_dates' || (this.input.mode === 'link' && this.input.dueDates === true);
  }

  /** The user's answer to the accounts form. */
  async configure(input: AccountsFormInput): Promise<FlowStep> {
    if (this.current.type !== 'form') {
      throw new RequestError(
        'invalid_request',
        `flow ${this.id} is not waiting for the accounts form (step ${this.current.type})`,
      );
    }
    const form = this.current;
    const itemId = form.data.item_id;
    const errors = accountsFormErrors(form, input);
    if (Object.keys(errors).length) {
      this.setStep({ ...form, errors });
      return this.current;
    }
    const duplicateOf = form.data.duplicate_of;
    try {
      if (duplicateOf && input.duplicate === 'keep_existing') {
        this.pending.splice(this.pending.indexOf(itemId), 1);
        await this.discardItem(itemId);
        return this.abort(
          'duplicate',
          `${form.data.institution_name} is already linked. Your existing connection was kept ` +
            `and the new one removed, so Plaid does not bill it twice.`,
        );
      }
      this.setStep({ type: 'progress', step_id: 'write_sensors', progress_action: 'write_sensors' });
      if (duplicateOf && input.duplicate === 'replace') {
        await removeItem(this.deps.removal, duplicateOf.item_id);
      }
      if (!(await this.saveChoices(itemId, input))) return this.abort('item_not_found');
      return await this.next();
    } catch (err) {
      return this.abortForPlaid(err);
    }
  }

  /**
   * A cancel does not close Plaid's tab: a link cancelled there is watched
   * until its token expires, so a bank linked in it after all is removed again.
   * Not at shutdown, which ends every watch.
   */
  override async cancel(reason: AbortReason = 'cancelled', message?: string): Promise<FlowStep> {
    const linkToken = this.input.mode === 'link' && this.current.type === 'external' ? this.linkToken : undefined;
    const step = await super.cancel(reason, message);
    if (linkToken !== undefined && reason !== 'companion_restarted') {
      this.deps.abandoned?.watch({ flowId: this.id, linkToken, expiresAt: this.linkExpiresAt });
    }
    return step;
  }

  // ---- Hosted Link session ----

  protected async check(): Promise<void> {
    if (this.finished || this.current.type !== 'external' || !this.linkToken) return;
    if (this.deps.clock.now() >= this.linkExpiresAt) {
      await this.abort('link_expired');
      return;
    }
    try {
      const res = await this.deps.plaid.getLinkToken(this.linkToken);
      if (this.finished) return;
      const sessions = res.link_sessions ?? [];
      if (sessions.length) this.inPlaid = true;
      const outcome = readLinkSessions(this.input.mode, sessions);
      if (outcome.kind === 'linked') {
        await this.exchange(outcome.results);
        return;
      }
      if (outcome.kind === 'reconnected') {
        await this.finishReconnect();
        return;
      }
      if (outcome.kind === 'exited') {
        const { error } = outcome;
        if (error)
          await this.abort('plaid_error', error.display_message || `Plaid ended the link: ${error.error_code}.`);
        else await this.abort('user_exited');
        return;
      }
    } catch (err) {
      const failure = toPlaidFailure(err);
      if (failure.error_code === 'INVALID_LINK_TOKEN') {
        await this.abort('link_expired');
        return;
      }
      if (!failure.retryable) {
        await this.abortForPlaid(failure);
        return;
      }
      this.deps.log.debug('checking the link session failed; trying again', {
        flow_id: this.id,
        error_code: failure.error_code,
      });
    }
    if (!this.finished) this.scheduleCheck();
  }

  private async exchange(results: LinkSessionItemAddResult[]): Promise<void> {
    const { log } = this.deps;
    this.setStep({ type: 'progress', step_id: 'exchange_token', progress_action: 'exchange_token' });
    try {
      for (const result of results) {
        if (this.finished) return;
        const item_id = await exchangeLinkResult(this.deps, result);
        if (this.finished) {
          // Cancelled (user, shutdown, a newer flow) while Plaid answered: the new Item is billed, remove it.
          await this.discardItem(item_id);
          return;
        }
        this.pending.push(item_id);
        log.info('bank linked; waiting for the accounts form', { flow_id: this.id, item_id });
      }
      await this.next();
    } catch (err) {
      await this.abortForPlaid(err);
    }
  }

  /** The form for the next exchanged item, or the final step when none is left. */
  private async next(): Promise<FlowStep> {
    // An ended flow stays ended: its pending Items were already removed by abort().
    if (this.finished) return this.current;
    const itemId = this.pending[0];
    if (itemId === undefined) {
      const last = this.lastItem;
      if (!last) return this.abort('no_accounts');
      this.setStep({ type: 'create_entry', result: { ...last, entities: [...this.created] } });
      return this.current;
    }
    this.setStep({ type: 'progress', step_id: 'fetch_accounts', progress_action: 'fetch_accounts' });
    const fetched = await fetchAccountsForm(this.deps, itemId, () => this.finished, this.wantsDueDates);
    if (this.finished) return this.current;
    if (!fetched) {
      this.pending.shift();
      await this.discardItem(itemId);
      return this.pending.length || this.lastItem ? this.next() : this.abort('no_accounts');
    }
    this.formAccounts = fetched.accounts;
    this.setStep(fetched.form);
    return this.current;
  }

  /** False when the item was removed meanwhile (a Remove from the card). */
  private async saveChoices(itemId: string, input: AccountsFormInput): Promise<boolean> {
    const { writer, poller } = this.deps;
    const item = await saveAccountChoices(this.deps, itemId, input, this.formAccounts);
    if (!item) return false;
    this.pending.shift();
    await writer.writeItem(item);
    poller?.add(itemId);
    // Not awaited: the flow's ending must not wait on Plaid; the poller writes the sensors when it has them.
    if (item.due_dates) void this.deps.liabilities?.fetchNow(itemId);
    this.created.push(...createdEntities(item));
    this.lastItem = { item_id: item.item_id, institution_name: item.institution_name };
    this.deps.log.info('accounts configured', { flow_id: this.id, item_id: itemId, entities: this.created.length });
    return true;
  }

  private async finishReconnect(): Promise<void> {
    this.setStep({ type: 'progress', step_id: 'fetch_accounts', progress_action: 'fetch_accounts' });
    const item = await clearReconnectedItem(this.deps, this.id, this.input.itemId, this.wantsDueDates);
    if (!item) {
      await this.abort('item_not_found');
      return;
    }
    this.setStep({
      type: 'create_entry',
      result: { item_id: item.item_id, institution_name: item.institution_name, entities: createdEntities(item) },
    });
  }
}
