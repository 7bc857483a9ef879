import { enums, object, string } from 'superstruct';

/** What a refused request or an unusable message is answered with. */
export const ERROR_CODES = [
  'invalid_request',
  'unsupported_version',
  'unknown_action',
  'unauthorized',
  'not_found',
  'plaid_error',
  'internal_error',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ProtocolError {
  code: ErrorCode;
  message: string;
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: ProtocolError; id: string | null };

export const ProtocolErrorSchema = object({ code: enums(ERROR_CODES), message: string() });

/** Error texts echo parts of the request: cut them, so a huge value is not sent back (and recorded by HA). */
export const MAX_ERROR_MESSAGE = 300;
export function clipErrorText(text: string): string {
  return text.length > MAX_ERROR_MESSAGE ? `${text.slice(0, MAX_ERROR_MESSAGE - 1)}…` : text;
}

/** A schema's complaint as one line naming the field. */
export function describeInvalid(err: { path: (string | number)[]; message: string }): string {
  const where = err.path.length ? err.path.join('.') : 'message';
  return clipErrorText(`${where}: ${err.message}`);
}
