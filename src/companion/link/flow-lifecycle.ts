import { newId, type AbortReason, type FlowStep } from '../../protocol/index.js';
import type { Clock, TimerHandle } from '../poll/clock.js';
import { RequestError } from '../errors.js';
import { removeItem, type ItemRemovalDeps } from './item-removal.js';
import type { Logger } from '../logger.js';
import { toPlaidFailure } from '../plaid/plaid-client.js';

export interface FlowLifecycleDeps {
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

/**
 * What every link flow has, whatever its steps (link-flow.ts has Hosted
 * Link's): the current step, its deadlines (the user idle at a step, the card
 * gone, the next look at Plaid's session) and the endings. The first ending
 * is final, and Items exchanged but never configured are removed at Plaid.
 */
export abstract class FlowLifecycle {
  readonly id = newId();
  protected current: FlowStep = { type: 'progress', step_id: 'start', progress_action: 'wait_for_plaid' };
  private checkTimer: TimerHandle | undefined;
  private idleTimer: TimerHandle | undefined;
  private cardTimer: TimerHandle | undefined;
  /** Plaid reports a Hosted Link session for this link token: the user opened it. */
  protected inPlaid = false;
  /** Items exchanged in this flow and not yet configured; removed at Plaid if the flow ends without them. */
  protected readonly pending: string[] = [];

  constructor(protected readonly deps: FlowLifecycleDeps) {}

  /** Looks at Plaid's session (from `scheduleCheck`). */
  protected abstract check(): Promise<void>;
  /** Called on every step change. */
  protected abstract stepChanged(): void;

  get step(): FlowStep {
    return this.current;
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

  /** Cancel by the user (`flow/abort`) or by the companion shutting down. */
  async cancel(reason: AbortReason = 'cancelled', message?: string): Promise<FlowStep> {
    if (this.finished) return this.current;
    return this.abort(reason, message);
  }

  /** `check()` once more after `checkIntervalMs`; an ending cancels it. */
  protected scheduleCheck(): void {
    this.checkTimer = this.deps.clock.setTimeout(() => {
      this.checkTimer = undefined;
      void this.check();
    }, this.deps.checkIntervalMs);
  }

  protected async abortForPlaid(err: unknown): Promise<FlowStep> {
    if (err instanceof RequestError) throw err;
    // A late Plaid answer (or failure) for a flow already ended changes nothing.
    if (this.finished) return this.current;
    const failure = toPlaidFailure(err);
    this.deps.log.warn('link flow failed at Plaid', { flow_id: this.id, error_code: failure.error_code });
    return this.abort(
      'plaid_error',
      failure.display_message ?? `${ABORT_MESSAGES.plaid_error} (${failure.error_code})`,
    );
  }

  protected async abort(reason: AbortReason, message?: string): Promise<FlowStep> {
    // The first ending is the one the user saw; nothing may replace it.
    if (this.finished) return this.current;
    this.setStep({ type: 'abort', reason, message: message ?? ABORT_MESSAGES[reason] });
    // Items exchanged but never configured would be billed with nobody seeing them.
    for (const itemId of this.pending.splice(0)) await this.discardItem(itemId);
    this.deps.log.info('link flow ended', { flow_id: this.id, reason });
    return this.current;
  }

  protected async discardItem(itemId: string): Promise<void> {
    try {
      await removeItem(this.deps.removal, itemId);
    } catch (err) {
      // Kept in the store unconfigured: the next start-up retries the removal.
      this.deps.log.warn('removing an unused Item at Plaid failed; will retry at next start', {
        item_id: itemId,
        error: toPlaidFailure(err).error_code,
      });
    }
  }

  protected setStep(step: FlowStep): void {
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
      this.idleTimer = clock.setTimeout(
        () =>
          void this.cancel(
            'link_expired',
            'Nobody finished this link in time, so it was stopped. Start again to link your bank.',
          ),
        this.deps.idleTimeoutMs,
      );
    }
    this.stepChanged();
  }
}
