// Shared by the simulator's tests: a sim whose every Plaid response is checked
// against the OpenAPI spec, raw HTTP and SDK clients, and small flows.
import assert from 'node:assert/strict';
import { Configuration, PlaidApi } from 'plaid';
import { startPlaidSim, type PlaidSim, type PlaidSimOptions } from './plaid-server.js';
import { describeIssues, loadPlaidSpec } from './spec-validator.js';

export interface CheckedSim {
  sim: PlaidSim;
  /** Responses that did not match the spec, with the reason. */
  violations: string[];
  close(): Promise<void>;
}

/** Every Plaid response this sim sends, to any client, is validated; tests assert `violations` is empty. */
export async function startCheckedSim(opts: PlaidSimOptions = {}): Promise<CheckedSim> {
  const spec = loadPlaidSpec();
  const violations: string[] = [];
  const sim = await startPlaidSim({
    ...opts,
    onResponse: ({ endpoint, status, body }) => {
      const issues = spec.validateResponse(endpoint, status, body);
      if (typeof body.request_id !== 'string' || body.request_id === '')
        issues.push({ path: '/request_id', message: 'missing' });
      if (issues.length > 0) violations.push(`${endpoint} HTTP ${status}:\n${describeIssues(issues)}`);
    },
  });
  return { sim, violations, close: () => sim.close() };
}

export function assertSpecClean(checked: CheckedSim): void {
  assert.deepEqual(checked.violations, [], 'every simulator response must match the Plaid OpenAPI spec');
}

export type Auth = 'body' | 'headers' | 'none';

export interface RawResponse {
  status: number;
  body: Record<string, unknown>;
}

/** A raw POST, as curl would send it; the response is also checked against the spec here. */
export async function post(
  sim: PlaidSim,
  endpoint: string,
  payload: Record<string, unknown>,
  auth: Auth = 'body',
): Promise<RawResponse> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  let body = payload;
  if (auth === 'body') body = { client_id: sim.clientId, secret: sim.secret, ...payload };
  if (auth === 'headers') Object.assign(headers, { 'PLAID-CLIENT-ID': sim.clientId, 'PLAID-SECRET': sim.secret });
  const res = await fetch(sim.url + endpoint, { method: 'POST', headers, body: JSON.stringify(body) });
  const json = (await res.json()) as Record<string, unknown>;
  const issues = loadPlaidSpec().validateResponse(endpoint, res.status, json);
  assert.equal(issues.length, 0, `${endpoint} HTTP ${res.status} breaks the spec:\n${describeIssues(issues)}`);
  return { status: res.status, body: json };
}

export function sdkClient(sim: PlaidSim, creds: { clientId?: string; secret?: string } = {}): PlaidApi {
  return new PlaidApi(
    new Configuration({
      basePath: sim.url,
      baseOptions: {
        headers: { 'PLAID-CLIENT-ID': creds.clientId ?? sim.clientId, 'PLAID-SECRET': creds.secret ?? sim.secret },
      },
    }),
  );
}

interface AxiosLikeError {
  response?: { status: number; data: Record<string, unknown> };
  code?: string;
}

/** The HTTP status and Plaid error body of a rejected SDK call. */
export async function sdkError(call: Promise<unknown>): Promise<{ status: number; data: Record<string, unknown> }> {
  try {
    await call;
  } catch (err) {
    const response = (err as AxiosLikeError).response;
    assert.ok(response, `expected a Plaid error response, got ${String(err)}`);
    return response;
  }
  assert.fail('expected the call to fail');
}

export async function assertPlaidError(
  res: RawResponse | Promise<RawResponse>,
  status: number,
  type: string,
  code: string,
): Promise<Record<string, unknown>> {
  const { status: actual, body } = await res;
  assert.equal(actual, status, `HTTP status for ${code}: ${JSON.stringify(body)}`);
  assert.equal(body.error_type, type);
  assert.equal(body.error_code, code);
  assert.equal(body.status, status);
  for (const key of ['error_message', 'request_id', 'documentation_url']) assert.equal(typeof body[key], 'string', key);
  assert.ok('display_message' in body && 'suggested_action' in body && Array.isArray(body.causes));
  return body;
}

/** An item made the quick Sandbox way: /sandbox/public_token/create then exchange. */
export async function sandboxItem(
  sim: PlaidSim,
  institutionId = 'ins_109508',
): Promise<{ access_token: string; item_id: string }> {
  const created = await post(sim, '/sandbox/public_token/create', {
    institution_id: institutionId,
    initial_products: ['transactions'],
  });
  assert.equal(created.status, 200);
  const exchanged = await post(sim, '/item/public_token/exchange', { public_token: created.body.public_token });
  assert.equal(exchanged.status, 200);
  return { access_token: String(exchanged.body.access_token), item_id: String(exchanged.body.item_id) };
}

export const LINK_REQUEST = {
  client_name: 'Plaid Balance',
  language: 'en',
  country_codes: ['US'],
  user: { client_user_id: 'ha-user-1' },
  products: ['transactions'],
} as const;
