/**
 * What went wrong reaching a server, in words: `fetch` reports every network
 * failure as `TypeError: fetch failed` and keeps the reason in `cause.code`.
 */
export function describeNetworkError(err: unknown, url: string, timeoutMs: number): string {
  const e = err as { name?: string; code?: string; cause?: { code?: string; name?: string; message?: string } };
  const code = e.cause?.code ?? e.code;
  const host = hostOf(url);
  // The fetch standard blocks ports of other protocols (9, 25, 6000, ...) before connecting.
  if (e.cause?.message === 'bad port')
    return `blocked port: fetch never connects to ${host}, a port reserved for another protocol`;
  if (
    e.name === 'TimeoutError' ||
    e.cause?.name === 'TimeoutError' ||
    code === 'ETIMEDOUT' ||
    code === 'UND_ERR_CONNECT_TIMEOUT'
  ) {
    return `timed out: ${host} did not answer within ${Math.round(timeoutMs / 1000)} s`;
  }
  switch (code) {
    case 'ECONNREFUSED':
      return `connection refused: nothing is listening at ${host}`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `name not found: ${host.replace(/:\d+$/, '')} does not resolve to an address`;
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
      return `connection reset: ${host} closed the connection`;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `no route to ${host} from this machine`;
  }
  if (code && /CERT|TLS|SSL|EPROTO/.test(code)) {
    return `TLS failed (${code}): ${host} has no certificate this machine trusts, or does not speak https on that port`;
  }
  return `cannot connect to ${host} (${code ?? e.name ?? 'unknown error'})`;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
