/** Event types on HA's bus; the card and the companion meet only through these. */
export const REQUEST_EVENT = 'plaid_balance_request';
export const RESPONSE_EVENT = 'plaid_balance_response';
export const FLOW_EVENT = 'plaid_balance_flow';

/**
 * The companion's acknowledgement of a request, `{v, id}`, sent before any
 * work. An event type of its own, so a card of before it never sees one, and
 * a card with a companion of before it just gets results without one.
 */
export const ACCEPTED_EVENT = 'plaid_balance_accepted';

/** Bumped on any change a peer of the previous version could misread. */
export const PROTOCOL_VERSION = 1;

/**
 * Marker attribute the card uses to discover the companion's sensors. Its
 * value stays 1: the 0.1.0 card reads a balance sensor only with exactly 1
 * there, so the block grows by optional keys instead (./attributes.ts).
 */
export const SCHEMA_MARKER = 'plaid_balance';

export const ATTRIBUTION = 'Data provided by Plaid';

/**
 * Where users read about the project: HA's card editor links its help button
 * here, the MQTT device page its "Visit" link, and the add-on store its page
 * (the add-on's config.yaml and repository.yaml say the same; a test checks).
 */
export const PROJECT_URL = 'https://github.com/plaid-balance/plaid-balance';

/**
 * The card waits this long for the companion's acknowledgement (ACCEPTED_EVENT)
 * before it says the companion is not running. The companion sends it as soon
 * as it has parsed the request, before any work, so only the round trips
 * through HA count: two websocket messages each way.
 */
export const RESPONSE_TIMEOUT_MS = 5000;

/** An open dialog asks for its flow (flow/get) at least this often, so the companion knows it is still there. */
export const FLOW_POLL_MS = 10_000;

/**
 * A flow whose card has not asked about it for this long is abandoned (the
 * dialog or its tab was closed without Close). Well above FLOW_POLL_MS:
 * browsers run a hidden tab's timers as seldom as once a minute.
 */
export const FLOW_ABANDONED_AFTER_MS = 3 * 60_000;
/**
 * After the acknowledgement, how long any action may take before the card
 * gives up on it: the longest, `items/refresh`, polls every Item, and each
 * Plaid call may take the companion's Plaid timeout (30 s) plus its retries.
 */
export const ANSWER_DEADLINE_MS = 90_000;

/** An acknowledged request unanswered this long makes the dialog say that Plaid is slow to answer. */
export const SLOW_ANSWER_MS = 3000;
