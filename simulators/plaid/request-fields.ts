// Reading fields of a Plaid request body that already passed the spec's schema
// check, and writing timestamps the way Plaid does.

export type Body = Record<string, unknown>;

/** Plaid writes timestamps to the second: 2020-03-27T12:56:34Z. */
export const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

export function str(body: Body, key: string): string | undefined {
  const v = body[key];
  return typeof v === 'string' ? v : undefined;
}

export function obj(body: Body, key: string): Body | undefined {
  const v = body[key];
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Body) : undefined;
}

export function strings(value: unknown): string[] | undefined {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : undefined;
}
