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
export type HaFailure =
  | { kind: 'connection_lost' }
  | { kind: 'cannot_connect' }
  | { kind: 'invalid_auth' }
  /** HA answered the command with an error: its code (`unauthorized`, `not_found`, …) and message. */
  | { kind: 'refused'; code: string; message: string }
  | { kind: 'other'; message: string };

// home-assistant-js-websocket's lib/errors.ts
const ERR_CANNOT_CONNECT = 1;
const ERR_INVALID_AUTH = 2;
const ERR_CONNECTION_LOST = 3;
const ERR_INVALID_AUTH_CALLBACK = 6;

const BY_NUMBER: Record<number, HaFailure> = {
  [ERR_CANNOT_CONNECT]: { kind: 'cannot_connect' },
  [ERR_INVALID_AUTH]: { kind: 'invalid_auth' },
  [ERR_CONNECTION_LOST]: { kind: 'connection_lost' },
  [ERR_INVALID_AUTH_CALLBACK]: { kind: 'invalid_auth' },
};

function text(x: unknown): string {
  return typeof x === 'string' ? x : x instanceof Error ? x.message : typeof x === 'number' ? `error ${x}` : 'unknown error';
}

export function classifyHaFailure(err: unknown): HaFailure {
  if (typeof err === 'number') return BY_NUMBER[err] ?? { kind: 'other', message: `home-assistant-js-websocket error ${err}` };
  if (typeof err !== 'object' || err === null) return { kind: 'other', message: text(err) };
  if (err instanceof Error) return { kind: 'other', message: err.message };
  const o = err as { code?: unknown; message?: unknown; error?: unknown };
  // The library's own `messages.error(code, message)` result wraps its numeric codes.
  if (typeof o.error === 'object' && o.error !== null) return classifyHaFailure((o.error as { code?: unknown }).code ?? o.error);
  if (typeof o.code === 'number') return classifyHaFailure(o.code);
  if (typeof o.code === 'string') return { kind: 'refused', code: o.code, message: text(o.message) };
  return { kind: 'other', message: text(o.message) };
}

/** One English phrase for a log line, e.g. `connection to Home Assistant lost` or `unauthorized: Unauthorized`. */
export function describeHaFailure(err: unknown): string {
  const failure = classifyHaFailure(err);
  switch (failure.kind) {
    case 'connection_lost':
      return 'connection to Home Assistant lost';
    case 'cannot_connect':
      return 'cannot connect to Home Assistant';
    case 'invalid_auth':
      return 'Home Assistant refused the access token';
    case 'refused':
      return `${failure.code}: ${failure.message}`;
    case 'other':
      return failure.message;
  }
}
