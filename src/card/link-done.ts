/**
 * Plaid's Hosted Link tab ends by loading the `completion_redirect_uri`: the
 * done page shipped in dist/ beside the card's files (src/card/link-done-page/).
 * HA serves those files (`/hacsfiles/<repository>/…`, `/local/…`) without a
 * login, so the page shows in a tab that holds no HA tokens: a second tab
 * of a login without "Keep me logged in", or the system browser HA's mobile
 * apps open it in. A dashboard there would show HA's login page instead.
 */
export const LINK_DONE_PAGE = 'plaid-balance-link-done.html';

/** The done page beside the card module at `moduleUrl` (its `import.meta.url`); the module's query is not kept. */
export function completionRedirect(moduleUrl: string): string {
  return new URL(LINK_DONE_PAGE, moduleUrl).href;
}
