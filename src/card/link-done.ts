/**
 * Plaid's Hosted Link tab ends by loading the `completion_redirect_uri`. It
 * points back at the dashboard the user started from (a dashboard is all HA
 * can show, and the card is on it), with this flag: a card in a page loaded
 * with it says the bank is being linked in the first tab and this one can be
 * closed, instead of offering a second, billed link.
 */
export const LINK_DONE_PARAM = 'plaid_link_done';

export function completionRedirect(dashboardUrl: string): string {
  const url = new URL(dashboardUrl);
  url.searchParams.set(LINK_DONE_PARAM, '1');
  url.hash = '';
  return url.href;
}

export function isLinkDoneTab(pageUrl: string): boolean {
  return new URL(pageUrl).searchParams.has(LINK_DONE_PARAM);
}

/** The same dashboard without the flag, for a user who stays in this tab. */
export function withoutLinkDone(pageUrl: string): string {
  const url = new URL(pageUrl);
  url.searchParams.delete(LINK_DONE_PARAM);
  return url.href;
}
