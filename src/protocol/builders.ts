/**
 * Every message of the protocol, built in one place: pure functions that
 * return the payload, apart from whatever sends it (as home-assistant-js-websocket's
 * lib/messages.ts is apart from lib/commands.ts). The version goes in here, so
 * no sender spells it.
 */
import { PROTOCOL_VERSION } from './events.js';
import type { FlowEvent, FlowStep } from './flow-steps.js';
import type { ProtocolError } from './protocol-error.js';
import type { Action, RequestOf } from './requests.js';
import type { Acceptance, Response, ResultOf } from './responses.js';

/** What a request carries besides the envelope. */
export type RequestArgs<A extends Action> = Omit<RequestOf<A>, 'v' | 'id' | 'action' | 'card_release'>;

/** `cardRelease`: only for a companion that takes it (CARD_RELEASE_SINCE); older ones refuse unknown keys. */
export function requestMessage<A extends Action>(
  action: A,
  id: string,
  args: RequestArgs<A>,
  cardRelease?: string,
): RequestOf<A> {
  return {
    ...args,
    v: PROTOCOL_VERSION,
    id,
    action,
    ...(cardRelease && { card_release: cardRelease }),
  } as RequestOf<A>;
}

export function acceptedMessage(id: string): Acceptance {
  return { v: PROTOCOL_VERSION, id };
}

export function resultMessage<A extends Action>(id: string, result: ResultOf<A>): Response<A> {
  return { v: PROTOCOL_VERSION, id, ok: true, result };
}

export function errorMessage(id: string, error: ProtocolError): Response {
  return { v: PROTOCOL_VERSION, id, ok: false, error };
}

export function flowEventMessage(flowId: string, step: FlowStep): FlowEvent {
  return { v: PROTOCOL_VERSION, flow_id: flowId, step };
}
