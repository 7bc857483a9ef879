import type { HassEvent } from 'home-assistant-js-websocket';
import {
  ACCEPTED_EVENT,
  RESPONSE_EVENT,
  RELEASE,
  acceptedMessage,
  errorMessage,
  knowsDueDates,
  parseRequest,
  resultMessage,
  type ProtocolError,
  type Request,
  type RequestOf,
  type Response,
  type ResultOf,
} from '../../protocol/index.js';
import { usableLinkKey } from '../../protocol/sealed-link.js';
import type { AdminCheck } from './admin-check.js';
import type { BalancePoller } from '../poll/balance-poller.js';
import { PlaidFailure, RequestError } from '../errors.js';
import type { FlowRegistry } from '../link/flow-registry.js';
import type { HaApi } from './ha-client.js';
import { removeItem, type ItemRemovalDeps } from '../link/item-removal.js';
import { validRedirectUri, type HostedLinkFlow } from '../link/link-flow.js';
import type { Logger } from '../logger.js';
import { itemEntityIds } from '../entities/sensor-states.js';
import { dueDatesMessage } from '../liabilities/due-dates.js';
import type { TokenStore } from '../store/token-store.js';

export interface RequestHandlerDeps {
  ha: Pick<HaApi, 'fireEvent'>;
  admins: Pick<AdminCheck, 'isAdmin'>;
  flows: FlowRegistry;
  store: Pick<TokenStore, 'items' | 'get'>;
  poller: Pick<BalancePoller, 'pollNow'>;
  removal: ItemRemovalDeps;
  log: Logger;
}

/**
 * Answers `plaid_balance_request` events. Every well-formed request is
 * acknowledged at once (`plaid_balance_accepted`, so the card can tell a running companion
 * waiting on Plaid from one that is not there), and every request with a
 * usable id gets exactly one result or error; nothing here throws out of
 * `handle`, so one bad event never ends the subscription.
 */
export class RequestHandler {
  constructor(private readonly deps: RequestHandlerDeps) {}

  /** The subscription callback. Returns when the response was sent (tests await it). */
  async handle(event: Pick<HassEvent, 'data' | 'context'>): Promise<void> {
    const { log } = this.deps;
    const parsed = parseRequest(event.data);
    const id = parsed.ok ? parsed.value.id : parsed.id;
    const userId = event.context?.user_id ?? null;
    if (id === null) {
      // Nothing to answer to; at debug only, since anyone's junk could fill the log.
      log.debug('ignoring a malformed request without a usable id', {
        error: parsed.ok ? undefined : parsed.error.message,
      });
      return;
    }
    // Not awaited: HAWS sends in order, so the acknowledgement still goes out before the result.
    if (parsed.ok) void this.acknowledge(id);
    if (!(await this.deps.admins.isAdmin(userId))) {
      log.warn('refused a request from a user who is not an active admin', { user_id: userId });
      return this.reply(id, {
        code: 'unauthorized',
        message: 'only Home Assistant administrators can use the Plaid Balance companion',
      });
    }
    if (!parsed.ok) return this.reply(id, parsed.error);
    const request = parsed.value;
    // Which card asks: 0.1.0 cards send no release.
    log.debug('request', { id, action: request.action, user_id: userId, card_release: request.card_release ?? null });
    try {
      const result = await this.dispatch(request, userId);
      await this.send(resultMessage(id, result));
    } catch (err) {
      await this.reply(id, toProtocolError(err, log));
    }
  }

  private async dispatch(request: Request, userId: string | null): Promise<ResultOf<Request['action']>> {
    switch (request.action) {
      case 'ping':
        return { version: RELEASE, items: this.configuredItems().length };
      case 'flow/start':
        return this.startFlow(request, userId);
      case 'flow/get': {
        const flow = this.deps.flows.get(request.flow_id, userId);
        flow.touch();
        return flowResult(flow);
      }
      case 'flow/configure': {
        const flow = this.deps.flows.get(request.flow_id, userId);
        flow.touch();
        await flow.configure(request.user_input);
        return flowResult(flow);
      }
      case 'flow/abort': {
        const flow = this.deps.flows.get(request.flow_id, userId);
        await flow.cancel('cancelled');
        return flowResult(flow);
      }
      case 'items/list': {
        // A card before DUE_DATES_SINCE refuses an answer with keys it does not know.
        const dueDates = knowsDueDates(request.card_release);
        return {
          items: this.configuredItems().map((i) => ({
            item_id: i.item_id,
            institution_id: i.institution_id,
            institution_name: i.institution_name,
            status: i.status,
            error: i.status === 'ok' ? null : i.error,
            last_refreshed: i.last_refreshed,
            entities: itemEntityIds(i),
            ...(dueDates && { due_dates: i.due_dates?.status ?? null, due_dates_message: dueDatesMessage(i) }),
          })),
        };
      }
      case 'items/refresh': {
        const ids = request.item_id
          ? [this.requireItem(request.item_id)]
          : this.configuredItems().map((i) => i.item_id);
        const polled = await Promise.all(ids.map(async (id) => ((await this.deps.poller.pollNow(id)) ? id : null)));
        return { refreshed: polled.filter((id): id is string => id !== null) };
      }
      case 'items/remove': {
        this.requireItem(request.item_id);
        const removed = await removeItem(this.deps.removal, request.item_id);
        return { item_id: request.item_id, removed_entities: removed ?? [] };
      }
    }
  }

  private async startFlow(request: RequestOf<'flow/start'>, userId: string | null) {
    if (request.redirect_uri !== undefined && !validRedirectUri(request.redirect_uri)) {
      throw new RequestError('invalid_request', 'redirect_uri must be an http:// or https:// URL');
    }
    if (!usableLinkKey(request.link_key))
      throw new RequestError('invalid_request', 'link_key is not a usable public key');
    if (request.due_dates !== undefined && request.mode !== 'link')
      throw new RequestError('invalid_request', 'due_dates is only for link; add_due_dates adds them to a linked bank');
    if (request.mode !== 'link') {
      if (!request.item_id) throw new RequestError('invalid_request', `item_id is required for ${request.mode}`);
      this.requireItem(request.item_id);
    }
    const flow = await this.deps.flows.start({
      mode: request.mode,
      itemId: request.item_id,
      redirectUri: request.redirect_uri,
      linkKey: request.link_key,
      dueDates: request.due_dates === true,
      userId,
    });
    return flowResult(flow);
  }

  private configuredItems() {
    return this.deps.store.items().filter((i) => i.configured);
  }

  private requireItem(itemId: string): string {
    if (!this.deps.store.get(itemId)?.configured) throw new RequestError('not_found', `no linked item ${itemId}`);
    return itemId;
  }

  private reply(id: string, error: ProtocolError): Promise<void> {
    return this.send(errorMessage(id, error));
  }

  private async acknowledge(id: string): Promise<void> {
    try {
      await this.deps.ha.fireEvent(ACCEPTED_EVENT, { ...acceptedMessage(id) });
    } catch (err) {
      this.deps.log.warn('acknowledging a request to HA failed', { id, error: err });
    }
  }

  private async send(response: Response): Promise<void> {
    try {
      await this.deps.ha.fireEvent(RESPONSE_EVENT, response as unknown as Record<string, unknown>);
    } catch (err) {
      this.deps.log.warn('sending a response to HA failed', { id: response.id, error: err });
    }
  }
}

function flowResult(flow: HostedLinkFlow) {
  return { flow_id: flow.id, step: flow.step };
}

function toProtocolError(err: unknown, log: Logger): ProtocolError {
  if (err instanceof RequestError) return { code: err.code, message: err.message };
  if (err instanceof PlaidFailure) {
    return { code: 'plaid_error', message: err.display_message ?? `Plaid error ${err.error_code}` };
  }
  log.error('request failed unexpectedly', { error: err });
  return { code: 'internal_error', message: 'the companion hit an unexpected error; see its log' };
}
