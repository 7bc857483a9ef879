import {
  array,
  enums,
  literal,
  nullable,
  number,
  object,
  optional,
  string,
  union,
  validate,
  type Infer,
  type Struct,
} from 'superstruct';
import { ITEM_STATUSES, ItemErrorSchema } from './attributes.js';
import { DUE_DATES_STATUSES } from './due-attributes.js';
import type { PROTOCOL_VERSION } from './events.js';
import { FlowStepSchema } from './flow-steps.js';
import { Id, Version } from './message-fields.js';
import { ProtocolErrorSchema, describeInvalid, type ParseResult, type ProtocolError } from './protocol-error.js';
import type { Action } from './requests.js';

// Responses: companion → card, events `plaid_balance_response` and `plaid_balance_accepted`.

export const ItemSummarySchema = object({
  item_id: string(),
  institution_id: string(),
  institution_name: string(),
  status: enums(ITEM_STATUSES),
  error: nullable(ItemErrorSchema),
  last_refreshed: nullable(string()),
  entities: array(string()),
  /**
   * Only to a card of DUE_DATES_SINCE or later: the Item's payment due dates
   * (null: never asked for), and why they are missing in words (the problem
   * sensor's `due_dates` and `due_dates_message`).
   */
  due_dates: optional(nullable(enums(DUE_DATES_STATUSES))),
  due_dates_message: optional(nullable(string())),
});
export type ItemSummary = Infer<typeof ItemSummarySchema>;

export const FlowResultSchema = object({ flow_id: Id, step: FlowStepSchema });

const resultSchemas = {
  ping: object({ version: string(), items: number() }),
  'flow/start': FlowResultSchema,
  'flow/get': FlowResultSchema,
  'flow/configure': FlowResultSchema,
  'flow/abort': FlowResultSchema,
  'items/list': object({ items: array(ItemSummarySchema) }),
  'items/refresh': object({ refreshed: array(string()) }),
  'items/remove': object({ item_id: string(), removed_entities: array(string()) }),
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- Struct<T> is invariant: only any fits them all
} satisfies Record<Action, Struct<any, any>>;

export type ResultOf<A extends Action> = Infer<(typeof resultSchemas)[A]>;

export const ResponseEnvelopeSchema = union([
  object({ v: Version, id: Id, ok: literal(true), result: object() as Struct<Record<string, unknown>, null> }),
  object({ v: Version, id: Id, ok: literal(false), error: ProtocolErrorSchema }),
]);

export type Response<A extends Action = Action> =
  | { v: typeof PROTOCOL_VERSION; id: string; ok: true; result: ResultOf<A> }
  | { v: typeof PROTOCOL_VERSION; id: string; ok: false; error: ProtocolError };

/** Validates a response's result against the action it answers. */
export function parseResult<A extends Action>(action: A, result: unknown): ParseResult<ResultOf<A>> {
  const schema = resultSchemas[action];
  const [err, value] = validate(result, schema as Struct<ResultOf<A>, unknown>);
  if (err) return { ok: false, id: null, error: { code: 'invalid_request', message: describeInvalid(err) } };
  return { ok: true, value: value as ResultOf<A> };
}

/** Validates an untrusted `plaid_balance_response` envelope (its result is checked by `parseResult`). */
export function parseResponse(data: unknown): ParseResult<Response> {
  const [err, value] = validate(data, ResponseEnvelopeSchema);
  if (err) return { ok: false, id: null, error: { code: 'invalid_request', message: describeInvalid(err) } };
  return { ok: true, value: value as Response };
}

/** `plaid_balance_accepted`: the companion runs and has request `id`; its result follows within ANSWER_DEADLINE_MS. */
export const AcceptanceSchema = object({ v: Version, id: Id });
export type Acceptance = Infer<typeof AcceptanceSchema>;
