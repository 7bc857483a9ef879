import {
  array,
  enums,
  literal,
  nullable,
  number,
  object,
  optional,
  pattern,
  record,
  size,
  string,
  union,
  validate,
  type Infer,
  type Struct,
} from 'superstruct';
import { BALANCE_KINDS, ITEM_STATUSES, ItemErrorSchema } from './attributes.js';
import { PROTOCOL_VERSION } from './events.js';
import { LinkKeySchema, SealedLinkSchema } from './sealed-link.js';

/** Request and flow ids: random, URL-safe, short enough to log. */
const Id = pattern(size(string(), 8, 64), /^[A-Za-z0-9_-]+$/);
const ItemId = size(string(), 1, 128);
const Version = literal(PROTOCOL_VERSION);

// ---- requests (card → companion, event `plaid_balance_request`) ----

export const ACTIONS = [
  'ping',
  'flow/start',
  'flow/get',
  'flow/configure',
  'flow/abort',
  'items/list',
  'items/refresh',
  'items/remove',
] as const;
export type Action = (typeof ACTIONS)[number];

export const AccountChoiceInputSchema = object({
  account_id: size(string(), 1, 128),
  kinds: size(array(enums(BALANCE_KINDS)), 1, 2),
  name: optional(size(string(), 1, 100)),
});

/** What the accounts form sends back. `duplicate` answers the duplicate-Item question. */
export const AccountsFormInputSchema = object({
  accounts: size(array(AccountChoiceInputSchema), 0, 100),
  duplicate: optional(enums(['keep_existing', 'replace'] as const)),
});
export type AccountsFormInput = Infer<typeof AccountsFormInputSchema>;

const requestSchemas = {
  ping: object({ v: Version, id: Id, action: literal('ping') }),
  'flow/start': object({
    v: Version,
    id: Id,
    action: literal('flow/start'),
    mode: enums(['link', 'reconnect'] as const),
    item_id: optional(ItemId),
    redirect_uri: optional(size(string(), 1, 2048)),
    /** The dialog's public key: the Hosted Link URL comes back sealed to it (./sealed-link.ts says why). */
    link_key: LinkKeySchema,
  }),
  'flow/get': object({ v: Version, id: Id, action: literal('flow/get'), flow_id: Id }),
  'flow/configure': object({
    v: Version,
    id: Id,
    action: literal('flow/configure'),
    flow_id: Id,
    user_input: AccountsFormInputSchema,
  }),
  'flow/abort': object({ v: Version, id: Id, action: literal('flow/abort'), flow_id: Id }),
  'items/list': object({ v: Version, id: Id, action: literal('items/list') }),
  'items/refresh': object({ v: Version, id: Id, action: literal('items/refresh'), item_id: optional(ItemId) }),
  'items/remove': object({ v: Version, id: Id, action: literal('items/remove'), item_id: ItemId }),
} satisfies Record<Action, Struct<any, any>>;

export type RequestOf<A extends Action> = Infer<(typeof requestSchemas)[A]>;
export type Request = { [A in Action]: RequestOf<A> }[Action];

export const ERROR_CODES = [
  'invalid_request',
  'unsupported_version',
  'unknown_action',
  'unauthorized',
  'not_found',
  'plaid_error',
  'internal_error',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ProtocolError {
  code: ErrorCode;
  message: string;
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: ProtocolError; id: string | null };

/** String(x) that cannot throw (an object without a prototype has no toString). */
function safeString(x: unknown): string {
  try {
    return typeof x === 'object' && x !== null ? JSON.stringify(x) ?? 'object' : String(x);
  } catch {
    return 'object';
  }
}

function isPlainObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** Error texts echo parts of the request: cut them, so a huge value is not sent back (and recorded by HA). */
export const MAX_ERROR_MESSAGE = 300;
function clip(text: string): string {
  return text.length > MAX_ERROR_MESSAGE ? `${text.slice(0, MAX_ERROR_MESSAGE - 1)}…` : text;
}

function describe(err: { path: (string | number)[]; message: string }): string {
  const where = err.path.length ? err.path.join('.') : 'message';
  return clip(`${where}: ${err.message}`);
}

/**
 * Validates an untrusted `plaid_balance_request` payload. The id is echoed
 * back when it is usable, so the sender can match the error to its request.
 */
export function parseRequest(data: unknown): ParseResult<Request> {
  if (!isPlainObject(data)) {
    return { ok: false, id: null, error: { code: 'invalid_request', message: 'request must be an object' } };
  }
  const id = typeof data.id === 'string' && validate(data.id, Id)[0] === undefined ? data.id : null;
  if (data.v !== PROTOCOL_VERSION) {
    return {
      ok: false,
      id,
      error: { code: 'unsupported_version', message: clip(`protocol version ${safeString(data.v)} is not supported; expected ${PROTOCOL_VERSION}`) },
    };
  }
  const action = data.action;
  if (typeof action !== 'string' || !Object.hasOwn(requestSchemas, action)) {
    return {
      ok: false,
      id,
      error: { code: 'unknown_action', message: `action must be one of ${ACTIONS.join(', ')}` },
    };
  }
  const schema = requestSchemas[action as Action];
  const [err, value] = validate(data, schema as Struct<any, any>);
  if (err) return { ok: false, id, error: { code: 'invalid_request', message: describe(err) } };
  return { ok: true, value: value as Request };
}

// ---- flow steps (modelled on HA's data_entry_flow results) ----

export const ABORT_REASONS = [
  'user_exited',
  'link_expired',
  'duplicate',
  'plaid_error',
  'cancelled',
  'item_not_found',
  'companion_restarted',
  'no_accounts',
] as const;
export type AbortReason = (typeof ABORT_REASONS)[number];

export const PROGRESS_ACTIONS = ['wait_for_plaid', 'exchange_token', 'fetch_accounts', 'write_sensors'] as const;

export const AccountChoiceSchema = object({
  account_id: string(),
  name: string(),
  official_name: nullable(string()),
  mask: nullable(string()),
  type: string(),
  subtype: nullable(string()),
  currency: string(),
  current: nullable(number()),
  available: nullable(number()),
  limit: nullable(number()),
  /** Kinds preselected in the form: `available` only where Plaid gives one that differs. */
  suggested_kinds: array(enums(BALANCE_KINDS)),
  /** Entity ids the companion will write for each kind, so the form can preview them. */
  entity_ids: record(string(), string()),
});
export type AccountChoice = Infer<typeof AccountChoiceSchema>;

export const ExternalStepSchema = object({
  type: literal('external'),
  step_id: literal('hosted_link'),
  /** The Hosted Link URL, readable only by the dialog that started the flow. */
  sealed_url: SealedLinkSchema,
  expires_at: string(),
});
export const ProgressStepSchema = object({
  type: literal('progress'),
  step_id: string(),
  progress_action: enums(PROGRESS_ACTIONS),
});
export const FormStepSchema = object({
  type: literal('form'),
  step_id: literal('accounts'),
  data: object({
    item_id: string(),
    institution_id: string(),
    institution_name: string(),
    accounts: array(AccountChoiceSchema),
    /** Set when the same institution with the same masks is already linked. */
    duplicate_of: nullable(object({ item_id: string(), institution_name: string() })),
  }),
  errors: record(string(), string()),
});
export const CreatedEntitySchema = object({
  entity_id: string(),
  account_name: string(),
  balance_kind: enums(BALANCE_KINDS),
  state: nullable(number()),
  unit_of_measurement: string(),
});
export const CreateEntryStepSchema = object({
  type: literal('create_entry'),
  result: object({
    item_id: string(),
    institution_name: string(),
    entities: array(CreatedEntitySchema),
  }),
});
export const AbortStepSchema = object({
  type: literal('abort'),
  reason: enums(ABORT_REASONS),
  message: string(),
});
export const FlowStepSchema = union([ExternalStepSchema, ProgressStepSchema, FormStepSchema, CreateEntryStepSchema, AbortStepSchema]);
export type ExternalStep = Infer<typeof ExternalStepSchema>;
export type ProgressStep = Infer<typeof ProgressStepSchema>;
export type FormStep = Infer<typeof FormStepSchema>;
export type CreateEntryStep = Infer<typeof CreateEntryStepSchema>;
export type AbortStep = Infer<typeof AbortStepSchema>;
export type FlowStep = Infer<typeof FlowStepSchema>;

// ---- responses (companion → card, event `plaid_balance_response`) ----

export const ItemSummarySchema = object({
  item_id: string(),
  institution_id: string(),
  institution_name: string(),
  status: enums(ITEM_STATUSES),
  error: nullable(ItemErrorSchema),
  last_refreshed: nullable(string()),
  entities: array(string()),
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
} satisfies Record<Action, Struct<any, any>>;

export type ResultOf<A extends Action> = Infer<(typeof resultSchemas)[A]>;

export const ProtocolErrorSchema = object({ code: enums(ERROR_CODES), message: string() });

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
  const [err, value] = validate(result, schema as Struct<any, any>);
  if (err) return { ok: false, id: null, error: { code: 'invalid_request', message: describe(err) } };
  return { ok: true, value: value as ResultOf<A> };
}

/** Validates an untrusted `plaid_balance_response` envelope (its result is checked by `parseResult`). */
export function parseResponse(data: unknown): ParseResult<Response> {
  const [err, value] = validate(data, ResponseEnvelopeSchema);
  if (err) return { ok: false, id: null, error: { code: 'invalid_request', message: describe(err) } };
  return { ok: true, value: value as Response };
}

/** A fresh request or flow id: 128 random bits, URL-safe. */
export function newId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export const FlowEventSchema = object({ v: Version, flow_id: Id, step: FlowStepSchema });

/** `plaid_balance_accepted`: the companion runs and has request `id`; its result follows within ANSWER_DEADLINE_MS. */
export const AcceptanceSchema = object({ v: Version, id: Id });
export type Acceptance = Infer<typeof AcceptanceSchema>;
export type FlowEvent = Infer<typeof FlowEventSchema>;

