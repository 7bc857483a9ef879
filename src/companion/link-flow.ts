import type { LinkSessionItemAddResult, LinkTokenGetSessionsResponse } from 'plaid';
import {
  newId,
  sealLink,
  type AbortReason,
  type AccountsFormInput,
  type FlowStep,
  type FormStep,
} from '../protocol/index.js';
import type { BalancePoller } from './balance-poller.js';
import type { Clock, TimerHandle } from './clock.js';
import { RequestError } from './errors.js';
import { removeItem, type ItemRemovalDeps } from './item-removal.js';
import type { Logger } from './logger.js';
import { toPlaidFailure, type PlaidAccount, type PlaidClient } from './plaid-client.js';
import { accountChoice, createdEntities, storedAccount, type CreatedEntity } from './plaid-accounts.js';
import { entityLabelFor } from './sensor-states.js';
import type { StateWriter } from './state-writer.js';
import type { TokenStore } from './token-store.js';

export type FlowMode = 'link' | 'reconnect';

export interface FlowDeps {
  plaid: Pick<PlaidClient, 'createLinkToken' | 'getLinkToken' | 'exchangePublicToken' | 'getAccounts' | 'getInstitution' | 'removeItem'>;
  store: Pick<TokenStore, 'get' | 'put' | 'update' | 'delete' | 'items' | 'installationId'>;
  writer: Pick<StateWriter, 'writeItem' | 'itemChanged' | 'removeItem'>;
  poller?: Pick<BalancePoller, 'add' | 'pollNow' | 'recordCall' | 'remove'>;
  /** How an Item is removed everywhere (Plaid, HA, store): the same as the card's Remove. */
  removal: ItemRemovalDeps;
  clock: Clock;
  log: Logger;
  /** How often `/link/token/get` is asked while the user is in Hosted Link. */
  checkIntervalMs: number;
  /** How long a flow may wait for the user at any one step before it is abandoned. */
  idleTimeoutMs: number;
  /**
   * How long a flow may go without its card asking about it (`touch`) before
   * it is abandoned: the dialog or its tab was closed without Close. Not while
   * the user is in Plaid's tab (a session is open there), where the card's tab
   * may sleep; `idleTimeoutMs` and the link's expiry still apply.
   */
  cardTimeoutMs: number;
}

export interface FlowStartInput {
  mode: FlowMode;
  itemId?: string;
  redirectUri?: string;
  /** The card's public key; the Hosted Link URL is sealed to it before it goes through HA. */
  linkKey: string;
  /** The HA user who started the flow; only they may see or drive it. */
  userId: string | null;
}

const ABORT_MESSAGES: Record<AbortReason, string> = {
  user_exited: 'You left Plaid before linking an account. Nothing was added.',
  link_expired: 'The Plaid link expired before it was finished. Start again to link your bank.',
  duplicate: 'This bank connection was already linked. Your existing connection was kept and the new one removed.',
  plaid_error: 'Plaid reported an error.',
  cancelled: 'Linking was cancelled. Nothing was added.',
  item_not_found: 'That bank connection no longer exists.',
  companion_restarted: 'The companion stopped before linking finished. Start again.',
  no_accounts: 'Plaid returned no accounts for this bank, so there is nothing to show.',
};

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
 */
export class HostedLinkFlow {
  readonly id = newId();
  private current: FlowStep = { type: 'progress', step_id: 'start', progress_action: 'wait_for_plaid' };
  private linkToken: string | undefined;
  private linkExpiresAt = Number.POSITIVE_INFINITY;
  private checkTimer: TimerHandle | undefined;
  private idleTimer: TimerHandle | undefined;
  private cardTimer: TimerHandle | undefined;
  /** Plaid reports a Hosted Link session for this link token: the user opened it. */
  private inPlaid = false;
  /** Items exchanged in this flow and not yet configured; removed at Plaid if the flow ends without them. */
  private readonly pending: string[] = [];
  private formAccounts: PlaidAccount[] = [];
  private readonly created: CreatedEntity[] = [];
  private lastItem: { item_id: string; institution_name: string } | undefined;

  constructor(
    private readonly deps: FlowDeps,
    readonly input: FlowStartInput,
    /** Called on every step change (the registry fires `plaid_balance_flow`). */
    private readonly onStep: (flow: HostedLinkFlow) => void,
  ) {}

  get step(): FlowStep {
    return this.current;
  }

  get userId(): string | null {
    return this.input.userId;
  }

  get finished(): boolean {
    return this.current.type === 'abort' || this.current.type === 'create_entry';
  }

  /** The card asked about this flow: its dialog is still open. */
  touch(): void {
    this.armCardTimer();
  }

  private armCardTimer(): void {
    const { clock } = this.deps;
    if (this.cardTimer) clock.clearTimeout(this.cardTimer);
    this.cardTimer = this.finished ? undefined : clock.setTimeout(() => void this.cardGone(), this.deps.cardTimeoutMs);
  }

  private async cardGone(): Promise<void> {
    this.cardTimer = undefined;
    if (this.finished) return;
    if (this.current.type === 'external' && this.inPlaid) {
      this.armCardTimer();
      return;
    }
    this.deps.log.info('link flow abandoned: its dialog stopped asking', { flow_id: this.id });
    await this.cancel('cancelled', 'The dialog was closed, so linking stopped. Nothing was added.');
  }

  async start(): Promise<FlowStep> {
    this.touch();
    const { plaid, store, log } = this.deps;
    let accessToken: string | undefined;
    if (this.input.mode === 'reconnect') {
      const item = this.input.itemId ? store.get(this.input.itemId) : undefined;
      if (!item || !item.configured) return this.abort('item_not_found');
      accessToken = item.access_token;
    }
    try {
      const token = await plaid.createLinkToken({
        clientUserId: store.installationId,
        accessToken,
        completionRedirectUri: this.input.redirectUri,
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
      log.info('link flow started', { flow_id: this.id, mode: this.input.mode, item_id: this.input.itemId });
      this.scheduleCheck();
      return this.current;
    } catch (err) {
      return this.abortForPlaid(err);
    }
  }

  /** The user's answer to the accounts form. */
  async configure(input: AccountsFormInput): Promise<FlowStep> {
    if (this.current.type !== 'form') {
      throw new RequestError('invalid_request', `flow ${this.id} is not waiting for the accounts form (step ${this.current.type})`);
    }
    const form = this.current;
    const itemId = form.data.item_id;
    const errors = this.validateForm(form, input);
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
          `${form.data.institution_name} is already linked. Your existing connection was kept and the new one removed, so Plaid does not bill it twice.`,
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

  /** Cancel by the user (`flow/abort`) or by the companion shutting down. */
  async cancel(reason: AbortReason = 'cancelled', message?: string): Promise<FlowStep> {
    if (this.finished) return this.current;
    return this.abort(reason, message);
  }

  // ---- Hosted Link session ----

  private scheduleCheck(): void {
    this.checkTimer = this.deps.clock.setTimeout(() => void this.check(), this.deps.checkIntervalMs);
  }

  private async check(): Promise<void> {
    this.checkTimer = undefined;
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
      const results = sessions.flatMap((s) => s.results?.item_add_results ?? []);
      if (this.input.mode === 'link' && results.length) {
        await this.exchange(results);
        return;
      }
      if (this.input.mode === 'reconnect' && sessions.some(isSuccess)) {
        await this.finishReconnect();
        return;
      }
      const exited = sessions.find((s) => s.finished_at && (s.exit || s.on_exit) && !isSuccess(s));
      if (exited) {
        const error = exited.exit?.error ?? exited.on_exit?.error;
        if (error) await this.abort('plaid_error', error.display_message || `Plaid ended the link: ${error.error_code}.`);
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
      this.deps.log.debug('checking the link session failed; trying again', { flow_id: this.id, error_code: failure.error_code });
    }
    if (!this.finished) this.scheduleCheck();
  }

  private async exchange(results: LinkSessionItemAddResult[]): Promise<void> {
    const { plaid, store, log, clock } = this.deps;
    this.setStep({ type: 'progress', step_id: 'exchange_token', progress_action: 'exchange_token' });
    try {
      for (const result of results) {
        if (this.finished) return;
        const { access_token, item_id } = await plaid.exchangePublicToken(result.public_token);
        log.addSecret(access_token);
        // Stored before anything else can fail, so the Item can always be removed at Plaid.
        await store.put({
          item_id,
          access_token,
          institution_id: result.institution?.institution_id ?? '',
          institution_name: result.institution?.name ?? '',
          entity_label: '',
          account_masks: [],
          configured: false,
          accounts: [],
          last_refreshed: null,
          status: 'ok',
          error: null,
          created_at: new Date(clock.now()).toISOString(),
        });
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
    const form = await this.buildForm(itemId);
    if (this.finished) return this.current;
    if (!form) {
      this.pending.shift();
      await this.discardItem(itemId);
      return this.pending.length || this.lastItem ? this.next() : this.abort('no_accounts');
    }
    this.setStep(form);
    return this.current;
  }

  private async buildForm(itemId: string): Promise<FormStep | null> {
    const { plaid, store, poller } = this.deps;
    const item = store.get(itemId);
    // Removed meanwhile (a Remove from the card): nothing to show.
    if (!item) return null;
    poller?.recordCall(itemId);
    const response = await plaid.getAccounts(item.access_token);
    // Ended meanwhile: abort() already removed the Item, so there is nothing to update or show.
    if (this.finished || response.accounts.length === 0) return null;
    let institutionId = item.institution_id || response.item.institution_id || '';
    let institutionName = item.institution_name || response.item.institution_name || '';
    if (institutionId && !institutionName) {
      institutionName = (await plaid.getInstitution(institutionId)).name;
    }
    if (!institutionId) institutionId = 'unknown';
    if (!institutionName) institutionName = 'Bank';
    const masks = response.accounts.map((a) => a.mask).filter((m): m is string => !!m);
    const others = store.items().filter((i) => i.configured && i.item_id !== itemId);
    const duplicate = others.find((o) => o.institution_id === institutionId && o.account_masks.some((m) => masks.includes(m)));
    const label = entityLabelFor(institutionName, others);
    await store.update(itemId, (i) => {
      i.institution_id = institutionId;
      i.institution_name = institutionName;
      i.account_masks = masks;
      i.entity_label = label;
    });
    this.formAccounts = response.accounts;
    const accounts = response.accounts.map((a) => accountChoice(a, label));
    return {
      type: 'form',
      step_id: 'accounts',
      data: {
        item_id: itemId,
        institution_id: institutionId,
        institution_name: institutionName,
        accounts,
        duplicate_of: duplicate ? { item_id: duplicate.item_id, institution_name: duplicate.institution_name } : null,
      },
      errors: {},
    };
  }

  private validateForm(form: FormStep, input: AccountsFormInput): Record<string, string> {
    const errors: Record<string, string> = {};
    const known = new Set(form.data.accounts.map((a) => a.account_id));
    const ids = input.accounts.map((a) => a.account_id);
    if (form.data.duplicate_of && !input.duplicate) {
      errors.duplicate = `${form.data.institution_name} is already linked with the same accounts: choose keep_existing or replace`;
    }
    if (input.duplicate !== 'keep_existing') {
      if (ids.length === 0) errors.accounts = 'choose at least one account';
      else if (ids.some((id) => !known.has(id))) errors.accounts = 'unknown account; choose from the accounts listed';
      else if (new Set(ids).size !== ids.length) errors.accounts = 'each account may be listed once';
    }
    return errors;
  }

  /** False when the item was removed meanwhile (a Remove from the card). */
  private async saveChoices(itemId: string, input: AccountsFormInput): Promise<boolean> {
    const { store, writer, poller, clock } = this.deps;
    const others = store.items().filter((i) => i.configured && i.item_id !== itemId);
    const before = store.get(itemId);
    if (!before) return false;
    const accounts = input.accounts.flatMap((choice) => {
      // validateForm checked every id against the form, which lists exactly formAccounts.
      const a = this.formAccounts.find((x) => x.account_id === choice.account_id);
      return a ? [storedAccount(a, choice)] : [];
    });
    const item = await store.update(itemId, (i) => {
      // A replaced item's label is free again, so the new one takes over its entity ids.
      i.entity_label = entityLabelFor(before.institution_name, others);
      i.accounts = accounts;
      i.configured = true;
      i.last_refreshed = new Date(clock.now()).toISOString();
    });
    if (!item) return false;
    this.pending.shift();
    await writer.writeItem(item);
    poller?.add(itemId);
    this.created.push(...createdEntities(item));
    this.lastItem = { item_id: item.item_id, institution_name: item.institution_name };
    this.deps.log.info('accounts configured', { flow_id: this.id, item_id: itemId, entities: this.created.length });
    return true;
  }

  private async finishReconnect(): Promise<void> {
    const { store, writer, poller, log } = this.deps;
    const itemId = this.input.itemId;
    this.setStep({ type: 'progress', step_id: 'fetch_accounts', progress_action: 'fetch_accounts' });
    const before = itemId === undefined ? undefined : store.get(itemId);
    if (itemId === undefined || !before) {
      await this.abort('item_not_found');
      return;
    }
    const cleared = await store.update(itemId, (i) => {
      i.status = 'ok';
      i.error = null;
    });
    if (cleared) await writer.itemChanged(before, cleared);
    log.info('item reconnected', { flow_id: this.id, item_id: itemId });
    await poller?.pollNow(itemId);
    const item = store.get(itemId) ?? cleared;
    if (!item) {
      await this.abort('item_not_found');
      return;
    }
    await writer.writeItem(item);
    this.setStep({ type: 'create_entry', result: { item_id: itemId, institution_name: item.institution_name, entities: createdEntities(item) } });
  }

  // ---- endings ----

  private async abortForPlaid(err: unknown): Promise<FlowStep> {
    if (err instanceof RequestError) throw err;
    // A late Plaid answer (or failure) for a flow already ended changes nothing.
    if (this.finished) return this.current;
    const failure = toPlaidFailure(err);
    this.deps.log.warn('link flow failed at Plaid', { flow_id: this.id, error_code: failure.error_code });
    return this.abort('plaid_error', failure.display_message ?? `${ABORT_MESSAGES.plaid_error} (${failure.error_code})`);
  }

  private async abort(reason: AbortReason, message?: string): Promise<FlowStep> {
    // The first ending is the one the user saw; nothing may replace it.
    if (this.finished) return this.current;
    this.setStep({ type: 'abort', reason, message: message ?? ABORT_MESSAGES[reason] });
    // Items exchanged but never configured would be billed with nobody seeing them.
    for (const itemId of this.pending.splice(0)) await this.discardItem(itemId);
    this.deps.log.info('link flow ended', { flow_id: this.id, reason });
    return this.current;
  }

  private async discardItem(itemId: string): Promise<void> {
    try {
      await removeItem(this.deps.removal, itemId);
    } catch (err) {
      // Kept in the store unconfigured: the next start-up retries the removal.
      this.deps.log.warn('removing an unused Item at Plaid failed; will retry at next start', { item_id: itemId, error: toPlaidFailure(err).error_code });
    }
  }

  private setStep(step: FlowStep): void {
    this.current = step;
    const { clock } = this.deps;
    if (this.idleTimer) clock.clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
    if (this.finished) {
      if (this.checkTimer) clock.clearTimeout(this.checkTimer);
      if (this.cardTimer) clock.clearTimeout(this.cardTimer);
      this.checkTimer = this.cardTimer = undefined;
    } else if (step.type === 'form' || step.type === 'external') {
      // A new form gets a whole deadline: its card's tab may only now wake up from behind Plaid's.
      if (step.type === 'form') this.armCardTimer();
      this.idleTimer = clock.setTimeout(() => void this.cancel('link_expired', 'Nobody finished this link in time, so it was stopped. Start again to link your bank.'), this.deps.idleTimeoutMs);
    }
    this.onStep(this);
  }
}

function isSuccess(s: LinkTokenGetSessionsResponse): boolean {
  return Boolean(s.on_success || s.results?.item_add_results?.length || (s.finished_at && !s.exit && !s.on_exit));
}
