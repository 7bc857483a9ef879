import type { LinkSessionItemAddResult, LinkTokenGetSessionsResponse } from 'plaid';
import type { RequestOf } from '../../protocol/index.js';

type SessionError = NonNullable<NonNullable<LinkTokenGetSessionsResponse['exit']>['error']>;

/** What `/link/token/get` says the user did in Hosted Link, for a link or an update-mode flow. */
export type SessionsOutcome =
  | { kind: 'linked'; results: LinkSessionItemAddResult[] }
  | { kind: 'reconnected' }
  | { kind: 'exited'; error: SessionError | null }
  | { kind: 'waiting' };

export function readLinkSessions(
  mode: RequestOf<'flow/start'>['mode'],
  sessions: LinkTokenGetSessionsResponse[],
): SessionsOutcome {
  const results = sessions.flatMap((s) => s.results?.item_add_results ?? []);
  if (mode === 'link' && results.length) return { kind: 'linked', results };
  // Update mode (a reconnect, or due dates added) ends with no new Item: any finished session is its success.
  if (mode !== 'link' && sessions.some(isSuccess)) return { kind: 'reconnected' };
  const exited = sessions.find((s) => s.finished_at && (s.exit || s.on_exit) && !isSuccess(s));
  if (exited) return { kind: 'exited', error: exited.exit?.error ?? exited.on_exit?.error ?? null };
  return { kind: 'waiting' };
}

function isSuccess(s: LinkTokenGetSessionsResponse): boolean {
  return Boolean(s.on_success || s.results?.item_add_results?.length || (s.finished_at && !s.exit && !s.on_exit));
}
