/**
 * Every card ↔ companion message, built by a release's builders from one set
 * of samples (see wire-samples.ts for why the code is passed in): each
 * request, each action's result, an error, the acknowledgement and a flow
 * event of each step type.
 */
const ID = 'req_0123456789abcdef';
const FLOW_ID = 'flow_0123456789abcdef';
/** This release's shapes (seal version 2: X25519, XChaCha20-Poly1305); 0.1.0's fixture keeps version 1's. */
const LINK_KEY = '5c'.repeat(32);
const SEALED_URL = { v: 2, key: 'a1'.repeat(32), nonce: '0b'.repeat(24), data: 'e7'.repeat(64) };

/** The builders of src/protocol/builders.ts; before 0.2.0 requestMessage took no card release. */
export interface ProtocolCode {
  requestMessage(action: string, id: string, args: object, cardRelease?: string): object;
  resultMessage(id: string, result: object): object;
  errorMessage(id: string, error: object): object;
  acceptedMessage(id: string): object;
  flowEventMessage(flowId: string, step: object): object;
}

const ACCOUNT_CHOICE = {
  account_id: 'acc_checking_0000',
  name: 'Plaid Checking',
  official_name: 'Plaid Gold Standard 0% Interest Checking',
  mask: '0000',
  type: 'depository',
  subtype: 'checking',
  currency: 'USD',
  current: 110,
  available: 100,
  limit: null,
  suggested_kinds: ['current', 'available'],
  entity_ids: {
    current: 'sensor.plaid_first_platypus_bank_0000_current',
    available: 'sensor.plaid_first_platypus_bank_0000_available',
  },
};

export const FLOW_STEPS: Record<string, object> = {
  external: {
    type: 'external',
    step_id: 'hosted_link',
    sealed_url: SEALED_URL,
    expires_at: '2026-12-01T08:30:00.000Z',
  },
  progress: { type: 'progress', step_id: 'exchange_token', progress_action: 'exchange_token' },
  form: {
    type: 'form',
    step_id: 'accounts',
    data: {
      item_id: 'item_platypus',
      institution_id: 'ins_109508',
      institution_name: 'First Platypus Bank',
      accounts: [ACCOUNT_CHOICE],
      duplicate_of: null,
    },
    errors: {},
  },
  create_entry: {
    type: 'create_entry',
    result: {
      item_id: 'item_platypus',
      institution_name: 'First Platypus Bank',
      entities: [
        {
          entity_id: 'sensor.plaid_first_platypus_bank_0000_current',
          account_name: 'Plaid Checking',
          balance_kind: 'current',
          state: 110,
          unit_of_measurement: 'USD',
        },
      ],
    },
  },
  abort: { type: 'abort', reason: 'user_exited', message: 'You left Plaid before linking an account.' },
};

const REQUEST_ARGS: Record<string, object> = {
  ping: {},
  'flow/start': { mode: 'link', redirect_uri: 'https://ha.example/lovelace/0', link_key: LINK_KEY },
  'flow/get': { flow_id: FLOW_ID },
  'flow/configure': {
    flow_id: FLOW_ID,
    user_input: { accounts: [{ account_id: 'acc_checking_0000', kinds: ['current'], name: 'Checking' }] },
  },
  'flow/abort': { flow_id: FLOW_ID },
  'items/list': {},
  'items/refresh': { item_id: 'item_platypus' },
  'items/remove': { item_id: 'item_platypus' },
};

/**
 * Requests only a card of DUE_DATES_SINCE or later sends, and only to a companion
 * of that release or later (one before it refuses the key and the mode), by label.
 */
const DUE_DATES_REQUESTS: Record<string, [string, object]> = {
  'flow/start due_dates': [
    'flow/start',
    { mode: 'link', redirect_uri: 'https://ha.example/lovelace/0', link_key: LINK_KEY, due_dates: true },
  ],
  'flow/start add_due_dates': [
    'flow/start',
    {
      mode: 'add_due_dates',
      item_id: 'item_platypus',
      redirect_uri: 'https://ha.example/lovelace/0',
      link_key: LINK_KEY,
    },
  ],
};

const RESULTS: Record<string, object> = {
  ping: { version: '0.0.0-sample', items: 2 },
  'flow/start': { flow_id: FLOW_ID, step: FLOW_STEPS.external! },
  'flow/get': { flow_id: FLOW_ID, step: FLOW_STEPS.progress! },
  'flow/configure': { flow_id: FLOW_ID, step: FLOW_STEPS.create_entry! },
  'flow/abort': { flow_id: FLOW_ID, step: FLOW_STEPS.abort! },
  'items/list': {
    items: [
      {
        item_id: 'item_platypus',
        institution_id: 'ins_109508',
        institution_name: 'First Platypus Bank',
        status: 'ok',
        error: null,
        last_refreshed: '2026-12-01T08:00:00.000Z',
        entities: ['sensor.plaid_first_platypus_bank_0000_current'],
      },
    ],
  },
  'items/refresh': { refreshed: ['item_platypus'] },
  'items/remove': { item_id: 'item_platypus', removed_entities: ['sensor.plaid_first_platypus_bank_0000_current'] },
};

/** Answers only a card of DUE_DATES_SINCE or later gets: one before it refuses their keys. */
const DUE_DATES_RESULTS: Record<string, object> = {
  'items/list': {
    items: [
      {
        ...(RESULTS['items/list'] as { items: object[] }).items[0],
        due_dates: null,
        due_dates_message: null,
      },
      {
        item_id: 'item_tartan',
        institution_id: 'ins_109511',
        institution_name: 'Tartan Bank',
        status: 'ok',
        error: null,
        last_refreshed: '2026-12-01T08:00:00.000Z',
        entities: ['sensor.plaid_tartan_bank_1111_current'],
        due_dates: 'not_supported',
        due_dates_message:
          'Payment due dates are unavailable: Tartan Bank does not share them through Plaid. ' +
          'Balances are not affected.',
      },
    ],
  },
};

export interface Messages {
  requests: Record<string, object>;
  results: Record<string, object>;
  /** From 0.3.0: the answers only a card of DUE_DATES_SINCE or later gets. */
  due_dates_results?: Record<string, object>;
  error: object;
  accepted: object;
  flow_events: Record<string, object>;
}

/**
 * `release`: the card's, which a card of 0.2.0 or later adds to every request
 * but the ping (the ping's answer tells it whether the companion takes it).
 */
export function protocolMessages(code: ProtocolCode, release: string): Messages {
  const map = <T>(o: Record<string, T>, f: (k: string, v: T) => object) =>
    Object.fromEntries(Object.entries(o).map(([k, v]) => [k, f(k, v)]));
  return {
    requests: {
      ...map(REQUEST_ARGS, (action, args) =>
        action === 'ping' ? code.requestMessage(action, ID, args) : code.requestMessage(action, ID, args, release),
      ),
      ...map(DUE_DATES_REQUESTS, (_, [action, args]) => code.requestMessage(action, ID, args, release)),
    },
    results: map(RESULTS, (_, result) => code.resultMessage(ID, result)),
    due_dates_results: map(DUE_DATES_RESULTS, (_, result) => code.resultMessage(ID, result)),
    error: code.errorMessage(ID, { code: 'not_found', message: 'no item item_gone' }),
    accepted: code.acceptedMessage(ID),
    flow_events: map(FLOW_STEPS, (_, step) => code.flowEventMessage(FLOW_ID, step)),
  };
}
