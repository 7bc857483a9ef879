/** How a link flow paces itself, for the service and the `link` command alike. */

/** How often an open flow asks Plaid about its Hosted Link session. */
export const LINK_CHECK_INTERVAL_MS = 2000;
/** How long a flow waits for the user at one step before it is stopped. */
export const FLOW_IDLE_TIMEOUT_MS = 30 * 60_000;
