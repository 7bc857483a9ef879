/** Event types on HA's bus; the card and the companion meet only through these. */
export const REQUEST_EVENT = 'plaid_balance_request';
export const RESPONSE_EVENT = 'plaid_balance_response';
export const FLOW_EVENT = 'plaid_balance_flow';

/** Bumped on any change a peer of the previous version could misread. */
export const PROTOCOL_VERSION = 1;

/** Marker attribute the card uses to discover the companion's sensors. */
export const SCHEMA_MARKER = 'plaid_balance';

export const ATTRIBUTION = 'Data provided by Plaid';

/** The card waits this long for any answer before it says the companion is not running. */
export const RESPONSE_TIMEOUT_MS = 5000;

/** An open dialog asks for its flow (flow/get) at least this often, so the companion knows it is still there. */
export const FLOW_POLL_MS = 10_000;

/**
 * A flow whose card has not asked about it for this long is abandoned (the
 * dialog or its tab was closed without Close). Well above FLOW_POLL_MS:
 * browsers run a hidden tab's timers as seldom as once a minute.
 */
export const FLOW_ABANDONED_AFTER_MS = 3 * 60_000;
