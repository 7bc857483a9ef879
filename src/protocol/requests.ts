import {
  array,
  boolean,
  enums,
  literal,
  object,
  optional,
  size,
  string,
  validate,
  type Infer,
  type Struct,
} from 'superstruct';
import { BALANCE_KINDS } from './attributes.js';
import { PROTOCOL_VERSION } from './events.js';
import { CardRelease, Id, ItemId, Version } from './message-fields.js';
import { CARD_OUTDATED_MESSAGE, LEGACY_LINK_KEY, LinkKeySchema } from './sealed-link-schema.js';
import { clipErrorText, describeInvalid, type ParseResult } from './protocol-error.js';

// Requests: card → companion, event `plaid_balance_request`.

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

/**
 * What `flow/start` does: link a new bank, reconnect one (Plaid's update mode), or
 * add payment due dates to one linked without them (update mode asking the user's
 * consent to Liabilities; from DUE_DATES_SINCE).
 */
export const FLOW_MODES = ['link', 'reconnect', 'add_due_dates'] as const;
export type FlowMode = (typeof FLOW_MODES)[number];

/** What every request starts with. `card_release` is optional: cards of 0.1.0 send none. */
const envelope = { v: Version, id: Id, card_release: optional(CardRelease) };

const requestSchemas = {
  ping: object({ ...envelope, action: literal('ping') }),
  'flow/start': object({
    ...envelope,
    action: literal('flow/start'),
    mode: enums(FLOW_MODES),
    /** The Item to reconnect or to add due dates to. */
    item_id: optional(ItemId),
    redirect_uri: optional(size(string(), 1, 2048)),
    /** The dialog's public key: the Hosted Link URL comes back sealed to it (./sealed-link.ts says why). */
    link_key: LinkKeySchema,
    /** `link`: also ask Plaid for the bank's payment due dates (Liabilities); from DUE_DATES_SINCE. */
    due_dates: optional(boolean()),
  }),
  'flow/get': object({ ...envelope, action: literal('flow/get'), flow_id: Id }),
  'flow/configure': object({
    ...envelope,
    action: literal('flow/configure'),
    flow_id: Id,
    user_input: AccountsFormInputSchema,
  }),
  'flow/abort': object({ ...envelope, action: literal('flow/abort'), flow_id: Id }),
  'items/list': object({ ...envelope, action: literal('items/list') }),
  'items/refresh': object({ ...envelope, action: literal('items/refresh'), item_id: optional(ItemId) }),
  'items/remove': object({ ...envelope, action: literal('items/remove'), item_id: ItemId }),
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- Struct<T> is invariant: only any fits them all
} satisfies Record<Action, Struct<any, any>>;

export type RequestOf<A extends Action> = Infer<(typeof requestSchemas)[A]>;
export type Request = { [A in Action]: RequestOf<A> }[Action];

const OLD_CARD_MESSAGE =
  'link_key is missing: this card is older than the companion. ' +
  'Update Plaid Balance Card (HACS → Plaid Balance Card → Update), then reload the page.';

/** String(x) that cannot throw (an object without a prototype has no toString). */
function safeString(x: unknown): string {
  try {
    return typeof x === 'object' && x !== null ? (JSON.stringify(x) ?? 'object') : String(x);
  } catch {
    return 'object';
  }
}

function isPlainObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
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
      error: {
        code: 'unsupported_version',
        message: clipErrorText(`protocol version ${safeString(data.v)} is not supported; expected ${PROTOCOL_VERSION}`),
      },
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
  if (action === 'flow/start' && data.link_key === undefined) {
    // Cards from before the sealed Hosted Link send no key; say what to do rather than name a field.
    return { ok: false, id, error: { code: 'invalid_request', message: OLD_CARD_MESSAGE } };
  }
  if (action === 'flow/start' && typeof data.link_key === 'string' && LEGACY_LINK_KEY.test(data.link_key)) {
    return { ok: false, id, error: { code: 'invalid_request', message: CARD_OUTDATED_MESSAGE } };
  }
  const schema = requestSchemas[action as Action];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- as above: the union of schemas has no common type
  const [err, value] = validate(data, schema as Struct<any, any>);
  if (err) return { ok: false, id, error: { code: 'invalid_request', message: describeInvalid(err) } };
  return { ok: true, value: value as Request };
}
