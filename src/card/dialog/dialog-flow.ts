// Over 300 lines on purpose: the dialog's one state machine (LinkDialogModel): every view, request and timer of
// linking, reconnecting, adding due dates, managing and removing, so no transition lives outside it; views render
// what it holds.
import {
  FLOW_POLL_MS,
  RELEASE,
  itemSensorCounts,
  knowsDueDates,
  type AccountsFormInput,
  type ExternalStep,
  type FlowEvent,
  type FlowStep,
  type ItemSensorCounts,
  type ItemSummary,
  type RequestArgs,
} from '../../protocol/index.js';
import { companionOutdated, createLinkKeyPair, openSealedLink, type LinkKeyPair } from '../../protocol/sealed-link.js';
import { CompanionClient, CompanionError, type CompanionErrorCode, type HassTransport } from '../companion-client.js';
import type { DueDatesMemory } from './due-dates-memory.js';
import { updateAdvice, type UpdateAdvice } from './release-advice.js';

/** What the dialog was opened to do. */
export type LinkTask =
  | { mode: 'link' }
  | { mode: 'reconnect'; itemId: string; institution: string }
  /** Plaid's update mode asking the user's consent to Liabilities for a bank linked without it. */
  | { mode: 'add_due_dates'; itemId: string; institution: string }
  | { mode: 'remove'; itemId: string; institution: string; sensors: ItemSensorCounts }
  | { mode: 'manage' };

/**
 * A step as the dialog shows it: an `external` step carries the Hosted Link
 * URL opened from its seal, which is kept only in this object and never sent
 * anywhere, instead of the seal. Other steps are as the companion sent them.
 */
export type ShownStep =
  Exclude<FlowStep, ExternalStep> | (Omit<ExternalStep, 'sealed_url'> & { hostedLinkUrl: string });

export type FlowView =
  | { view: 'connecting' }
  | { view: 'unreachable' }
  /** `update`: the companion refused a request because it and the card are of different releases. */
  | { view: 'error'; code: CompanionErrorCode; message: string; update?: UpdateAdvice | null }
  | {
      view: 'step';
      flowId: string;
      step: ShownStep;
      externalOpened: boolean;
      busy: boolean;
    }
  | { view: 'manage'; items: ItemSummary[] | null }
  | { view: 'confirm_remove'; itemId: string; institution: string; sensors: ItemSensorCounts }
  | { view: 'removing'; institution: string }
  | { view: 'removed'; institution: string; entities: string[] };

export interface LinkDialogModelOptions {
  onChange(view: FlowView): void;
  /** The companion took a request but Plaid has not answered for a while (or has now). */
  onSlow?(slow: boolean): void;
  /** Where Plaid sends the user back to; the dashboard they started from. */
  redirectUri: string;
  timeoutMs?: number;
  /**
   * How often an open flow asks for its step (flow/get): it catches events
   * missed while the page slept, and it tells the companion the dialog is
   * still open (a flow nobody asks about is abandoned there).
   */
  pollMs?: number;
  /** The due-dates checkbox's remembered default (due-dates-memory.ts); without it, unticked and not kept. */
  dueDates?: DueDatesMemory;
}

/**
 * The dialog's logic without a DOM: one object per opened dialog, driving the
 * companion through `CompanionClient` and reporting a `FlowView` to render.
 */
export class LinkDialogModel {
  view: FlowView = { view: 'connecting' };
  readonly #options: LinkDialogModelOptions;
  readonly #hass: HassTransport;
  #task: LinkTask;
  #client: CompanionClient | null = null;
  #poll: ReturnType<typeof setInterval> | null = null;
  #lastAsked = 0;
  #closed = false;
  /** The key the running flow's Hosted Link URL is sealed to; a new one per flow. */
  #linkKey: LinkKeyPair | null = null;
  /** "Also fetch payment due dates" on a new link. */
  #dueDates: boolean;

  constructor(hass: HassTransport, task: LinkTask, options: LinkDialogModelOptions) {
    this.#hass = hass;
    this.#task = task;
    this.#options = options;
    this.#dueDates = options.dueDates?.read() ?? false;
  }

  get task(): LinkTask {
    return this.#task;
  }

  /**
   * The new link's due-dates checkbox: `offered` only by a companion of DUE_DATES_SINCE or later (one before
   * it refuses the request that asks), `checked` what the next link asks for.
   */
  get dueDates(): { offered: boolean; checked: boolean } {
    return { offered: knowsDueDates(this.#client?.companionRelease), checked: this.#dueDates };
  }

  /**
   * The checkbox changed. Plaid takes the products when the link is made, so a
   * link made with the other answer and not yet opened is cancelled and a new
   * one started; one already opened in Plaid's tab is left as it is.
   */
  async setDueDates(on: boolean): Promise<void> {
    const v = this.view;
    if (this.#task.mode !== 'link' || !this.dueDates.offered || on === this.#dueDates) return;
    this.#dueDates = on;
    if (v.view !== 'step' || v.step.type !== 'external' || v.externalOpened) return;
    this.#require()
      .request('flow/abort', { flow_id: v.flowId })
      .catch(() => undefined);
    await this.#runTask();
  }

  /** Opens the subscriptions, checks the companion answers, then does the task. */
  async start(): Promise<void> {
    this.#set({ view: 'connecting' });
    try {
      if (!this.#client) {
        const client = new CompanionClient(this.#hass, {
          onFlowEvent: (e) => this.#onFlowEvent(e),
          ...(this.#options.onSlow ? { onSlow: this.#options.onSlow } : {}),
          ...(this.#options.timeoutMs !== undefined ? { timeoutMs: this.#options.timeoutMs } : {}),
        });
        this.#client = client;
        await client.open();
      }
      await this.#client.request('ping', {});
    } catch (err) {
      // A failed subscribe leaves nothing to reuse; the next try starts clean.
      if (err instanceof CompanionError && err.code !== 'companion_unreachable') await this.#dropClient();
      this.#fail(err);
      return;
    }
    await this.#runTask();
  }

  async #runTask(): Promise<void> {
    const task = this.#task;
    switch (task.mode) {
      case 'link': {
        const { offered, checked } = this.dueDates;
        // Remembered as the default for the next link; only a companion that takes the key is sent it.
        if (offered) this.#options.dueDates?.write(checked);
        return this.#startFlow({
          mode: 'link',
          redirect_uri: this.#options.redirectUri,
          ...(offered && checked && { due_dates: true }),
        });
      }
      case 'reconnect':
      case 'add_due_dates':
        return this.#startFlow({ mode: task.mode, item_id: task.itemId, redirect_uri: this.#options.redirectUri });
      case 'remove':
        this.#set({
          view: 'confirm_remove',
          itemId: task.itemId,
          institution: task.institution,
          sensors: task.sensors,
        });
        return;
      case 'manage':
        return this.#loadItems();
    }
  }

  /** Retry after an abort, an error or an unreachable companion. */
  async retry(): Promise<void> {
    if (this.view.view === 'step') {
      await this.#runTask();
      return;
    }
    await this.start();
  }

  markExternalOpened(): void {
    if (this.view.view === 'step' && this.view.step.type === 'external')
      this.#set({ ...this.view, externalOpened: true });
  }

  async configure(input: AccountsFormInput): Promise<void> {
    const v = this.view;
    if (v.view !== 'step' || v.step.type !== 'form' || v.busy) return;
    this.#set({ ...v, busy: true });
    this.#lastAsked = Date.now();
    try {
      const result = await this.#require().request('flow/configure', { flow_id: v.flowId, user_input: input });
      this.#showStep(result.flow_id, result.step);
    } catch (err) {
      this.#fail(err);
    }
  }

  /** Asks for the current step; used when events may have been missed, and to say the dialog is still open. */
  async refresh(): Promise<void> {
    const v = this.view;
    if (v.view !== 'step' || !this.#isOpen(v.step) || v.busy) return;
    this.#lastAsked = Date.now();
    try {
      const result = await this.#require().request('flow/get', { flow_id: v.flowId });
      if (this.view.view === 'step' && this.view.flowId === result.flow_id) this.#showStep(result.flow_id, result.step);
    } catch (err) {
      this.#fail(err);
    }
  }

  reconnect(item: ItemSummary): Promise<void> {
    this.#task = { mode: 'reconnect', itemId: item.item_id, institution: item.institution_name };
    return this.#runTask();
  }

  /** "Add payment due dates" in the list of linked banks. */
  addDueDates(item: ItemSummary): Promise<void> {
    this.#task = { mode: 'add_due_dates', itemId: item.item_id, institution: item.institution_name };
    return this.#runTask();
  }

  /** Back to the list of linked banks, e.g. after cancelling a removal started there. */
  manage(): Promise<void> {
    this.#task = { mode: 'manage' };
    return this.#runTask();
  }

  askRemove(item: ItemSummary): void {
    this.#task = {
      mode: 'remove',
      itemId: item.item_id,
      institution: item.institution_name,
      sensors: itemSensorCounts(item.entities),
    };
    void this.#runTask();
  }

  async remove(): Promise<void> {
    const v = this.view;
    if (v.view !== 'confirm_remove') return;
    this.#set({ view: 'removing', institution: v.institution });
    try {
      const result = await this.#require().request('items/remove', { item_id: v.itemId });
      this.#set({ view: 'removed', institution: v.institution, entities: result.removed_entities });
    } catch (err) {
      this.#fail(err);
    }
  }

  /** Ends the dialog: aborts an unfinished flow and closes every subscription. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#stopPolling();
    const v = this.view;
    const client = this.#client;
    if (client && v.view === 'step' && v.step.type !== 'create_entry' && v.step.type !== 'abort') {
      // Sent before the subscriptions go; the answer no longer matters.
      client.request('flow/abort', { flow_id: v.flowId }).catch(() => undefined);
    }
    await this.#dropClient();
  }

  async #dropClient(): Promise<void> {
    const client = this.#client;
    this.#client = null;
    await client?.close();
  }

  async #loadItems(): Promise<void> {
    this.#set({ view: 'manage', items: null });
    try {
      const { items } = await this.#require().request('items/list', {});
      this.#set({ view: 'manage', items });
    } catch (err) {
      this.#fail(err);
    }
  }

  async #startFlow(args: Omit<RequestArgs<'flow/start'>, 'link_key'>): Promise<void> {
    this.#set({ view: 'connecting' });
    this.#lastAsked = Date.now();
    try {
      const linkKey = createLinkKeyPair();
      this.#linkKey = linkKey;
      const result = await this.#require().request('flow/start', { ...args, link_key: linkKey.publicKey });
      this.#showStep(result.flow_id, result.step);
    } catch (err) {
      const outdated = err instanceof CompanionError && companionOutdated(err);
      this.#fail(outdated ? new CompanionError('companion_outdated', err.message) : err);
    }
  }

  #onFlowEvent(event: FlowEvent): void {
    const v = this.view;
    if (v.view === 'step' && v.flowId === event.flow_id) this.#showStep(event.flow_id, event.step);
  }

  #showStep(flowId: string, step: FlowStep): void {
    if (this.#closed) return;
    const prev = this.view;
    const sameExternal =
      prev.view === 'step' && prev.flowId === flowId && prev.step.type === 'external' && step.type === 'external';
    let shown: ShownStep;
    if (step.type === 'external') {
      const { sealed_url, ...rest } = step;
      try {
        if (!this.#linkKey) throw new Error('no key');
        shown = { ...rest, hostedLinkUrl: openSealedLink(sealed_url, this.#linkKey) };
      } catch {
        this.#fail(
          new CompanionError(
            'invalid_response',
            'The Plaid link from the companion could not be opened in this dialog.',
          ),
        );
        return;
      }
    } else shown = step;
    this.#set({ view: 'step', flowId, step: shown, externalOpened: sameExternal && prev.externalOpened, busy: false });
    if (this.#isOpen(shown)) this.#startPolling();
    else this.#stopPolling();
  }

  #isOpen(step: ShownStep): boolean {
    return step.type !== 'create_entry' && step.type !== 'abort';
  }

  #startPolling(): void {
    if (this.#poll) return;
    const every = this.#options.pollMs ?? FLOW_POLL_MS;
    this.#poll = setInterval(() => {
      if (Date.now() - this.#lastAsked >= every) void this.refresh();
    }, every / 2);
  }

  #stopPolling(): void {
    if (this.#poll) clearInterval(this.#poll);
    this.#poll = null;
  }

  #require(): CompanionClient {
    if (!this.#client) throw new CompanionError('closed', 'the dialog was closed');
    return this.#client;
  }

  #fail(err: unknown): void {
    if (this.#closed) return;
    this.#stopPolling();
    if (err instanceof CompanionError) {
      if (err.code === 'closed') return;
      this.#set(
        err.code === 'companion_unreachable'
          ? { view: 'unreachable' }
          : {
              view: 'error',
              code: err.code,
              message: err.message,
              update: updateAdvice(err.code, RELEASE, this.#client?.companionRelease ?? null),
            },
      );
      return;
    }
    this.#set({ view: 'error', code: 'internal_error', message: err instanceof Error ? err.message : String(err) });
  }

  #set(view: FlowView): void {
    if (this.#closed) return;
    this.view = view;
    this.#options.onChange(view);
  }
}
