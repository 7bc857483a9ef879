import { array, enums, literal, nullable, number, object, record, string, union, type Infer } from 'superstruct';
import { BALANCE_KINDS } from './attributes.js';
import { Id, Version } from './message-fields.js';
import { SealedLinkSchema } from './sealed-link-schema.js';

// Flow steps, modelled on HA's data_entry_flow results: what flow/* answers
// and `plaid_balance_flow` carries.

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
export const FlowStepSchema = union([
  ExternalStepSchema,
  ProgressStepSchema,
  FormStepSchema,
  CreateEntryStepSchema,
  AbortStepSchema,
]);
export type ExternalStep = Infer<typeof ExternalStepSchema>;
export type ProgressStep = Infer<typeof ProgressStepSchema>;
export type FormStep = Infer<typeof FormStepSchema>;
export type CreateEntryStep = Infer<typeof CreateEntryStepSchema>;
export type AbortStep = Infer<typeof AbortStepSchema>;
export type FlowStep = Infer<typeof FlowStepSchema>;

export const FlowEventSchema = object({ v: Version, flow_id: Id, step: FlowStepSchema });
export type FlowEvent = Infer<typeof FlowEventSchema>;
