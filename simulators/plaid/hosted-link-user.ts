/**
 * Plays the user on the Plaid simulator's Hosted Link page as a browser would
 * (plain HTML form posts), for the tests, the bench and `npm run demo --
 * --linked`, which complete a link without a browser.
 */

export interface HostedLinkChoice {
  /** The sandbox institution to pick; a reconnect (`update`) skips the pick. */
  institutionId?: string;
  update?: boolean;
}

async function post(url: string, path: string, fields: [string, string][]): Promise<void> {
  const res = await fetch(url + path, { method: 'POST', body: new URLSearchParams(fields), redirect: 'manual' });
  await res.arrayBuffer();
  if (res.status >= 400) throw new Error(`Hosted Link ${path}: HTTP ${res.status}`);
}

/**
 * Picks the institution and logs in, up to the account choice; `finish`
 * shares the chosen accounts (all offered ones by default) and ends the
 * session. `offered` is empty when the page asks for no choice.
 */
export async function openHostedLink(
  url: string,
  choice: HostedLinkChoice = {},
): Promise<{ offered: string[]; finish(accountIds?: string[]): Promise<void> }> {
  await (await fetch(url)).arrayBuffer();
  if (!choice.update) await post(url, '/institution', [['institution_id', choice.institutionId ?? 'ins_109508']]);
  await post(url, '/credentials', [
    ['username', 'user_good'],
    ['password', 'pass_good'],
  ]);
  const html = await (await fetch(url)).text();
  const asks = html.includes('data-step="accounts"');
  const offered = asks ? [...html.matchAll(/name="account_id" value="([^"]+)"/g)].map((m) => m[1]!) : [];
  return {
    offered,
    finish: async (accountIds = offered) => {
      if (asks)
        await post(
          url,
          '/accounts',
          accountIds.map((id) => ['account_id', id]),
        );
    },
  };
}

/** The whole page: institution, login, accounts; or `exit` on the first screen. */
export async function completeHostedLink(
  url: string,
  options: HostedLinkChoice & { exit?: boolean; accountIds?: string[] } = {},
): Promise<void> {
  if (options.exit) {
    await (await fetch(url)).arrayBuffer();
    return post(url, '/exit', []);
  }
  const page = await openHostedLink(url, options);
  await page.finish(options.accountIds);
}
