/**
 * What home-assistant-js-websocket rejects with, in one vocabulary for the
 * card (a localised sentence) and the companion (a log line). The library's
 * own sources (lib/connection.ts, lib/socket.ts, lib/errors.ts) reject with:
 * - HA's error object `{code: "unauthorized", message: "Unauthorized", …}` for a refused command;
 * - `{type: "result", success: false, error: {code: 3, message: "Connection lost"}}`
 *   for commands in flight when the socket closes;
 * - a bare number for its own failures: 1 cannot connect, 2 invalid auth,
 *   3 connection lost (a command sent while disconnected, or queued across a
 *   failed reconnect), 4 host required, 5 https page to http HA, 6 invalid auth callback;
 * - an `Error` for a few programming mistakes ("Pre-check failed").
 */

/** The library's numbered errors (lib/errors.ts); 4 and 5 are setup mistakes of a web page, never ours. */
const HAWS_ERRORS: Record<number, string> = {
  1: 'cannot connect to Home Assistant',
  2: 'Home Assistant refused the access token',
  3: 'connection to Home Assistant lost',
  6: 'Home Assistant refused the access token',
};

/**
 * The library's number (a bare one, or inside its own `{error: {code}}` result), HA's error code string, or undefined.
 */
export function haFailureCode(err: unknown): number | string | undefined {
  if (typeof err === 'number') return err;
  const e = err as { code?: unknown; error?: { code?: unknown } } | null;
  const code = typeof e === 'object' ? (e?.error?.code ?? e?.code) : undefined;
  return typeof code === 'number' || typeof code === 'string' ? code : undefined;
}

/** HA's (or an Error's) message; '' when the rejection carries none. */
export function haFailureMessage(err: unknown): string {
  const message = (err as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? message : typeof err === 'string' ? err : '';
}

/** One English phrase for a log line, e.g. `connection to Home Assistant lost` or `unauthorized: Unauthorized`. */
export function describeHaFailure(err: unknown): string {
  const code = haFailureCode(err);
  const message = haFailureMessage(err);
  if (typeof code === 'number') return HAWS_ERRORS[code] ?? `home-assistant-js-websocket error ${code}`;
  return code ? `${code}: ${message}` : message || 'unknown error';
}
